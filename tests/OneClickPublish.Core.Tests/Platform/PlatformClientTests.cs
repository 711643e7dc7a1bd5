using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;

namespace OneClickPublish.Core.Tests.Platform;

/// <summary>
/// The client against <see cref="FakePlatformServer"/>, for what a real server cannot be made to do:
/// connections cut part way through a body at a byte the test chooses, answers that break the
/// protocol (a 2xx without Upload-Offset, malformed JSON: OCP5016), a proxy's 5xx and 4xx with their
/// Retry-After, an older server's bodies and operations, answers that never come, and the exact
/// waits between retries. Every answer a real server gives is tested against the real one, in
/// OneClickPublish.Server.Tests (ClientUploadAnswersTests, ClientRefusalTests,
/// ClientAgainstServerTests); FakeServerParityTests there holds the fake to the server's answers.
/// </summary>
[TestClass]
public sealed class PlatformClientTests
{
    private readonly List<TimeSpan> _delays = [];
    private readonly List<Diagnostic> _log = [];
    private string _tempDir = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Initialize()
    {
        _tempDir = Path.Combine(Path.GetTempPath(), "ocp-client-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_tempDir);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_tempDir, recursive: true);

    private PlatformClient Client(FakePlatformServer server, Action<PlatformClientOptions>? configure = null)
    {
        var options = new PlatformClientOptions
        {
            Server = "http://platform.test:5080",
            ApiKey = FakePlatformServer.Key,
            Retries = 3,
            RetryDelay = TimeSpan.FromSeconds(1),
            PollInterval = TimeSpan.FromMilliseconds(500),
            ChunkSize = 4096,
            HttpMessageHandler = server,
            Jitter = new FixedRandom(0), // no jitter: the waits are the plain doubling delays
            Log = _log.Add,
        };
        configure?.Invoke(options);
        var client = new PlatformClient(options);
        client.Delay = (delay, ct) =>
        {
            _delays.Add(delay);
            ct.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        };
        return client;
    }

    private (string Path, byte[] Bytes) MakeFile(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = Path.Combine(_tempDir, "HelloExtension.1.0.0.xif");
        File.WriteAllBytes(path, bytes);
        return (path, bytes);
    }

    private static readonly string RestartingMessage = Diagnostic.Create(ServerDiagnostics.InternalError, SourceLocation.None, "the server is restarting").Message;

    /// <summary>
    /// The 503 of a proxy while the server behind it restarts (the real server answers no 503 of its
    /// own), in the server's words as in ClientAgainstServerTests' UnavailableOnce.
    /// </summary>
    private static HttpResponseMessage Restarting() =>
        FakePlatformServer.Error(HttpStatusCode.ServiceUnavailable, ServerDiagnostics.InternalError, "the server is restarting");

    private static async Task<DiagnosticException> ThrowsDiagnosticAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DiagnosticException e)
        {
            return e;
        }

        Assert.Fail("expected a DiagnosticException");
        return null!;
    }

