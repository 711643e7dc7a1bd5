using System.Text;
using System.Text.Json;
using OneClickPublish.Platform;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Tool.Tests.Server;

/// <summary>`oneclick server gc` as its own process on a data folder a real server published to.</summary>
[TestClass]
[TestCategory("ServerProcess")]
public sealed class ServerGcTests
{
    private string _data = null!;

    [TestInitialize]
    public void CreateData() => _data = Directory.CreateTempSubdirectory("oneclick-gc-").FullName;

    [TestCleanup]
    public void DeleteData()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>Publishes Hello 1.0.0 to 1.3.0 with a server in this process (no retention configured for it), then stops it.</summary>
    private async Task PublishFourVersionsAsync()
    {
        await using var server = await OneClickPublish.Server.PlatformServer.StartAsync(new OneClickPublish.Server.PlatformServerOptions { DataDirectory = _data });
        using var client = new PlatformClient(new PlatformClientOptions { Server = server.BaseAddress.ToString(), ApiKey = server.InitialApiKey, PollInterval = TimeSpan.FromMilliseconds(50) });
        foreach (var version in new[] { "1.0.0", "1.1.0", "1.2.0", "1.3.0" })
        {
            var xif = Path.Combine(_data, "..", $"{Path.GetFileName(_data)}-Hello.{version}.xif");
            await File.WriteAllBytesAsync(xif, new TestXif("Hello", version).Add("bin/Hello.dll", Encoding.UTF8.GetBytes("Hello " + version)).Build());
            var result = await client.PublishAsync(await client.UploadAsync(xif, null, CancellationToken.None), static _ => { }, CancellationToken.None);
            File.Delete(xif);
            Assert.IsTrue(result.Succeeded, version);
        }
    }

    private string[] Snapshot() =>
        [.. Directory.EnumerateFiles(_data, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(_data, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}").Order(StringComparer.Ordinal)];

    private static async Task<(int ExitCode, string Output, string StandardOutput)> GcAsync(params string[] arguments)
    {
        await using var gc = ServerToolProcess.Start(["gc", .. arguments]);
        var exitCode = await gc.WaitForExitAsync();
        return (exitCode, gc.Output, gc.StandardOutput);
    }

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task Gc_reads_the_server_configuration_a_dry_run_changes_nothing_and_a_run_removes_what_it_said()
    {
        await PublishFourVersionsAsync();
        File.WriteAllText(Path.Combine(_data, "appsettings.json"), """{ "Server": { "Retention": { "KeepVersions": 2, "BlobGracePeriod": "00:00:00" } } }""");
        var before = Snapshot();

        var dry = await GcAsync("--data", _data, "--dry-run");
        Assert.AreEqual(0, dry.ExitCode, dry.Output);
        CollectionAssert.AreEqual(before, Snapshot(), "a dry run changes no file (the database included)");
        var lines = dry.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        StringAssert.StartsWith(lines[0], $"Clean-up of {_data} (dry run: nothing was removed)");
        Assert.AreEqual("Versions beyond Server:Retention:KeepVersions (2), would be removed: 2", lines[1]);
        StringAssert.StartsWith(lines[2], "Hello 1.0.0  published ");
        StringAssert.StartsWith(lines[3], "Hello 1.1.0  published ");
        Assert.AreEqual("Operations: all kept (Server:Retention:OperationMaxAge is 0)", lines[4]);
        StringAssert.StartsWith(lines[5], "Blobs no version uses, would be removed: 6 of 12 (", "two versions' definition, DLL and XIF, of twelve blobs");

        var run = await GcAsync("--data", _data, "--json");
        Assert.AreEqual(0, run.ExitCode, run.Output);
        using var report = JsonDocument.Parse(run.StandardOutput);
        var root = report.RootElement;
        Assert.IsFalse(root.GetProperty("dryRun").GetBoolean());
        CollectionAssert.AreEqual(new[] { "1.0.0", "1.1.0" }, root.GetProperty("versions").EnumerateArray().Select(static v => v.GetProperty("version").GetString()).ToList());
        Assert.AreEqual(6, root.GetProperty("blobs").GetInt32());
        Assert.AreEqual(12, root.GetProperty("blobsScanned").GetInt32());
        Assert.IsFalse(Directory.Exists(Path.Combine(_data, "deployments", "Hello", "1.0.0")));
        Assert.IsTrue(Directory.Exists(Path.Combine(_data, "deployments", "Hello", "1.3.0")));

        var again = await GcAsync("--data", _data);
        Assert.AreEqual(0, again.ExitCode, again.Output);
        StringAssert.Contains(again.StandardOutput, "Versions beyond Server:Retention:KeepVersions (2), removed: 0");
        StringAssert.Contains(again.StandardOutput, "Blobs no version uses, removed: 0 of 6 (0 bytes)");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Gc_without_a_data_folder_or_with_a_bad_setting_is_one_coded_line()
    {
        var missing = await GcAsync("--data", Path.Combine(_data, "nowhere"));
        Assert.AreNotEqual(0, missing.ExitCode);
        StringAssert.Contains(missing.Output, "error OCP7017");
        Assert.IsFalse(Directory.Exists(Path.Combine(_data, "nowhere")), "gc creates no data folder");

        File.WriteAllText(Path.Combine(_data, "appsettings.json"), """{ "Server": { "Retention": { "KeepVersions": 1 } } }""");
        var bad = await GcAsync("--data", _data);
        Assert.AreEqual(3, bad.ExitCode, bad.Output);
        StringAssert.Contains(bad.Output, "error OCP5230");
        Assert.IsFalse(bad.Output.Contains("   at ", StringComparison.Ordinal), "no stack trace:\n" + bad.Output);
    }
}
