using System.Text;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The Core client against the real server's refusals and failed publishes, on loopback: keys that
/// are missing, rejected or too low, a publish refused while another runs, a publish that fails.
/// Each error carries the client's code where it says what to set (OCP5003–OCP5005), else the
/// server's own code and words, with the catalogue's details; none is retried.
/// </summary>
[TestClass]
public sealed class ClientRefusalTests
{
    private readonly List<Diagnostic> _log = [];

    public TestContext TestContext { get; set; } = null!;

    private PlatformClient Client(ServerFixture fixture, string? key, HttpMessageHandler handler) =>
        new(new PlatformClientOptions
        {
            Server = fixture.Server.BaseAddress.ToString(),
            ApiKey = key,
            Retries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromSeconds(60),
            HttpMessageHandler = handler,
            Log = _log.Add,
        });

    private static string WriteXif(TestXif xif)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{xif.Name}.{xif.Version}.{Guid.NewGuid():N}.xif");
        File.WriteAllBytes(path, xif.Build());
        return path;
    }

    [TestMethod]
    public async Task Rejected_key_fails_with_OCP5004_with_the_server_s_code_never_shows_the_key_and_is_not_retried()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var recorder = new Recorder();
        using var client = Client(fixture, "ocp_0000000000000000_wrong-secret-key-123", recorder);
        var path = WriteXif(new TestXif("Hello", "1.0.0"));
        try
        {
            var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.UploadAsync(path, null, TestContext.CancellationToken));

            Assert.AreEqual(PlatformDiagnostics.ApiKeyRejected.Code, error.Diagnostic.Code);
            StringAssert.Contains(error.Message, fixture.Server.BaseAddress.ToString());
            StringAssert.Contains(error.Message, $"(server: OCP5101 {ServerDiagnostics.ApiKeyInvalid.MessageFormat})");
            StringAssert.Contains(error.Diagnostic.Details, "ONECLICK_API_KEY");
            Assert.IsFalse(error.ToString().Contains("wrong-secret-key-123", StringComparison.Ordinal));
            CollectionAssert.AreEqual(new[] { "POST" }, recorder.Methods);
            Assert.AreEqual(0, _log.Count, "a rejected key is not retried");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task Key_without_the_scope_fails_with_OCP5005_and_the_server_s_words()
    {
        await using var fixture = await ServerFixture.StartAsync();
        string reader;
        using (var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory))
        {
            reader = (await keys.CreateAsync("reader", ApiKeyScope.Read, TestContext.CancellationToken)).Key;
        }

        using var recorder = new Recorder();
        using var client = Client(fixture, reader, recorder);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.RollbackAsync("HelloExtension", "1.0.0", TestContext.CancellationToken));

        Assert.AreEqual(PlatformDiagnostics.ApiKeyForbidden.Code, error.Diagnostic.Code);
        var server = Diagnostic.Create(ServerDiagnostics.ApiKeyScopeTooLow, SourceLocation.None, "reader", "read", "publish").Message;
        StringAssert.Contains(error.Message, $"(server: OCP5102 {server})");
        Assert.AreEqual(1, recorder.Requests.Count);
    }

    [TestMethod]
    public async Task Missing_key_fails_with_OCP5003_before_any_request_but_health_needs_none()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var recorder = new Recorder();
        using var client = Client(fixture, "  ", recorder);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.GetExtensionsAsync(TestContext.CancellationToken));
        var health = await client.HealthAsync(TestContext.CancellationToken);

        Assert.AreEqual(PlatformDiagnostics.ApiKeyMissing.Code, error.Diagnostic.Code);
        StringAssert.Contains(error.Diagnostic.Details, "ONECLICK_API_KEY");
        StringAssert.Contains(error.Diagnostic.Details, "OneClickPublishApiKey");
        Assert.AreEqual(new HealthInfo("ok", PlatformServer.Version), health);
        CollectionAssert.AreEqual(new[] { "GET /health" }, recorder.Requests.ToArray());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Publish_refused_while_another_runs_relays_OCP5103_with_the_server_s_detail_and_the_catalogue_s_details()
    {
        var hold = new PublishHold("Held");
        await using var fixture = await ServerFixture.StartAsync(hold.Configure);
        await hold.StartAsync(fixture);
        using var recorder = new Recorder();
        using var client = Client(fixture, fixture.Key, recorder);
        var path = WriteXif(new TestXif("Held", "1.1.0").Add("bin/Held.dll", Encoding.UTF8.GetBytes("other")));
        try
        {
            var uploadId = await client.UploadAsync(path, null, TestContext.CancellationToken);

            var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.PublishAsync(uploadId, _ => { }, TestContext.CancellationToken));

            Assert.AreEqual(ServerDiagnostics.PublishAlreadyRunning.Code, error.Diagnostic.Code);
            Assert.AreEqual(DiagnosticSeverity.Error, error.Diagnostic.Severity);
            StringAssert.StartsWith(error.Diagnostic.Message, "Another publish of 'Held' is already running (operation ");
            Assert.AreEqual(ServerDiagnostics.PublishAlreadyRunning.Details, error.Diagnostic.Details, "what to do comes from the client's catalogue");
            Assert.AreEqual(1, recorder.Requests.Count(static r => r == "POST /api/v1/publish"), "a refused publish is not sent again");
            Assert.AreEqual(0, _log.Count);
        }
        finally
        {
            hold.Release();
            File.Delete(path);
        }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Publish_that_fails_returns_Failed_with_the_server_s_error_lines_relayed()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var recorder = new Recorder();
        using var client = Client(fixture, fixture.Key, recorder);
        var path = WriteXif(new TestXif("Broken", "1.0.0").AddWithWrongHash("bin/Broken.dll", Encoding.UTF8.GetBytes("not what the manifest says")));
        var lines = new List<PlatformLogLine>();
        try
        {
            var result = await client.PublishAsync(await client.UploadAsync(path, null, TestContext.CancellationToken), lines.Add, TestContext.CancellationToken);

            Assert.AreEqual(PublishState.Failed, result.State);
            Assert.IsFalse(result.Succeeded);
            var error = lines.First(static l => l.Kind == PlatformLogKind.Error).ToDiagnostic();
            Assert.AreEqual(XifDiagnostics.HashMismatch.Code, error.Code, string.Join(Environment.NewLine, lines));
            Assert.AreEqual(DiagnosticSeverity.Error, error.Severity);
            Assert.IsFalse(string.IsNullOrEmpty(error.Details));
            Assert.AreEqual("Publish failed", $"{lines[^1].Stage} {lines[^1].Status}");
            Assert.IsFalse(lines.Exists(static l => l.Code == PlatformDiagnostics.PublishFailedWithoutError.Code), "the server said why");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
