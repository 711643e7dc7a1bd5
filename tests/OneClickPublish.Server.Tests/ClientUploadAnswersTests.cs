using System.Security.Cryptography;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The Core client's upload against every answer the real server gives to one (docs/protocol.md),
/// on loopback: each answer is the server's own, brought about as it happens in use — another
/// client writing the same upload, the server's expiry sweep, its size limit, a file that changes
/// while it is sent, a network that cuts the connection, a data folder that fails. Only the faults
/// a server cannot be made to produce stay on the fake (OneClickPublish.Core.Tests, PlatformClientTests).
/// </summary>
[TestClass]
public sealed class ClientUploadAnswersTests
{
    /// <summary>The client's UploadPlan.LastPieceMaxSize (internal to Core).</summary>
    private const int LastPiece = ClientAgainstServerTests.LastPieceMaxSize;

    private readonly List<string> _files = [];
    private readonly List<Diagnostic> _log = [];

    public TestContext TestContext { get; set; } = null!;

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private (string Path, byte[] Bytes) MakeFile(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = Path.Combine(Path.GetTempPath(), $"HelloExtension.1.0.0.{Guid.NewGuid():N}.xif");
        File.WriteAllBytes(path, bytes);
        _files.Add(path);
        return (path, bytes);
    }

    private PlatformClient Client(Uri server, string key, HttpMessageHandler handler, Action<PlatformClientOptions>? configure = null)
    {
        var options = new PlatformClientOptions
        {
            Server = server.ToString(),
            ApiKey = key,
            Retries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            ChunkSize = 4096,
            Timeout = TimeSpan.FromSeconds(60),
            HttpMessageHandler = handler,
            Log = d =>
            {
                lock (_log)
                {
                    _log.Add(d);
                }
            },
        };
        configure?.Invoke(options);
        return new PlatformClient(options);
    }

    private PlatformClient Client(ServerFixture fixture, HttpMessageHandler handler, Action<PlatformClientOptions>? configure = null) =>
        Client(fixture.Server.BaseAddress, fixture.Key, handler, configure);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string UploadPath(HttpRequestMessage request) => request.RequestUri!.AbsolutePath;

    [TestMethod]
    public async Task Upload_sends_the_file_in_chunks_reports_progress_and_the_server_has_it_whole()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var recorder = new Recorder();
        using var client = Client(fixture, recorder);
        var (path, bytes) = MakeFile(10_000);
        var reports = new List<TransferProgress>();

        var id = await client.UploadAsync(path, new SyncProgress(reports), TestContext.CancellationToken);

