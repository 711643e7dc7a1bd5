using OneClickPublish.Diagnostics;
using OneClickPublish.Frameworks;

namespace OneClickPublish.Core.Tests.Frameworks;

/// <summary>The one list of end-of-support dates, and NuGet's rule of which framework runs which.</summary>
[TestClass]
public sealed class FrameworkSupportTests
{
    private static readonly DateTime December2026 = new(2026, 12, 3);

    [TestMethod]
    [DataRow("net6.0", "2024-11-12", "net10.0")]
    [DataRow("net6.0-windows", "2024-11-12", "net10.0")]
    [DataRow("net5.0", "2022-05-10", "net10.0")]
    [DataRow("netcoreapp3.1", "2022-12-13", "net10.0")]
    [DataRow("net8.0", "2026-11-10", "net10.0")]
    [DataRow("net9.0", "2026-11-10", "net10.0")]
    [DataRow("net461", "2022-04-26", "net48")]
    [DataRow("net45", "2016-01-12", "net48")]
    public void A_framework_out_of_support_is_OCP3018_with_its_date_and_a_successor(string moniker, string ended, string successor)
    {
        var diagnostics = new DiagnosticBag();

        FrameworkSupport.CheckProjectFramework(moniker, December2026, diagnostics, SourceLocation.None);

        var warning = diagnostics.Single();
        Assert.AreEqual("OCP3018", warning.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        Assert.AreEqual($"The project targets {moniker}, whose support by Microsoft ended on {ended}: it gets no security fixes; target a supported framework such as {successor}", warning.Message);
    }

    [TestMethod]
    [DataRow("net10.0")]
    [DataRow("net11.0")]
    [DataRow("net48")]
    [DataRow("net472")]
    [DataRow("net462")]
    [DataRow("net35")]
    [DataRow("netstandard2.0")]
    [DataRow("")]
    [DataRow(null)]
    [DataRow("not a framework")]
    public void A_supported_framework_a_contract_or_no_framework_is_not_warned_about(string? moniker)
    {
        var diagnostics = new DiagnosticBag();

        FrameworkSupport.CheckProjectFramework(moniker, December2026, diagnostics, SourceLocation.None);

        Assert.AreEqual(0, diagnostics.Count(), string.Join("\n", diagnostics));
    }

    [TestMethod]
    public void The_end_day_itself_is_out_of_support_and_the_day_before_is_not()
    {
        var before = new DiagnosticBag();
        var on = new DiagnosticBag();

        FrameworkSupport.CheckProjectFramework("net8.0", new DateTime(2026, 11, 9), before, SourceLocation.None);
        FrameworkSupport.CheckProjectFramework("net8.0", new DateTime(2026, 11, 10), on, SourceLocation.None);

        Assert.AreEqual(0, before.Count());
        Assert.AreEqual("OCP3018", on.Single().Code);
    }

    [TestMethod]
    public void Every_listed_framework_is_one_NuGet_knows_and_is_listed_once()
    {
        var parsed = FrameworkSupport.EndsOfSupport.Select(static e => FrameworkSupport.Parse(e.Framework)).ToList();

        Assert.IsTrue(parsed.TrueForAll(static f => f is not null));
        Assert.AreEqual(parsed.Count, parsed.Distinct().Count());
    }

    [TestMethod]
    [DataRow("net10.0", "net6.0", true)]
    [DataRow("net10.0", "netstandard2.0", true)]
    [DataRow("net8.0", "net10.0", false)]
    [DataRow("net8.0", "net8.0-windows", false)]
    [DataRow("net48", "net472", true)]
    [DataRow("net48", "net461", true)]
    [DataRow("net472", "net48", false)]
    [DataRow("net10.0", "net48", false)]
    [DataRow("net48", "net8.0", false)]
    public void A_runtime_runs_its_own_family_up_to_its_version(string runtime, string target, bool runs)
    {
        Assert.AreEqual(runs, FrameworkSupport.CanRun(FrameworkSupport.ParseRuntime(runtime)!, FrameworkSupport.Parse(target)!));
    }

    [TestMethod]
    public void A_server_runs_NET_Framework_or_NET_never_a_contract_or_an_unknown_name()
    {
        Assert.AreEqual("net48", FrameworkSupport.ParseRuntime(".NETFramework,Version=v4.8")?.GetShortFolderName());
        Assert.IsNotNull(FrameworkSupport.ParseRuntime("netcoreapp3.1"));
        Assert.IsNull(FrameworkSupport.ParseRuntime("netstandard2.0"));
        Assert.IsNull(FrameworkSupport.ParseRuntime("uap10.0"));
        Assert.IsNull(FrameworkSupport.ParseRuntime("net9x"));
        Assert.IsNull(FrameworkSupport.ParseRuntime(" "));
    }
}
