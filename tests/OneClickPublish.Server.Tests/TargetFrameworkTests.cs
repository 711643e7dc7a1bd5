using System.Net;
using System.Text;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Server:TargetFrameworks: checked at start, listed by GET /api/v1/server, enforced by the Publish stage on
/// any XIF (OCP5118, nothing stored), and asked by the client before it uploads (OCP5023; OCP5024 for an older server).
/// </summary>
[TestClass]
public sealed class TargetFrameworkTests
{
    private const string Net48 = ".NETFramework,Version=v4.8";

    [TestMethod]
    public async Task The_server_lists_its_target_frameworks_in_short_form_to_any_key()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.TargetFrameworks = [".NETFramework,Version=v4.8", "net10.0", "NET10.0"]);

        var info = await fixture.GetJsonAsync("/api/v1/server");

        Assert.AreEqual(PlatformServer.Version, info.GetProperty("version").GetString());
        CollectionAssert.AreEqual(new[] { "net48", "net10.0" }, info.GetProperty("targetFrameworks").EnumerateArray().Select(static f => f.GetString()).ToArray());
        using var anonymous = fixture.NewClient(key: null);
        using var refused = await anonymous.GetAsync(new Uri("/api/v1/server", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Unauthorized, refused.StatusCode, "like every endpoint under /api/v1");
    }

    [TestMethod]
    public async Task The_default_list_is_NET_Framework_4_7_2_and_4_8_and_NET_8_9_and_10()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = new PlatformClient(new PlatformClientOptions { Server = fixture.Server.BaseAddress.ToString(), ApiKey = fixture.Key });

        var info = await client.GetServerInfoAsync(CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "net472", "net48", "net8.0", "net9.0", "net10.0" }, info!.TargetFrameworks!.ToArray());
    }

    [TestMethod]
    public void Every_bad_value_is_one_OCP5230_naming_it_and_an_empty_list_is_one_too()
    {
        var bad = PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions { DataDirectory = "d", TargetFrameworks = ["net48", "netstandard2.0", "net9x", "uap10.0"] });
        var empty = PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions { DataDirectory = "d", TargetFrameworks = [] });

        CollectionAssert.AreEqual(new[] { "OCP5230", "OCP5230", "OCP5230" }, bad.Select(static e => e.Error.Code).ToArray(), string.Join("\n", bad));
        StringAssert.Contains(bad[0].Error.Message, "'netstandard2.0'");
        StringAssert.Contains(bad[1].Error.Message, "'net9x'");
        Assert.AreEqual("Server:TargetFrameworks", empty.Single().Key);
    }

    [TestMethod]
    public async Task A_bad_value_stops_the_server_before_it_opens_anything()
    {
        var data = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));

        var e = await Assert.ThrowsExactlyAsync<ServerConfigurationException>(() =>
            PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data, TargetFrameworks = ["netstandard2.0"] }));

        Assert.AreEqual("OCP5230", e.Diagnostics.Single().Code);
        Assert.IsFalse(Directory.Exists(data), "nothing was created");
    }

    [TestMethod]
    public async Task A_XIF_built_for_a_framework_the_server_does_not_run_fails_with_OCP5118_and_nothing_is_stored()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.TargetFrameworks = ["net10.0"]);
        var definition = Definitions.Simple("Geo", "1.0.0");
        // Multi-targeted for .NET Framework only: bin/net48/ and bin/net472/.
        var xif = new TestXif("Geo", "1.0.0", definition)
            .Add("bin/net48/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", Net48))
            .Add("bin/net472/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETFramework,Version=v4.7.2"))
            .Build();

        var result = await fixture.PublishAsync(xif);

        Assert.AreEqual("failed", result.State, result.ToString());
        var error = result.Log.Single(l => l.GetProperty("kind").GetString() == "error");
        Assert.AreEqual("OCP5118", error.GetProperty("code").GetString());
        Assert.AreEqual("'Geo' is built for net48, net472, and this server runs net10.0: none of them can run it", error.GetProperty("message").GetString());
        Assert.AreEqual(0, fixture.CountRows("versions"), "no version registered");
        Assert.IsFalse(Directory.EnumerateFiles(Path.Combine(fixture.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Any(f => !f.Contains(".pins", StringComparison.Ordinal)),
            "nothing was stored: " + string.Join(", ", fixture.SnapshotFiles()));
    }

    [TestMethod]
    public async Task For_binaries_right_in_bin_the_framework_is_the_one_of_the_assembly_that_declares_the_extension()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.TargetFrameworks = ["net8.0"]);
        var definition = Definitions.Simple("Geo", "1.0.0");
        var other = Definitions.Simple("Aaa", "1.0.0");
        // A .NET 8 dependency sorts first; the extension's own assembly says net48.
        var xif = new TestXif("Geo", "1.0.0", definition)
            .Add("bin/Aaa.dll", ExtensionAssembly.Compile(other, "Aaa", ".NETCoreApp,Version=v8.0"))
            .Add("bin/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", Net48))
            .Build();

        var result = await fixture.PublishAsync(xif);

        Assert.AreEqual("failed", result.State, result.ToString());
        CollectionAssert.AreEqual(new[] { "OCP5118" }, result.Codes("error").ToArray());
        StringAssert.Contains(result.ToString(), "built for net48");
    }

    [TestMethod]
    public async Task A_framework_the_server_runs_an_older_one_of_passes_and_so_does_a_multi_target_with_one_it_runs()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.TargetFrameworks = ["net10.0"]);
        var definition = Definitions.Simple("Geo", "1.0.0");
        var older = new TestXif("Geo", "1.0.0", definition).Add("bin/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETCoreApp,Version=v6.0")).Build();
        var multi = Definitions.Simple("Geo", "1.1.0");
        var both = new TestXif("Geo", "1.1.0", multi)
            .Add("bin/net48/Geo.dll", ExtensionAssembly.Compile(multi, "Geo", Net48))
            .Add("bin/net10.0/Geo.dll", ExtensionAssembly.Compile(multi, "Geo", ".NETCoreApp,Version=v10.0"))
            .Build();

        Assert.AreEqual("succeeded", (await fixture.PublishAsync(older)).State, "net10.0 runs a net6.0 assembly");
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(both)).State, "the host loads bin/net10.0/");
    }

    [TestMethod]
    public async Task The_client_refuses_before_creating_an_upload_naming_both_lists()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.TargetFrameworks = ["net10.0", "net9.0"]);
        using var client = new PlatformClient(new PlatformClientOptions { Server = fixture.Server.BaseAddress.ToString(), ApiKey = fixture.Key });

        var e = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => TargetFrameworkCheck.RunAsync(client, ["net48;net472", "net48"], CancellationToken.None));

        Assert.AreEqual("OCP5023", e.Diagnostic.Code);
        Assert.AreEqual(
            $"The Platform Server {fixture.Server.BaseAddress} runs net10.0, net9.0, and none of them can run the project's target framework(s) net48, net472: target one of the server's frameworks, or publish to a server that runs net48, net472",
            e.Diagnostic.Message);
        var uploads = Path.Combine(fixture.DataDirectory, "uploads");
        Assert.IsFalse(Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories).Any(), "no upload was created");
        Assert.IsNull(await TargetFrameworkCheck.RunAsync(client, ["net6.0"], CancellationToken.None), "net10.0 runs net6.0");
        Assert.IsNull(await TargetFrameworkCheck.RunAsync(client, ["net48", "net10.0"], CancellationToken.None), "one of them runs");
        Assert.IsNull(await TargetFrameworkCheck.RunAsync(client, ["netstandard2.0"], CancellationToken.None));
        Assert.IsNull(await TargetFrameworkCheck.RunAsync(client, [], CancellationToken.None), "nothing to check");
    }

    [TestMethod]
    public async Task A_server_before_the_endpoint_is_not_checked_and_the_client_says_so()
    {
        // A server of today always has the endpoint: an older one's 404 is what a fake can give.
        using var older = new NotFoundHandler();
        using var client = new PlatformClient(new PlatformClientOptions { Server = "http://older.test/", ApiKey = "ocp_0000000000000000_x", HttpMessageHandler = older });

        var notChecked = await TargetFrameworkCheck.RunAsync(client, ["net8.0"], CancellationToken.None);

        Assert.AreEqual("OCP5024", notChecked?.Code);
        Assert.AreEqual(DiagnosticSeverity.Information, notChecked!.Severity);
        StringAssert.Contains(notChecked.Message, "net8.0");
        Assert.AreEqual("/api/v1/server", older.Paths.Single());
    }

    private sealed class NotFoundHandler : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("""{"code":"OCP5125","detail":"No such endpoint"}""", Encoding.UTF8, "application/problem+json"),
            });
        }
    }
}
