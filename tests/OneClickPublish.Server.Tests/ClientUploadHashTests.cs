using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Api;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The Core client against the real server, on loopback, for uploads whose SHA-256 the client computes
/// while it sends (docs/protocol.md, Upload-SHA256): the server checks the hash over what it received,
/// so an upload that completes proves the client's hash was of exactly those bytes.
/// </summary>
[TestClass]
public sealed class ClientUploadHashTests
{
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

    private string WriteXif(string name, string version, int padding)
    {
        var bytes = new byte[padding];
        new Random(padding).NextBytes(bytes);
        var path = Path.Combine(Path.GetTempPath(), $"{name}.{version}.{Guid.NewGuid():N}.xif");
        File.WriteAllBytes(path, new TestXif(name, version).Add("bin/Payload.dll", bytes).Build());
        _files.Add(path);
        return path;
    }

    private static string ShaOf(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static PlatformClient Client(ServerFixture fixture, HttpMessageHandler handler, int chunkSize = 64 * 1024 * 1024) =>
        new(new PlatformClientOptions
        {
            Server = fixture.Server.BaseAddress.ToString(),
            ApiKey = fixture.Key,
            ChunkSize = chunkSize,
            Retries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromSeconds(60),
            HttpMessageHandler = handler,
        });

    [TestMethod]
    public async Task The_client_creates_without_a_hash_and_the_server_checks_the_one_computed_while_sending()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var creates = new CreatesSeen(refuseWithoutHash: false);
        using var client = Client(fixture, creates);
        var path = WriteXif("HashedWhileSent", "1.0.0", padding: 3 * 1024 * 1024);
        var length = new FileInfo(path).Length;
        var ct = TestContext.CancellationToken;

        var uploadId = await client.UploadAsync(path, null, ct);

        CollectionAssert.AreEqual(new string?[] { null }, creates.Sha256s, "created without its hash");
        CollectionAssert.AreEqual(new[] { 0L, length - ClientAgainstServerTests.LastPieceMaxSize }, creates.PatchOffsets);
        CollectionAssert.AreEqual(new[] { null, ShaOf(path) }, creates.PatchSha256s, "the hash goes with the last byte only");
        var state = await fixture.GetJsonAsync($"/api/v1/uploads/{uploadId}");
        Assert.IsTrue(state.GetProperty("complete").GetBoolean());
        Assert.AreEqual(ShaOf(path), state.GetProperty("sha256").GetString());
        Assert.IsTrue((await client.PublishAsync(uploadId, _ => { }, ct)).Succeeded);
    }

    [TestMethod]
    public async Task A_connection_dropped_mid_chunk_resumes_and_the_bytes_sent_twice_are_hashed_once()
    {
        await using var fixture = await ServerFixture.StartAsync();
        // The dropped PATCH's whole chunk was hashed as it was handed over; the server kept 300 KiB of it.
        using var dropping = new DropPatch(dropAfter: 300 * 1024);
        using var client = Client(fixture, dropping, chunkSize: 1024 * 1024);
        var path = WriteXif("DroppedMidChunk", "1.0.0", padding: 3 * 1024 * 1024);
        var ct = TestContext.CancellationToken;

        var uploadId = await client.UploadAsync(path, null, ct);

        var resumedAt = dropping.HeadOffsets.Single();
        Assert.AreEqual(300L * 1024, resumedAt);
        CollectionAssert.AreEqual(new long[] { 0, resumedAt, resumedAt + (1024 * 1024) }, dropping.PatchOffsets.Take(3).ToArray());
        Assert.AreEqual(ShaOf(path), dropping.PatchSha256s[^1]);
        Assert.AreEqual(ShaOf(path), (await fixture.GetJsonAsync($"/api/v1/uploads/{uploadId}")).GetProperty("sha256").GetString());
    }

