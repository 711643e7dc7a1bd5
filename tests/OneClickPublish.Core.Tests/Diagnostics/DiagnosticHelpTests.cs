using OneClickPublish.Diagnostics;

namespace OneClickPublish.Core.Tests.Diagnostics;

[TestClass]
public sealed class DiagnosticHelpTests
{
    [TestMethod]
    public void A_link_base_with_a_placeholder_takes_the_code_in_its_place()
    {
        Assert.AreEqual("https://docs.test/c/OCP1001.html", DiagnosticHelp.LinkFor("OCP1001", "https://docs.test/c/{0}.html", "/pkg/docs/diagnostics"));
    }

    [TestMethod]
    public void A_link_base_without_a_placeholder_gets_the_page_name_appended_with_one_separator()
    {
        Assert.AreEqual("https://docs.test/d/OCP1001.md", DiagnosticHelp.LinkFor("OCP1001", "https://docs.test/d", null));
        Assert.AreEqual("https://docs.test/d/OCP1001.md", DiagnosticHelp.LinkFor("OCP1001", "https://docs.test/d/", null));
    }

    [TestMethod]
    public void Without_a_base_the_shipped_page_and_else_the_repository_path()
    {
        Assert.AreEqual(Path.Combine("/pkg/docs/diagnostics", "OCP1001.md"), DiagnosticHelp.LinkFor("OCP1001", "  ", "/pkg/docs/diagnostics"));
        Assert.AreEqual("docs/diagnostics/OCP1001.md", DiagnosticHelp.LinkFor("OCP1001", null, null));
    }

    [TestMethod]
    public void Shipped_pages_are_found_beside_a_tool_or_two_folders_above_a_task_assembly()
    {
        var root = Path.Combine(Path.GetTempPath(), "help-" + Guid.NewGuid().ToString("N"));
        try
        {
            var tasks = Directory.CreateDirectory(Path.Combine(root, "package", "tasks", "net8.0")).FullName;
            Assert.IsNull(DiagnosticHelp.FindShippedPages(tasks));
            var pages = Directory.CreateDirectory(Path.Combine(root, "package", "docs", "diagnostics")).FullName;
            Assert.AreEqual(pages, DiagnosticHelp.FindShippedPages(tasks));

            var tool = Directory.CreateDirectory(Path.Combine(root, "tool")).FullName;
            var toolPages = Directory.CreateDirectory(Path.Combine(tool, "docs", "diagnostics")).FullName;
            Assert.AreEqual(toolPages, DiagnosticHelp.FindShippedPages(tool));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
