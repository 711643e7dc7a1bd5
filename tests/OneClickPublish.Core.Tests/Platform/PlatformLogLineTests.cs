using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;

namespace OneClickPublish.Core.Tests.Platform;

[TestClass]
public sealed class PlatformLogLineTests
{
    private static PlatformLogLine Line(PlatformLogKind kind, string? code = null, string? stage = null, string? status = null, string? details = null, string? location = null, TimeSpan? duration = null) =>
        new(1, kind, stage, status, code, "the message", details, location, duration, null);

    [TestMethod]
    [DataRow("started", "OCP0001", "Deploy started")]
    [DataRow("succeeded", "OCP0002", "Deploy succeeded in 120 ms")]
    [DataRow("failed", "OCP0003", "Deploy failed after 120 ms")]
    public void Stage_lines_become_the_pipeline_stage_lines(string status, string code, string message)
    {
        var diagnostic = Line(PlatformLogKind.Stage, stage: "Deploy", status: status, duration: TimeSpan.FromMilliseconds(120)).ToDiagnostic();

        Assert.AreEqual(code, diagnostic.Code);
        Assert.AreEqual(message, diagnostic.Message);
        Assert.AreEqual(DiagnosticSeverity.Information, diagnostic.Severity);
    }

    [TestMethod]
    [DataRow(PlatformLogKind.Error, DiagnosticSeverity.Error)]
    [DataRow(PlatformLogKind.Warning, DiagnosticSeverity.Warning)]
    [DataRow(PlatformLogKind.Information, DiagnosticSeverity.Information)]
    public void Unknown_codes_keep_the_server_code_severity_message_details_and_location(PlatformLogKind kind, DiagnosticSeverity severity)
    {
        var diagnostic = Line(kind, code: "OCP5777", details: "how to fix", location: "Action SayHello › Input Name").ToDiagnostic();

        Assert.AreEqual("OCP5777", diagnostic.Code);
        Assert.AreEqual(severity, diagnostic.Severity);
        Assert.AreEqual("the message", diagnostic.Message);
        Assert.AreEqual("how to fix", diagnostic.Details);
        Assert.AreEqual("Action SayHello › Input Name", diagnostic.Location.ElementPath);
        Assert.AreEqual("docs/diagnostics/OCP5777.md", diagnostic.Descriptor.HelpLink);
    }

    [TestMethod]
    public void Known_codes_take_the_catalogue_title_but_the_server_severity_and_details()
    {
        var diagnostic = Line(PlatformLogKind.Warning, code: "OCP5004", details: "server details").ToDiagnostic();

        Assert.AreEqual(PlatformDiagnostics.ApiKeyRejected.Title, diagnostic.Descriptor.Title);
        Assert.AreEqual(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.AreEqual("server details", diagnostic.Details);
    }

    [TestMethod]
    public void Known_codes_without_details_keep_the_catalogue_details()
    {
        var diagnostic = Line(PlatformLogKind.Error, code: "OCP5004").ToDiagnostic();

        Assert.AreSame(PlatformDiagnostics.ApiKeyRejected, diagnostic.Descriptor);
    }

    [TestMethod]
    [DataRow(PlatformLogKind.Error, "OCP5022")]
    [DataRow(PlatformLogKind.Warning, "OCP5021")]
    [DataRow(PlatformLogKind.Information, "OCP5020")]
    public void Lines_without_a_code_get_the_client_fallback_code(PlatformLogKind kind, string code)
    {
        var diagnostic = Line(kind).ToDiagnostic();

        Assert.AreEqual(code, diagnostic.Code);
        Assert.AreEqual("the message", diagnostic.Message);
    }
}