    [TestMethod]
    public async Task A_connection_dropped_during_the_last_PATCH_resumes_with_the_same_hash()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var dropping = new DropPatch(dropAfter: 300 * 1024, DropPatch.LastOne);
        using var client = Client(fixture, dropping);
        var path = WriteXif("DroppedAtTheEnd", "1.0.0", padding: 2 * 1024 * 1024);
        var length = new FileInfo(path).Length;
        var ct = TestContext.CancellationToken;

        var uploadId = await client.UploadAsync(path, null, ct);

        var resumedAt = dropping.HeadOffsets.Single();
        Assert.AreEqual(length - ClientAgainstServerTests.LastPieceMaxSize + (300 * 1024), resumedAt);
        CollectionAssert.AreEqual(new[] { 0L, length - ClientAgainstServerTests.LastPieceMaxSize, resumedAt }, dropping.PatchOffsets);
        CollectionAssert.AreEqual(new[] { null, ShaOf(path), ShaOf(path) }, dropping.PatchSha256s);
        Assert.AreEqual(length - resumedAt, dropping.BytesSentAfterResume, "only what the server lacked is sent again");
        Assert.IsTrue((await client.PublishAsync(uploadId, _ => { }, ct)).Succeeded);
    }

    [TestMethod]
    public async Task Against_a_server_that_needs_the_hash_at_creation_the_client_hashes_first_once_per_client()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var olderServer = new CreatesSeen(refuseWithoutHash: true);
        using var client = Client(fixture, olderServer);
        var first = WriteXif("OlderServerA", "1.0.0", padding: 2 * 1024 * 1024);
        var second = WriteXif("OlderServerB", "1.0.0", padding: 1000);
        var ct = TestContext.CancellationToken;

        var firstId = await client.UploadAsync(first, null, ct);
        var secondId = await client.UploadAsync(second, null, ct);

        CollectionAssert.AreEqual(new[] { null, ShaOf(first), ShaOf(second) }, olderServer.Sha256s, "refused once, then with the hash; the second upload asks no more");
        Assert.IsTrue(olderServer.PatchSha256s.All(static h => h is null), "plain chunks, as before the extension");
        CollectionAssert.AreEqual(new[] { 0L, 0L }, olderServer.PatchOffsets, "one PATCH each: no last piece of its own");
        foreach (var (id, path) in new[] { (firstId, first), (secondId, second) })
        {
            Assert.AreEqual(ShaOf(path), (await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("sha256").GetString());
        }
    }

    /// <summary>
    /// Real sockets to the real server; records each create's <c>sha256</c> and each PATCH. With
    /// <c>refuseWithoutHash</c> it answers a create without <c>sha256</c> as a server before the
    /// extension did — 400 OCP5107, its message from the server's catalogue — the one behaviour of an
    /// older server the real one no longer has.
    /// </summary>
    private sealed class CreatesSeen(bool refuseWithoutHash) : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<string?> Sha256s { get; } = [];

        public List<long> PatchOffsets { get; } = [];

        public List<string?> PatchSha256s { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/api/v1/uploads", StringComparison.Ordinal))
            {
                using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
                var sha256 = body.RootElement.TryGetProperty("sha256", out var given) ? given.GetString() : null;
                Sha256s.Add(sha256);
                if (sha256 is null && refuseWithoutHash)
                {
                    var refusal = Diagnostic.Create(ServerDiagnostics.MalformedRequest, SourceLocation.None, "an upload needs a positive 'length' and a 'sha256' of 64 hexadecimal characters");
                    return new HttpResponseMessage(HttpStatusCode.BadRequest)
                    {
                        Content = JsonContent.Create(Problems.For(400, refusal), new System.Net.Http.Headers.MediaTypeHeaderValue("application/problem+json"), JsonSerializerOptions.Web),
                        RequestMessage = request,
                    };
                }
            }

            if (request.Method == HttpMethod.Patch)
            {
                PatchOffsets.Add(long.Parse(request.Headers.GetValues("Upload-Offset").First(), System.Globalization.CultureInfo.InvariantCulture));
                PatchSha256s.Add(request.Headers.TryGetValues("Upload-SHA256", out var sha) ? sha.First() : null);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
