using System.Net;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The Platform client (OneClickPublish.Core's PlatformClient, what the Upload and Publish tasks and
/// the oneclick tool use) against the real PlatformServer on loopback: both sides of docs/protocol.md.
/// </summary>
[TestClass]
public sealed class ClientAgainstServerTests
{
    /// <summary>The client's UploadPlan.LastPieceMaxSize (internal to Core): the last piece of a file goes in a PATCH of its own.</summary>
    internal const int LastPieceMaxSize = 1024 * 1024;

    private readonly List<string> _files = [];

    public TestContext TestContext { get; set; } = null!;

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private string WriteXif(string name, string version, int padding = 0)
    {
        var xif = new TestXif(name, version);
        if (padding > 0)
        {
            var bytes = new byte[padding];
            new Random(padding).NextBytes(bytes);
            xif.Add("bin/Payload.dll", bytes);
        }

        var path = Path.Combine(Path.GetTempPath(), $"{name}.{version}.{Guid.NewGuid():N}.xif");
        File.WriteAllBytes(path, xif.Build());
        _files.Add(path);
        return path;
    }

    private static PlatformClient Client(ServerFixture fixture, string? key = null, HttpMessageHandler? handler = null, Action<Diagnostic>? log = null) =>
        new(new PlatformClientOptions
        {
            Server = fixture.Server.BaseAddress.ToString(),
            ApiKey = key ?? fixture.Key,
            Retries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromSeconds(60),
            HttpMessageHandler = handler,
            Log = log,
        });

    [TestMethod]
    public async Task Upload_publish_list_and_rollback_with_the_client()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = Client(fixture);
        var ct = TestContext.CancellationToken;

        var health = await client.HealthAsync(ct);
        var lines = new List<PlatformLogLine>();
        var first = await client.PublishAsync(await client.UploadAsync(WriteXif("HelloClient", "1.0.0"), null, ct), lines.Add, ct);
        var second = await client.PublishAsync(await client.UploadAsync(WriteXif("HelloClient", "1.1.0"), null, ct), _ => { }, ct);
        var rolledBack = await client.RollbackAsync("HelloClient", "1.0.0", ct);
        var all = await client.GetExtensionsAsync(ct);
        var history = await client.GetHistoryAsync("HelloClient", ct);

        Assert.AreEqual("ok", health.Status);
        Assert.IsTrue(first.Succeeded, string.Join(Environment.NewLine, lines));
        Assert.AreEqual("HelloClient", first.Extension);
        Assert.AreEqual("1.0.0", first.Version);
        Assert.IsTrue(Directory.Exists(first.DeploymentPath), first.DeploymentPath);
        Assert.IsTrue(second.Succeeded);
        // Every line once, in order, with the stages started and ended.
        CollectionAssert.AreEqual(lines.Select(l => l.Sequence).Order().ToArray(), lines.Select(l => l.Sequence).ToArray());
        Assert.AreEqual(lines.Count, lines.Select(l => l.Sequence).Distinct().Count());
        var stageLines = lines.Where(l => l.IsStageLine).Select(l => $"{l.Stage} {l.Status}").ToList();
        CollectionAssert.IsSubsetOf(new[] { "Publish started", "Publish succeeded", "Deploy started", "Deploy succeeded" }, stageLines);
        Assert.IsFalse(lines.Any(l => l.Kind == PlatformLogKind.Error));
        Assert.AreEqual("1.0.0", rolledBack.ActiveVersion);
        Assert.AreEqual("1.0.0", all.Single(e => e.Name == "HelloClient").ActiveVersion);
        CollectionAssert.AreEquivalent(new[] { "1.0.0", "1.1.0" }, all.Single(e => e.Name == "HelloClient").Versions.ToArray());
        Assert.IsTrue(history.Any(h => h.Action == "rollback" && h.Version == "1.0.0"), string.Join(", ", history));
    }

    [TestMethod]
    public async Task Interrupted_upload_resumes_from_the_server_offset_and_publishes()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var dropping = new DropPatch(dropAfter: 3 * 1024 * 1024);
        using var client = Client(fixture, handler: dropping);
        var path = WriteXif("Resumed", "1.0.0", padding: 8 * 1024 * 1024);
        var length = new FileInfo(path).Length;
        var ct = TestContext.CancellationToken;

        var uploadId = await client.UploadAsync(path, null, ct);
        var result = await client.PublishAsync(uploadId, _ => { }, ct);

        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual(1, dropping.HeadOffsets.Count, "the client asks the server's offset once after the drop");
        var resumedAt = dropping.HeadOffsets[0];
        // The last MiB goes on its own PATCH, whose Upload-SHA256 the client must know before sending it.
        CollectionAssert.AreEqual(new[] { 0L, resumedAt, length - LastPieceMaxSize }, dropping.PatchOffsets.ToArray(), "the client resumes where the server is");
        // Nothing the server had is sent again: only bytes between what it kept and the drop go twice.
        Assert.AreEqual(length - resumedAt, dropping.BytesSentAfterResume);
        dropping.Dispose();
    }

    [TestMethod]
    public async Task Publishing_the_same_bytes_again_succeeds_with_the_server_information_line()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = Client(fixture);
        var path = WriteXif("Twice", "1.0.0");
        var ct = TestContext.CancellationToken;
        await client.PublishAsync(await client.UploadAsync(path, null, ct), _ => { }, ct);
        var lines = new List<PlatformLogLine>();

        var again = await client.PublishAsync(await client.UploadAsync(path, null, ct), lines.Add, ct);

        Assert.IsTrue(again.Succeeded);
        Assert.IsTrue(lines.Any(l => l.Code == "OCP5110"), string.Join(Environment.NewLine, lines));
        Assert.AreEqual(DiagnosticSeverity.Information, lines.First(l => l.Code == "OCP5110").ToDiagnostic().Severity);
    }

    [TestMethod]
    public async Task Same_version_with_other_bytes_is_refused_with_the_server_code()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = Client(fixture);
        var ct = TestContext.CancellationToken;
        await client.PublishAsync(await client.UploadAsync(WriteXif("Immutable", "1.0.0"), null, ct), _ => { }, ct);
        var otherBytes = await client.UploadAsync(WriteXif("Immutable", "1.0.0", padding: 100), null, ct);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.PublishAsync(otherBytes, _ => { }, ct));

        Assert.AreEqual("OCP5104", error.Diagnostic.Code);
        Assert.IsFalse(string.IsNullOrEmpty(error.Diagnostic.Details));
    }

    [TestMethod]
    public async Task Wrong_key_and_stopped_server_give_distinct_coded_errors()
    {
        var fixture = await ServerFixture.StartAsync();
        var ct = TestContext.CancellationToken;
        var address = fixture.Server.BaseAddress.ToString();
        using var wrongKey = Client(fixture, key: "not-a-key-of-this-server");
        var rejected = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => wrongKey.GetExtensionsAsync(ct));
        await fixture.DisposeAsync();
        using var down = new PlatformClient(new PlatformClientOptions { Server = address, ApiKey = "k", Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });

        var unreachable = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => down.GetExtensionsAsync(ct));

        Assert.AreEqual("OCP5004", rejected.Diagnostic.Code);
        Assert.IsFalse(rejected.Message.Contains("not-a-key-of-this-server", StringComparison.Ordinal));
        Assert.AreEqual("OCP5006", unreachable.Diagnostic.Code);
        StringAssert.Contains(unreachable.Message, address);
    }

    [TestMethod]
    public async Task An_upload_answered_503_is_retried_with_a_warning_and_then_published()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var unavailable = new UnavailableOnce(static r => r.Method == HttpMethod.Patch, retryAfter: TimeSpan.FromMilliseconds(300));
        var warnings = new List<Diagnostic>();
        using var client = Client(fixture, handler: unavailable, log: warnings.Add);
        var ct = TestContext.CancellationToken;

        var uploadId = await client.UploadAsync(WriteXif("Unavailable", "1.0.0"), null, ct);
        var result = await client.PublishAsync(uploadId, _ => { }, ct);

        Assert.IsTrue(result.Succeeded);
        var warning = warnings.Single();
        Assert.AreEqual((PlatformDiagnostics.Retrying.Code, DiagnosticSeverity.Warning), (warning.Code, warning.Severity));
        StringAssert.Matches(warning.Message, new System.Text.RegularExpressions.Regex(
            @"^Retrying the upload of 'Unavailable\.1\.0\.0\.[0-9a-f]+\.xif' in 300 ms \(attempt 2 of 4\): HTTP 503 \(OCP5122: The server failed unexpectedly \(the server is restarting\); nothing was changed"));
        // The retry asked the real server where to go on, then sent the file: the 503 changed nothing there.
        CollectionAssert.AreEqual(
            new[] { "POST", "PATCH", "HEAD", "PATCH" },
            unavailable.Requests.TakeWhile(static r => !r.EndsWith("/publish", StringComparison.Ordinal)).Select(static r => r.Split(' ')[0]).ToArray());
    }

    [TestMethod]
    public async Task A_4xx_of_the_real_server_is_not_retried()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var counting = new UnavailableOnce(static _ => false, TimeSpan.Zero);
        var warnings = new List<Diagnostic>();
        using var wrongKey = Client(fixture, key: "ocp_0000000000000000_wrong", handler: counting, log: warnings.Add);
        using var client = Client(fixture, handler: counting, log: warnings.Add);
        var ct = TestContext.CancellationToken;

        var rejected = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => wrongKey.GetExtensionsAsync(ct));
        var unknown = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.GetExtensionAsync("NoSuchExtension", ct));
        var invalid = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.GetHistoryAsync("9lives", ct));

        Assert.AreEqual("OCP5004", rejected.Diagnostic.Code);
        Assert.AreEqual(ServerDiagnostics.ExtensionNotFound.Code, unknown.Diagnostic.Code);
        Assert.AreEqual(ServerDiagnostics.InvalidExtensionName.Code, invalid.Diagnostic.Code);
        Assert.AreEqual("'9lives' is not a valid extension name", invalid.Diagnostic.Message);
        CollectionAssert.AreEqual(
            new[] { "GET /api/v1/extensions", "GET /api/v1/extensions/NoSuchExtension", "GET /api/v1/extensions/9lives/history" },
            counting.Requests,
            "each sent once");
        Assert.AreEqual(0, warnings.Count);
    }
}