        var state = await fixture.GetJsonAsync($"/api/v1/uploads/{id}");
        Assert.IsTrue(state.GetProperty("complete").GetBoolean());
        Assert.AreEqual(Sha(bytes), state.GetProperty("sha256").GetString());
        CollectionAssert.AreEqual(
            new[] { "POST /api/v1/uploads", $"PATCH /api/v1/uploads/{id} @0", $"PATCH /api/v1/uploads/{id} @4096", $"PATCH /api/v1/uploads/{id} @8192" },
            recorder.Requests.ToArray());
        Assert.AreEqual(new TransferProgress(10_000, 10_000), reports[^1]);
        Assert.AreEqual(0, _log.Count, "nothing retried");
    }

    [TestMethod]
    public async Task Upload_answered_409_OCP5202_by_the_server_resumes_at_the_offset_it_reports_without_waiting()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var (path, bytes) = MakeFile(10_000);
        // Another attempt (a second client) already delivered the first 6000 bytes when this PATCH arrives.
        using var recorder = new Recorder(async (number, request, ct) =>
        {
            if (number == 2)
            {
                using var other = await fixture.PatchAsync(UploadPath(request)["/api/v1/uploads/".Length..], 0, bytes.AsMemory(0, 6000));
                Assert.AreEqual(System.Net.HttpStatusCode.NoContent, other.StatusCode);
            }
        });
        using var client = Client(fixture, recorder);

        var id = await client.UploadAsync(path, null, TestContext.CancellationToken);

        Assert.AreEqual(Sha(bytes), (await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("sha256").GetString());
        CollectionAssert.AreEqual(new[] { "POST", "PATCH", "PATCH" }, recorder.Methods);
        CollectionAssert.AreEqual(new long[] { 0, 6000 }, recorder.PatchOffsets);
        Assert.AreEqual(0, _log.Count, "a 409 with the server's offset is not a failure to wait for");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Upload_refused_as_busy_OCP5205_at_its_own_offset_waits_and_tries_again()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var (path, bytes) = MakeFile(10_000);
        UploadHolder? holder = null;
        using var recorder = new Recorder(async (number, request, ct) =>
        {
            if (number == 2)
            {
                holder = await UploadHolder.HoldAsync(fixture, UploadPath(request), bytes[0], ct);
            }
        });
        // The holder lets go when the client says it waits: the retry then finds the upload free.
        using var client = Client(fixture, recorder, o =>
        {
            o.Retries = 5;
            o.Log = d =>
            {
                _log.Add(d);
                _ = holder!.ReleaseAsync();
            };
        });

        var id = await client.UploadAsync(path, null, TestContext.CancellationToken);

        Assert.AreEqual(Sha(bytes), (await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("sha256").GetString());
        // Refused at 0 with the server's offset 1 (the holder's byte): resumed there at once, refused as busy, waited.
        CollectionAssert.AreEqual(new long[] { 0, 1, 1 }, recorder.PatchOffsets.Take(3).ToArray());
        var busy = Diagnostic.Create(ServerDiagnostics.UploadBusy, SourceLocation.None, id).Message;
        StringAssert.Contains(_log[0].Message, $"HTTP 409 (OCP5205: {busy})");
        Assert.AreEqual(PlatformDiagnostics.Retrying.Code, _log[0].Code);
        await holder!.DisposeAsync();
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Upload_the_server_keeps_refusing_as_busy_fails_with_OCP5014()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var (path, bytes) = MakeFile(10_000);
        UploadHolder? holder = null;
        using var recorder = new Recorder(async (number, request, ct) =>
        {
            if (number == 2)
            {
                holder = await UploadHolder.HoldAsync(fixture, UploadPath(request), bytes[0], ct);
            }
        });
        using var client = Client(fixture, recorder);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual(PlatformDiagnostics.UploadOffsetConflict.Code, error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "offset 1 is not its offset");
        Assert.AreEqual(path, error.Diagnostic.Location.File);
        // The PATCH at 0, then one at 1 and its three retries, each refused by the real server.
        CollectionAssert.AreEqual(new long[] { 0, 1, 1, 1, 1 }, recorder.PatchOffsets);
        Assert.AreEqual(3, _log.Count);
        await holder!.DisposeAsync();
    }

    [TestMethod]
    public async Task Upload_the_server_swept_away_OCP5108_starts_a_new_upload_at_once()
    {
        // The server's own expiry: an upload untouched for longer than UploadExpiry goes at the next clean-up.
        await using var fixture = await ServerFixture.StartAsync(o => o.UploadExpiry = TimeSpan.FromMilliseconds(1));
        var (path, bytes) = MakeFile(6000);
        using var recorder = new Recorder(async (number, _, ct) =>
        {
            if (number == 3)
            {
                await Task.Delay(50, ct);
                await fixture.Server.CleanUpAsync(ct);
            }
        });
        using var client = Client(fixture, recorder);

        var id = await client.UploadAsync(path, null, TestContext.CancellationToken);

        var first = recorder.Requests[1].Split(' ')[1];
        Assert.AreNotEqual($"/api/v1/uploads/{id}", first, "a new upload");
        Assert.AreEqual(Sha(bytes), (await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("sha256").GetString());
        using var gone = await fixture.Client.GetAsync(first);
        Assert.AreEqual(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        StringAssert.Contains(await gone.Content.ReadAsStringAsync(), ServerDiagnostics.UploadNotFound.Code);
        CollectionAssert.AreEqual(new[] { "POST", "PATCH", "PATCH", "POST", "PATCH", "PATCH" }, recorder.Methods.Take(6).ToArray());
        Assert.AreEqual(0, _log.Count, "a lost upload is created again at once, without a wait");
    }

    [TestMethod]
    public async Task Upload_over_the_server_limit_fails_with_OCP5013_and_the_server_s_words()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.MaxUploadBytes = 50);
        using var recorder = new Recorder();
        using var client = Client(fixture, recorder);
        var (path, _) = MakeFile(100);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual(PlatformDiagnostics.UploadTooLarge.Code, error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "is 100 bytes, over the upload limit");
        var server = Diagnostic.Create(ServerDiagnostics.UploadTooLarge, SourceLocation.None, 100, 50).Message;
        StringAssert.Contains(error.Message, $"(server: OCP5200 {server})");
        CollectionAssert.AreEqual(new[] { "POST" }, recorder.Methods);
    }

    [TestMethod]
    public async Task Upload_of_a_file_that_changed_while_it_was_sent_fails_with_OCP5012()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var (path, _) = MakeFile((3 * LastPiece) + 1000);
        // The first PATCH's chunk is hashed as it is handed over; the connection drops after 300 KiB,
        // and the file changes beyond them before the client resumes: it sends the new bytes, whose
        // place in its hash the old ones already took. The server's check finds it.
        using var dropping = new DropPatch(dropAfter: 300 * 1024, whileDropped: () =>
        {
            using var file = File.OpenWrite(path);
            file.Seek(400 * 1024, SeekOrigin.Begin);
            file.Write(new byte[1000]);
            return Task.CompletedTask;
        });
        using var client = Client(fixture, dropping, o => o.ChunkSize = LastPiece);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual(PlatformDiagnostics.HashMismatch.Code, error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "(server: OCP5201 The uploaded file's SHA-256 is ");
        StringAssert.Contains(error.Message, "; the upload was discarded)");
        Assert.AreEqual(path, error.Diagnostic.Location.File);
        Assert.AreEqual(300L * 1024, dropping.HeadOffsets.Single());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Upload_over_a_network_that_cuts_the_connection_once_resumes_from_what_the_server_kept()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var network = new CuttingRelay(fixture.Server.BaseAddress, cutAfter: 256 * 1024, cuts: 1);
        using var recorder = new Recorder();
        using var client = Client(network.Address, fixture.Key, recorder, o => (o.ChunkSize, o.RetryDelay) = (64 * 1024 * 1024, 5 * CuttingRelay.ServerNoticesAfter));
        var (path, bytes) = MakeFile(4 * LastPiece);

        var id = await client.UploadAsync(path, null, TestContext.CancellationToken);

        Assert.AreEqual(1, network.Cuts);
        Assert.AreEqual(Sha(bytes), (await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("sha256").GetString());
        CollectionAssert.AreEqual(new[] { "POST", "PATCH", "HEAD" }, recorder.Methods.Take(3).ToArray());
        var resumedAt = recorder.PatchOffsets[1];
        Assert.IsTrue(resumedAt is > 0 and < 256 * 1024, $"resumed at {resumedAt}: from what the server kept, not from 0 nor beyond what it got");
        Assert.AreEqual(bytes.Length - LastPiece, recorder.PatchOffsets[^1], "the last MiB on its own, with the hash");
        Assert.AreEqual(PlatformDiagnostics.Retrying.Code, _log.Single().Code);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Upload_whose_connection_is_cut_every_time_fails_with_OCP5017_after_the_retries()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var network = new CuttingRelay(fixture.Server.BaseAddress, cutAfter: 64 * 1024, cuts: int.MaxValue);
        using var recorder = new Recorder();
        using var client = Client(network.Address, fixture.Key, recorder, o => (o.ChunkSize, o.RetryDelay) = (LastPiece, 5 * CuttingRelay.ServerNoticesAfter));
        var (path, _) = MakeFile(4 * LastPiece);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual(PlatformDiagnostics.ConnectionLost.Code, error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "was lost 4 times in a row");
        Assert.AreEqual(4, network.Cuts);
        Assert.AreEqual(4, recorder.Methods.Count(static m => m == "PATCH"));
        Assert.AreEqual(3, _log.Count, "a warning per retry");
    }

    [TestMethod]
    public async Task Upload_answered_500_by_a_server_whose_data_folder_fails_fails_with_OCP5007_after_the_retries()
    {
        await using var fixture = await ServerFixture.StartAsync();
        // The uploads folder becomes a file: the server cannot create an upload, a fault of its own (500 OCP5122).
        var uploads = Path.Combine(fixture.DataDirectory, "uploads");
        Directory.Delete(uploads, recursive: true);
        await File.WriteAllTextAsync(uploads, "not a folder", TestContext.CancellationToken);
        using var recorder = new Recorder();
        using var client = Client(fixture, recorder, o => o.Retries = 2);
        var (path, _) = MakeFile(100);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual(PlatformDiagnostics.ServerFault.Code, error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "answered HTTP 500 after 3 attempts: OCP5122: The server failed unexpectedly (request ");
        StringAssert.Contains(error.Message, "what is in parentheses. Check the server's log");
        CollectionAssert.AreEqual(new[] { "POST", "POST", "POST" }, recorder.Methods);
        Assert.AreEqual(2, _log.Count);
        File.Delete(uploads);
    }

    /// <summary>Reports synchronously, unlike Progress&lt;T&gt;, so the test sees every report in order.</summary>
    private sealed class SyncProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Add(value);
    }
}