    [TestMethod]
    public async Task Upload_after_a_dropped_connection_resumes_from_the_server_offset_without_resending_a_byte()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server, o => o.ChunkSize = 8192);
        var (path, bytes) = MakeFile(20_000);
        server.DropPatchAfter.Enqueue(3000);       // first PATCH: 3000 of 8192 bytes reach the disk
        server.DropPatchAfter.Enqueue(long.MaxValue);
        server.DropPatchAfter.Enqueue(100);        // third PATCH: 100 bytes, then the connection drops again

        var id = await client.UploadAsync(path, null, TestContext.CancellationToken);

        CollectionAssert.AreEqual(bytes, server.Uploads[id].Data.ToArray());
        Assert.IsTrue(server.ReceiveCounts[id].All(count => count == 1), "a byte the server had was sent again");
        Assert.AreEqual(0, server.OffsetMismatches);
        CollectionAssert.AreEqual(
            new[]
            {
                "POST /api/v1/uploads",
                $"PATCH /api/v1/uploads/{id} @0",
                $"HEAD /api/v1/uploads/{id}",
                $"PATCH /api/v1/uploads/{id} @3000",
                $"PATCH /api/v1/uploads/{id} @11192",
                $"HEAD /api/v1/uploads/{id}",
                $"PATCH /api/v1/uploads/{id} @11292",
                $"PATCH /api/v1/uploads/{id} @19484",
            },
            server.Requests);
        // The failure count starts again after progress, so both waits are the first retry delay.
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }, _delays);
    }

    [TestMethod]
    public async Task Upload_acknowledged_without_an_offset_asks_the_server_for_it()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server, o => o.ChunkSize = 100_000);
        var (path, bytes) = MakeFile(10_000);
        server.Intercept = (number, request) => number == 2 ? new HttpResponseMessage(HttpStatusCode.OK) : null;

        var id = await client.UploadAsync(path, null, TestContext.CancellationToken);

        CollectionAssert.AreEqual(bytes, server.Uploads[id].Data.ToArray());
        CollectionAssert.AreEqual(new[] { "POST", "PATCH", "HEAD", "PATCH" }, server.Requests.Select(r => r.Split(' ')[0]).ToArray());
    }

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task Upload_a_server_keeps_forgetting_after_acknowledging_without_an_offset_is_re_created_once_then_refused()
    {
        // No real server answers a PATCH 2xx without its offset: a fake is the only way to produce it.
        using var server = new FakePlatformServer();
        using var client = Client(server, o => o.ChunkSize = 100_000);
        var (path, _) = MakeFile(10_000);
        server.Intercept = (number, request) =>
            request.Method == HttpMethod.Patch ? new HttpResponseMessage(HttpStatusCode.OK)
            : request.Method == HttpMethod.Head ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : null;

        var error = await ThrowsDiagnosticAsync(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual("OCP5016", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "no longer knew the upload");
        CollectionAssert.AreEqual(new[] { "POST", "PATCH", "HEAD", "POST", "PATCH", "HEAD" }, server.Requests.Select(r => r.Split(' ')[0]).ToArray());
    }

    [TestMethod]
    public async Task Upload_the_server_claims_beyond_the_length_is_a_malformed_answer()
    {
        // OCP5016 stays on the fake: the real server always sends a well-formed Upload-Offset within the length.
        using var server = new FakePlatformServer();
        using var client = Client(server, o => o.ChunkSize = 100_000);
        var (path, _) = MakeFile(100);
        server.Intercept = (number, request) =>
        {
            if (number != 2)
            {
                return null;
            }

            var wrong = new HttpResponseMessage(HttpStatusCode.NoContent);
            wrong.Headers.Add("Upload-Offset", "5000");
            return wrong;
        };

        var error = await ThrowsDiagnosticAsync(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual("OCP5016", error.Diagnostic.Code);
    }

    [TestMethod]
    public async Task Upload_retries_5xx_with_a_doubling_delay_and_asks_the_offset_before_resuming()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server);
        var (path, bytes) = MakeFile(5000);
        server.Intercept = (number, request) =>
            request.Method == HttpMethod.Patch && number is 2 or 4
                ? Restarting()
                : null;

        var id = await client.UploadAsync(path, null, TestContext.CancellationToken);

        CollectionAssert.AreEqual(bytes, server.Uploads[id].Data.ToArray());
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, _delays);
        CollectionAssert.AreEqual(
            new[] { "POST", "PATCH", "HEAD", "PATCH", "HEAD", "PATCH", "PATCH" },
            server.Requests.Select(r => r.Split(' ')[0]).ToArray());
    }

    [TestMethod]
    public async Task Every_retry_is_logged_as_a_warning_with_its_reason_and_wait()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server, o => o.Jitter = new FixedRandom(0.5));
        var (path, _) = MakeFile(5000);
        server.Intercept = (number, request) =>
            request.Method == HttpMethod.Patch && number is 2 or 4
                ? Restarting()
                : null;

        await client.UploadAsync(path, null, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.5) }, _delays, "jittered by a quarter");
        CollectionAssert.AreEqual(
            new[]
            {
                $"Retrying the upload of 'HelloExtension.1.0.0.xif' in 750 ms (attempt 2 of 4): HTTP 503 (OCP5122: {RestartingMessage})",
                $"Retrying the upload of 'HelloExtension.1.0.0.xif' in 1.5 s (attempt 3 of 4): HTTP 503 (OCP5122: {RestartingMessage})",
            },
            _log.Select(static d => d.Message).ToArray());
        Assert.IsTrue(_log.All(static d => d.Code == PlatformDiagnostics.Retrying.Code && d.Severity == DiagnosticSeverity.Warning));
    }

    // The real server's own 4xx (coded) are sent once in ClientRefusalTests; these two statuses come
    // from a proxy or a gateway in front of it (the server answers no 429, and its 408 only to a body
    // too slow), with a Retry-After that must not tempt the client either.
    [TestMethod]
    [DataRow(HttpStatusCode.RequestTimeout)]
    [DataRow(HttpStatusCode.TooManyRequests)]
    public async Task A_4xx_of_a_proxy_is_never_retried(HttpStatusCode status)
    {
        using var server = new FakePlatformServer();
        using var client = Client(server);
        server.Intercept = (_, _) =>
        {
            var refused = new HttpResponseMessage(status) { Content = new StringContent("Slow down") };
            refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return refused;
        };

        var error = await ThrowsDiagnosticAsync(() => client.GetExtensionsAsync(TestContext.CancellationToken));

        Assert.AreEqual(PlatformDiagnostics.UnexpectedResponse.Code, error.Diagnostic.Code);
        Assert.AreEqual(1, server.Requests.Count);
        Assert.AreEqual(0, _delays.Count);
        Assert.AreEqual(0, _log.Count, "no retry, so no retry warning");
    }

    [TestMethod]
    public async Task Upload_honours_a_longer_Retry_After_and_caps_the_doubling_at_the_maximum()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server, o => { o.MaxRetryDelay = TimeSpan.FromSeconds(3); o.Retries = 5; });
        var (path, _) = MakeFile(100);
        server.Intercept = (number, request) =>
        {
            if (request.Method != HttpMethod.Patch || number > 8)
            {
                return null;
            }

            var busy = Restarting();
            if (number == 2)
            {
                busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(10));
            }

            return busy;
        };

        await client.UploadAsync(path, null, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) }, _delays);
    }

    [TestMethod]
    public async Task Connection_dropping_on_every_attempt_fails_with_connection_lost_after_the_retries()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server, o => o.Retries = 2);
        var (path, _) = MakeFile(10_000);
        for (var i = 0; i < 10; i++)
        {
            server.DropPatchAfter.Enqueue(10);
        }

        var error = await ThrowsDiagnosticAsync(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual("OCP5017", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "3 times");
        Assert.AreEqual(3, server.Requests.Count(r => r.StartsWith("PATCH", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Upload_of_a_missing_file_fails_with_OCP5011_before_any_request()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server);

        var error = await ThrowsDiagnosticAsync(() => client.UploadAsync(Path.Combine(_tempDir, "nope.xif"), null, TestContext.CancellationToken));

        Assert.AreEqual("OCP5011", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "does not exist");
        Assert.AreEqual(0, server.Requests.Count);
    }

    [TestMethod]
    public async Task Upload_of_an_Integration_Studio_xif_fails_with_OCP4027_before_any_request()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server);
        var path = Path.Combine(_tempDir, "Geo.xif");
        using (var file = File.Create(path))
        using (var zlib = new System.IO.Compression.ZLibStream(file, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            zlib.Write("<?xml version=\"1.0\"?><Extension Name=\"Geo\" />"u8);
        }

        var error = await ThrowsDiagnosticAsync(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual("OCP4027", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "oneclick import");
        Assert.AreEqual(0, server.Requests.Count);
    }

    [TestMethod]
    [DataRow(null, "OCP5001")]
    [DataRow("", "OCP5001")]
    [DataRow("platform.test:5080", "OCP5002")]
    [DataRow("ftp://platform.test/", "OCP5002")]
    [DataRow("not a url", "OCP5002")]
    public void Missing_or_invalid_server_fails_with_a_coded_error(string? server, string code)
    {
        var error = Assert.ThrowsExactly<DiagnosticException>(() => new PlatformClient(new PlatformClientOptions { Server = server, ApiKey = "k" }));

        Assert.AreEqual(code, error.Diagnostic.Code);
        StringAssert.Contains(error.Diagnostic.Details, "OneClickPublishServer");
    }

    [TestMethod]
    public void Explicit_key_wins_over_the_environment_which_wins_over_nothing()
    {
        var saved = Environment.GetEnvironmentVariable(PlatformClientOptions.ApiKeyEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(PlatformClientOptions.ApiKeyEnvironmentVariable, "from-env");
            Assert.AreEqual("explicit", PlatformClientOptions.ResolveApiKey("explicit"));
            Assert.AreEqual("from-env", PlatformClientOptions.ResolveApiKey(" "));
            Environment.SetEnvironmentVariable(PlatformClientOptions.ApiKeyEnvironmentVariable, null);
            Assert.IsNull(PlatformClientOptions.ResolveApiKey(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlatformClientOptions.ApiKeyEnvironmentVariable, saved);
        }
    }

    [TestMethod]
    public void Server_with_a_path_keeps_it_as_the_base()
    {
        using var client = new PlatformClient(new PlatformClientOptions { Server = "https://host.test/platform" });

        Assert.AreEqual(new Uri("https://host.test/platform/"), client.Server);
    }

    [TestMethod]
    public async Task An_older_server_s_code_message_and_details_body_is_still_read()
    {
        using var server = new FakePlatformServer
        {
            Intercept = (_, request) => request.RequestUri!.AbsolutePath == "/api/v1/publish"
                ? FakePlatformServer.Json(HttpStatusCode.Conflict, new System.Text.Json.Nodes.JsonObject { ["code"] = "OCP5103", ["message"] = "Already running.", ["details"] = "Wait for it to end." })
                : null,
        };
        using var client = Client(server);

        var error = await ThrowsDiagnosticAsync(() => client.PublishAsync("u1", _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("OCP5103", error.Diagnostic.Code);
        Assert.AreEqual("Already running.", error.Diagnostic.Message);
        Assert.AreEqual("Wait for it to end.", error.Diagnostic.Details);
    }

    [TestMethod]
    public async Task Error_without_a_coded_body_is_reported_as_an_unexpected_answer()
    {
        using var server = new FakePlatformServer
        {
            Intercept = (_, _) => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("<html>nginx says no</html>") },
        };
        using var client = Client(server);

        var error = await ThrowsDiagnosticAsync(() => client.GetExtensionsAsync(TestContext.CancellationToken));

        Assert.AreEqual("OCP5010", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "HTTP 400");
        StringAssert.Contains(error.Message, "nginx says no");
    }

    [TestMethod]
    public async Task Publish_relays_each_log_line_once_in_order_reading_from_where_it_left_off()
    {
        // The lines of a server before long polls, in the server's words (its catalogue).
        var addition = Diagnostic.Create(ServerDiagnostics.AdditionWithoutMinorBump, SourceLocation.None, "Action SayHello was added", "1.0.0", "1.1.0");
        var activated = Diagnostic.Create(ServerDiagnostics.VersionActivated, SourceLocation.None, "HelloExtension", "1.0.0", "/data/deployments/HelloExtension/1.0.0", string.Empty);
        using var server = new FakePlatformServer();
        server.OperationScript.Add(("running", [FakePlatformServer.Line("stage", "Publish", "started"), FakePlatformServer.Line("warning", code: addition.Code, message: addition.Message)]));
        server.OperationScript.Add(("running", []));
        server.OperationScript.Add(("running", [FakePlatformServer.Line("stage", "Publish", "succeeded", durationMs: 120), FakePlatformServer.Line("stage", "Deploy", "started")]));
        server.OperationScript.Add(("succeeded", [FakePlatformServer.Line("information", code: activated.Code, message: activated.Message), FakePlatformServer.Line("stage", "Deploy", "succeeded", durationMs: 40)]));
        using var client = Client(server);
        var lines = new List<PlatformLogLine>();

        var result = await client.PublishAsync("u1", lines.Add, TestContext.CancellationToken);

        Assert.AreEqual(new PublishResult("op1", PublishState.Succeeded, "HelloExtension", "1.0.0", "/data/deployments/HelloExtension/1.0.0"), result);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5, 6 }, lines.Select(l => l.Sequence).ToArray());
        CollectionAssert.AreEqual(new long[] { 0, 2, 2, 4 }, server.AfterValues);
        Assert.AreEqual(PlatformLogKind.Warning, lines[1].Kind);
        Assert.AreEqual(addition.Code, lines[1].Code);
        Assert.AreEqual(TimeSpan.FromMilliseconds(120), lines[2].Duration);
        Assert.AreEqual("succeeded", lines[2].Status);
        // Only the answer with nothing new came back without waiting (the fake does not long-poll), and only
        // it is followed by a wait; Retry-After (1 s) is longer than the poll interval (0.5 s), so it sets the pace.
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(1) }, _delays);
    }

    [TestMethod]
    public async Task Publish_relays_a_line_once_even_when_the_server_repeats_it()
    {
        using var server = new FakePlatformServer { IgnoreAfter = true, PublishRetryAfterSeconds = null };
        server.OperationScript.Add(("running", [FakePlatformServer.Line("stage", "Publish", "started")]));
        server.OperationScript.Add(("running", []));
        server.OperationScript.Add(("running", [FakePlatformServer.Line("stage", "Publish", "succeeded")]));
        server.OperationScript.Add(("succeeded", []));
        using var client = Client(server);
        var lines = new List<PlatformLogLine>();

        await client.PublishAsync("u1", lines.Add, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new long[] { 1, 2 }, lines.Select(l => l.Sequence).ToArray());
        // The second answer repeats line 1 only: nothing new, so it is paced (a repeated line is no progress),
        // and without Retry-After the poll interval sets the pace.
        CollectionAssert.AreEqual(new[] { TimeSpan.FromMilliseconds(500) }, _delays);
    }

    [TestMethod]
    public async Task Publish_follows_the_Location_header_with_a_long_poll_from_the_first_request()
    {
        using var server = new FakePlatformServer { PublishLocation = "/elsewhere/op-77", PublishRetryAfterSeconds = 3 };
        server.OperationScript.Add(("succeeded", []));
        using var client = Client(server);

        await client.PublishAsync("u1", _ => { }, TestContext.CancellationToken);

        Assert.AreEqual("GET /elsewhere/op-77?after=0&wait=30", server.Requests[^1]);
        Assert.AreEqual(0, _delays.Count, "no wait on the 202's Retry-After: the first status request goes at once and the server waits");
    }

    [TestMethod]
    public async Task Publish_against_a_server_that_ignores_wait_is_paced_by_its_Retry_After()
    {
        // The fake answers at once whatever ?wait= says, as a server from before long polls does.
        using var server = new FakePlatformServer { PublishRetryAfterSeconds = 3 };
        server.OperationScript.Add(("running", [FakePlatformServer.Line("stage", "Publish", "started")]));
        server.OperationScript.Add(("running", []));
        server.OperationScript.Add(("running", []));
        server.OperationScript.Add(("succeeded", [FakePlatformServer.Line("stage", "Publish", "succeeded")]));
        using var client = Client(server);
        var lines = new List<PlatformLogLine>();

        await client.PublishAsync("u1", lines.Add, TestContext.CancellationToken);

        Assert.AreEqual(2, lines.Count);
        Assert.IsTrue(server.Requests.Where(static r => r.StartsWith("GET /api/v1/operations/", StringComparison.Ordinal)).All(static r => r.EndsWith("&wait=30", StringComparison.Ordinal)),
            string.Join(", ", server.Requests));
        // After a line: at once. After an answer with nothing new that did not wait: the Retry-After, so the client does not spin.
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) }, _delays);
    }

    [TestMethod]
    public async Task Publish_that_fails_without_an_error_line_gets_one_so_the_build_fails_with_a_code()
    {
        using var server = new FakePlatformServer();
        server.OperationScript.Add(("failed", [FakePlatformServer.Line("stage", "Publish", "failed")]));
        using var client = Client(server);
        var lines = new List<PlatformLogLine>();

        var result = await client.PublishAsync("u1", lines.Add, TestContext.CancellationToken);

        Assert.AreEqual(PublishState.Failed, result.State);
        Assert.AreEqual("OCP5015", lines[^1].Code);
        Assert.AreEqual(DiagnosticSeverity.Error, lines[^1].ToDiagnostic().Severity);
        StringAssert.Contains(lines[^1].Message, "op1");
    }

    [TestMethod]
    public async Task Publish_not_finished_within_the_timeout_fails_with_OCP5008_naming_the_property()
    {
        using var server = new FakePlatformServer { HangOnOperation = true };
        server.OperationScript.Add(("running", []));
        using var client = Client(server, o => o.Timeout = TimeSpan.FromMilliseconds(300));

        var error = await ThrowsDiagnosticAsync(() => client.PublishAsync("u1", _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("OCP5008", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "OneClickPublishTimeout");
        StringAssert.Contains(error.Diagnostic.Details, "OneClickPublishTimeout");
    }

    [TestMethod]
    public async Task Cancelling_a_publish_fails_with_OCP5009()
    {
        using var server = new FakePlatformServer { HangOnOperation = true };
        server.OperationScript.Add(("running", []));
        using var client = Client(server);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await ThrowsDiagnosticAsync(() => client.PublishAsync("u1", _ => { }, cancellation.Token));

        Assert.AreEqual("OCP5009", error.Diagnostic.Code);
        Assert.IsInstanceOfType<OperationCanceledException>(error.InnerException);
    }

    [TestMethod]
    public async Task Cancelling_an_upload_stops_it_with_OCP5009()
    {
        using var server = new FakePlatformServer();
        using var client = Client(server, o => o.ChunkSize = 1000);
        var (path, _) = MakeFile(10_000);
        using var cancellation = new CancellationTokenSource();
        var progress = new SyncProgress([], p =>
        {
            if (p.BytesTransferred >= 3000)
            {
                cancellation.Cancel();
            }
        });

        var error = await ThrowsDiagnosticAsync(() => client.UploadAsync(path, progress, cancellation.Token));

        Assert.AreEqual("OCP5009", error.Diagnostic.Code);
        Assert.IsTrue(server.Requests.Count(r => r.StartsWith("PATCH", StringComparison.Ordinal)) <= 4);
    }

    [TestMethod]
    public async Task Publish_dropped_after_it_was_sent_is_not_sent_again()
    {
        using var server = new FakePlatformServer
        {
            Intercept = (_, request) => request.RequestUri!.AbsolutePath == "/api/v1/publish"
                ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")
                : null,
        };
        using var client = Client(server);

        var error = await ThrowsDiagnosticAsync(() => client.PublishAsync("u1", _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("OCP5017", error.Diagnostic.Code);
        Assert.AreEqual(1, server.Requests.Count);
    }

    [TestMethod]
    public async Task Publish_that_could_not_connect_is_retried()
    {
        using var server = new FakePlatformServer();
        server.OperationScript.Add(("succeeded", []));
        server.Intercept = (number, _) => number == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (platform.test:5080)")
            : null;
        using var client = Client(server);

        var result = await client.PublishAsync("u1", _ => { }, TestContext.CancellationToken);

        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual(2, server.Requests.Count(r => r == "POST /api/v1/publish"));
    }

    [TestMethod]
    public async Task Server_that_refuses_connections_fails_with_OCP5006_naming_the_url()
    {
        // A real socket: a loopback port that was free a moment ago and has no listener.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var warnings = new List<Diagnostic>();
        var options = new PlatformClientOptions { Server = $"http://127.0.0.1:{port}", ApiKey = "k", Retries = 2, RetryDelay = TimeSpan.FromMilliseconds(10), Log = warnings.Add };
        using var client = new PlatformClient(options);

        var error = await ThrowsDiagnosticAsync(() => client.GetExtensionsAsync(TestContext.CancellationToken));

        Assert.AreEqual("OCP5006", error.Diagnostic.Code);
        // Before the error, a warning per retry says why the client is still waiting.
        Assert.AreEqual(2, warnings.Count);
        StringAssert.StartsWith(warnings[0].Message, "Retrying listing the extensions in ");
        StringAssert.Contains(warnings[0].Message, "(attempt 2 of 3): Connection refused");
        StringAssert.Contains(warnings[1].Message, "(attempt 3 of 3)");
        StringAssert.Contains(error.Message, $"http://127.0.0.1:{port}/");
        StringAssert.Contains(error.Diagnostic.Details, "OneClickPublishServer");
    }

    [TestMethod]
    public async Task Malformed_json_is_reported_as_OCP5016()
    {
        // The real server's bodies are serialised from the same records the client reads: only a fake breaks them.
        using var server = new FakePlatformServer
        {
            OtherEndpoints = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") },
        };
        using var client = Client(server);

        var error = await ThrowsDiagnosticAsync(() => client.GetExtensionsAsync(TestContext.CancellationToken));

        Assert.AreEqual("OCP5016", error.Diagnostic.Code);
    }

    /// <summary>Reports synchronously, unlike Progress&lt;T&gt;, so the test sees every report in order.</summary>
    private sealed class SyncProgress(List<TransferProgress> reports, Action<TransferProgress>? also = null) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            reports.Add(value);
            also?.Invoke(value);
        }
    }
}
