namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// Target frameworks through a real `dotnet build` with the packed package: a framework out of Microsoft's
/// support is warned about by the Compile step (OCP3018), and a server that does not run the project's
/// framework is refused before a byte is uploaded (OCP5023).
/// </summary>
[TestClass]
public sealed class TargetFrameworkBuildTests
{
    [TestMethod]
    public void A_framework_out_of_support_is_warned_about_for_itself_only_and_the_build_goes_on()
    {
        // .NET Framework 4.6.1 left support on 2022-04-26 and 4.8 has none of its own: a date that does not move with the clock.
        var sample = SampleProject.Legacy("Legacy461", project => project.Replace(
            "<TargetFramework>net48</TargetFramework>", "<TargetFrameworks>net461;net48</TargetFrameworks>", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        var warnings = SampleProject.Diagnostics(result).Where(static d => d.Code == "OCP3018").Select(static d => (d.Severity, d.Message)).Distinct().ToList();
        Assert.AreEqual(1, warnings.Count, "the inner build of net461 only\n" + result);
        Assert.AreEqual("warning", warnings[0].Severity);
        // MSBuild names the inner build after the message: [Legacy461.csproj::TargetFramework=net461].
        StringAssert.StartsWith(warnings[0].Message, "The project targets net461, whose support by Microsoft ended on 2022-04-26: it gets no security fixes; target a supported framework such as net48 [", result.ToString());
        StringAssert.Contains(warnings[0].Message, "TargetFramework=net461]");
    }

    /// <summary>A server that runs .NET 10 only, shared by the publishes of this class.</summary>
    private static readonly Lazy<ServerProcess> Net10Server = new(() => ServerProcess.StartAsync(
        new Dictionary<string, string> { ["ONECLICK_Server__TargetFrameworks__0"] = "net10.0" }).GetAwaiter().GetResult());

    [ClassCleanup]
    public static void StopServer()
    {
        if (Net10Server.IsValueCreated)
        {
            Net10Server.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [TestMethod]
    public void A_publish_to_a_server_that_does_not_run_the_project_s_framework_is_refused_before_anything_is_uploaded()
    {
        var server = Net10Server.Value;
        var sample = SampleProject.Legacy("LegacyRefused", static project => project);

        var result = SharedServer.Publish(sample, server);

        Assert.IsFalse(result.Succeeded, result.ToString());
        var errors = SampleProject.Diagnostics(result).Where(static d => d.Severity == "error").Select(static d => (d.Code, d.Message)).Distinct().ToList();
        Assert.AreEqual(1, errors.Count, result.ToString());
        Assert.AreEqual("OCP5023", errors[0].Code);
        Assert.AreEqual(
            $"The Platform Server {server.Url}/ runs net10.0, and none of them can run the project's target framework(s) net48: target one of the server's frameworks, or publish to a server that runs net48",
            errors[0].Message);
        StringAssert.Contains(result.Output, "OCP0002: Save succeeded", "the XIF was saved");
        Assert.IsFalse(result.Output.Contains("Upload succeeded", StringComparison.Ordinal), result.ToString());
        var uploads = Path.Combine(server.DataDirectory, "uploads");
        Assert.IsFalse(Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories).Any(), "nothing was uploaded");
    }

    [TestMethod]
    public void A_target_framework_alias_is_judged_by_its_moniker()
    {
        var server = Net10Server.Value;
        // TargetFramework may be any name when the identifier and version are set; the moniker says what it is.
        var sample = SampleProject.Legacy("LegacyAlias", static project => project.Replace("<TargetFramework>net48</TargetFramework>",
            "<TargetFramework>legacy</TargetFramework><TargetFrameworkIdentifier>.NETFramework</TargetFrameworkIdentifier><TargetFrameworkVersion>v4.8</TargetFrameworkVersion>",
            StringComparison.Ordinal));

        var result = SharedServer.Publish(sample, server);

        Assert.IsFalse(result.Succeeded, result.ToString());
        var error = SampleProject.Diagnostics(result).First(static d => d.Severity == "error");
        Assert.AreEqual("OCP5023", error.Code, result.ToString());
        StringAssert.Contains(error.Message, "target framework(s) net48:");
    }
}
