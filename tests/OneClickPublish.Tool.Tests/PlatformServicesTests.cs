using System.Text.Json;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Cli;

namespace OneClickPublish.Tool.Tests;

/// <summary>The server side of the tool against a real in-process Platform Server on a temp data folder.</summary>
[TestClass]
public sealed class PlatformServicesTests
{
    private string _data = null!;
    private readonly PlatformServices _services = new();

    [TestInitialize]
    public void CreateData() => _data = Path.Combine(Directory.CreateTempSubdirectory("oneclick-platform-").FullName, "server");

    private ServerTarget Local => new(null, _data);

    [TestCleanup]
    public void DeleteData() => Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);

    [TestMethod]
    public async Task Keys_are_created_shown_once_listed_without_the_key_and_revoked()
    {
        using var created = new StringWriter();
        Assert.AreEqual(0, await _services.CreateKeyAsync(Local, "ci", "read", null, created, CancellationToken.None));
        var key = created.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        StringAssert.StartsWith(key, "ocp_");

        using var listed = new StringWriter();
        Assert.AreEqual(0, await _services.ListKeysAsync(Local, json: true, listed, CancellationToken.None));
        Assert.IsFalse(listed.ToString().Contains(key, StringComparison.Ordinal), "the list never shows a key");
        var ci = JsonDocument.Parse(listed.ToString()).RootElement.EnumerateArray().Single(static k => k.GetProperty("name").GetString() == "ci");
        Assert.AreEqual("read", ci.GetProperty("scope").GetString());

        Assert.AreEqual(0, await _services.RevokeKeyAsync(Local, "ci", TextWriter.Null, CancellationToken.None));
        var missing = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => _services.RevokeKeyAsync(Local, "nope", TextWriter.Null, CancellationToken.None));
        Assert.AreEqual(ToolDiagnostics.KeyNotFound.Code, missing.Diagnostic.Code);
    }

    [TestMethod]
    public async Task The_embedded_server_listens_on_loopback_and_every_start_uses_a_key_revoked_after_the_run()
    {
        string firstKey;
        await using (var first = await _services.StartEmbeddedAsync(_data, CancellationToken.None))
        {
            Assert.IsTrue(first.Endpoint.Url.IsLoopback);
            Assert.IsNotNull(first.InitialApiKey, "the first start makes the first key and shows it");
            firstKey = first.Endpoint.ApiKey;
            Assert.AreNotEqual(first.InitialApiKey, firstKey, "the key the user keeps never reaches a build (nor its binary log)");
            Assert.IsNull(await first.LatestDeploymentAsync(CancellationToken.None), "nothing published yet");
        }

        await using (var second = await _services.StartEmbeddedAsync(_data, CancellationToken.None))
        {
            Assert.IsNull(second.InitialApiKey);
            Assert.AreNotEqual(firstKey, second.Endpoint.ApiKey);
        }

        using var listed = new StringWriter();
        await _services.ListKeysAsync(Local, json: true, listed, CancellationToken.None);
        var runKeys = JsonDocument.Parse(listed.ToString()).RootElement.EnumerateArray().Where(static k => k.GetProperty("name").GetString() != "initial").ToList();
        Assert.AreEqual(2, runKeys.Count, "a key for each run, the first start's included");
        Assert.IsTrue(runKeys.All(static k => k.GetProperty("revokedAt").ValueKind == JsonValueKind.String), "the run's key is revoked when the run ends");
    }

    [TestMethod]
    public async Task After_the_embedded_server_and_its_run_key_are_done_no_handle_on_the_data_folder_s_database_stays_open()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("open files are counted through /proc/self/fd");
        }

        await (await _services.StartEmbeddedAsync(_data, CancellationToken.None)).DisposeAsync();
        await (await _services.StartEmbeddedAsync(_data, CancellationToken.None)).DisposeAsync();

        var database = Path.GetFullPath(Path.Combine(_data, "metadata.db"));
        var open = Directory.EnumerateFiles("/proc/self/fd")
            .Select(static fd => { try { return new FileInfo(fd).LinkTarget; } catch (IOException) { return null; } })
            .Where(target => target is not null && target.StartsWith(database, StringComparison.Ordinal))
            .ToList();
        Assert.AreEqual(0, open.Count, "still open: " + string.Join(", ", open));
    }

    [TestMethod]
    public async Task Status_of_the_local_data_lists_the_extensions_and_needs_the_folder()
    {
        await (await _services.StartEmbeddedAsync(_data, CancellationToken.None)).DisposeAsync();
        using var output = new StringWriter();

        Assert.AreEqual(0, await _services.StatusAsync(new ServerTarget(null, _data), null, json: true, output, CancellationToken.None));
        Assert.AreEqual(0, JsonDocument.Parse(output.ToString()).RootElement.GetArrayLength());

        var missing = await Assert.ThrowsExactlyAsync<DiagnosticException>(() =>
            _services.StatusAsync(new ServerTarget(null, _data + "-nowhere"), null, json: false, TextWriter.Null, CancellationToken.None));
        Assert.AreEqual(ToolDiagnostics.NoLocalServer.Code, missing.Diagnostic.Code);
    }
}
