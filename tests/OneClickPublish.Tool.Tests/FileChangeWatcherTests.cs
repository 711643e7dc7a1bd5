using OneClickPublish.Tool.Window;

namespace OneClickPublish.Tool.Tests;

[TestClass]
public sealed class FileChangeWatcherTests
{
    [TestMethod]
    [DataRow("extension.xml", false)]
    [DataRow("HelloExtensionActions.cs", false)]
    [DataRow("Resources/logo.png", false)]
    [DataRow("obj/Debug/net10.0/OneClickPublish/generated/IHello.g.cs", true)]
    [DataRow("bin/Debug/net10.0/Hello.dll", true)]
    [DataRow(".oneclick/backups/HelloExtensionActions.20261124.cs", true)]
    [DataRow(".git/index", true)]
    [DataRow("HelloExtensionActions.cs~", true)]
    [DataRow(".HelloExtensionActions.cs.swp", true)]
    public void Build_output_tool_data_and_editor_files_are_not_changes(string relative, bool ignored) =>
        Assert.AreEqual(ignored, FileChangeWatcher.IsIgnored("/src/Hello", Path.Combine("/src/Hello", relative)));

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task A_saved_file_is_reported_once_changes_settle()
    {
        var folder = Directory.CreateTempSubdirectory("oneclick-watch-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "obj"));
            using var watcher = new FileChangeWatcher(folder, TimeSpan.FromMilliseconds(100));
            await File.WriteAllTextAsync(Path.Combine(folder, "obj", "ignored.cs"), "x");
            await File.WriteAllTextAsync(Path.Combine(folder, "extension.xml"), "<Extension />");

            var changed = await watcher.NextChangeAsync(CancellationToken.None);

            Assert.AreEqual("extension.xml", changed);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
