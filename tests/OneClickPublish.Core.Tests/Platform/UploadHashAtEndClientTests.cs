using System.Net;
using System.Security.Cryptography;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Tests;

namespace OneClickPublish.Core.Tests.Platform;

/// <summary>
/// The client's side of uploads created without a SHA-256 (docs/protocol.md) where no real server
/// serves: the hash of bytes sent again after a resume, and the answers of a server from before that
/// extension (which the real server no longer is). The hash computed while sending and checked by
/// the real server, and the fall-back against an older server in front of it, are in
/// OneClickPublish.Server.Tests (ClientUploadHashTests).
/// </summary>
[TestClass]
public sealed class UploadHashAtEndClientTests
{
    public TestContext TestContext { get; set; } = null!;

    private static PlatformClient Client(FakePlatformServer server, int chunkSize) =>
        new(new PlatformClientOptions { Server = "http://platform.test:5080", ApiKey = FakePlatformServer.Key, ChunkSize = chunkSize, HttpMessageHandler = server });

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [TestMethod]
    public async Task Against_a_server_that_needs_the_hash_at_creation_the_client_hashes_first_once_and_remembers()
    {
        using var folder = new TempDirectory();
        var first = RandomBytes(10_000);
        var second = RandomBytes(3000);
        using var server = new FakePlatformServer { RequiresHashAtCreate = true };
        using var client = Client(server, chunkSize: 4096);

        var firstId = await client.UploadAsync(folder.WriteFile("A.1.0.0.xif", first), null, TestContext.CancellationToken);
        var secondId = await client.UploadAsync(folder.WriteFile("B.1.0.0.xif", second), null, TestContext.CancellationToken);

        // Refused once, then created with the hash; the second upload asks no more.
        CollectionAssert.AreEqual(new[] { null, Sha(first), Sha(second) }, server.CreateSha256s);
        CollectionAssert.AreEqual(
            new[] { "POST", "POST", "PATCH", "PATCH", "PATCH", "POST", "PATCH" },
            server.Requests.Select(static r => r.Split(' ')[0]).ToArray());
        Assert.IsTrue(server.Sha256Headers.All(static h => h is null), "chunks as before: the hash went with the create");
        Assert.IsTrue(server.Uploads[firstId].Complete && server.Uploads[secondId].Complete);
    }

    [TestMethod]
    public async Task Another_400_to_the_create_is_not_taken_for_an_older_server()
    {
        using var folder = new TempDirectory();
        var path = folder.WriteFile("Hello.1.0.0.xif", RandomBytes(100));
        using var server = new FakePlatformServer
        {
            Intercept = (_, request) => request.Method == HttpMethod.Post ? FakePlatformServer.Error(HttpStatusCode.BadRequest, ServerDiagnostics.InvalidExtensionName, "x") : null,
        };
        using var client = Client(server, chunkSize: 4096);

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.UploadAsync(path, null, TestContext.CancellationToken));

        Assert.AreEqual("OCP5105", error.Diagnostic.Code);
        Assert.AreEqual(1, server.Requests.Count, "no second create with the hash");
    }

    [TestMethod]
    public async Task Bytes_sent_again_after_a_resume_are_hashed_once_and_a_gap_is_hashed_from_the_file()
    {
        using var folder = new TempDirectory();
        var bytes = RandomBytes(50_000);
        var path = folder.WriteFile("Hello.1.0.0.xif", bytes);
        var ct = TestContext.CancellationToken;

        using (var resent = new UploadHash(path))
        {
            resent.Append(0, bytes[..30_000], 30_000);   // sent; the server kept 10 000 of it
            resent.Append(10_000, bytes[10_000..40_000], 30_000);
            Assert.AreEqual(40_000L, resent.Position);
            Assert.AreEqual(Sha(bytes), await resent.FinishAsync(40_000, bytes[40_000..], ct));
        }

        using (var gap = new UploadHash(path))
        {
            gap.Append(0, bytes[..10_000], 10_000);
            gap.Append(20_000, bytes[20_000..30_000], 10_000); // the server had bytes this process never sent
            Assert.AreEqual(10_000L, gap.Position);
            Assert.AreEqual(Sha(bytes), await gap.FinishAsync(30_000, bytes[30_000..], ct));
        }

        using (var shortened = new UploadHash(path))
        {
            File.WriteAllBytes(path, bytes[..1000]);
            var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => shortened.FinishAsync(40_000, bytes[40_000..], ct));
            Assert.AreEqual(PlatformDiagnostics.FileUnreadable.Code, error.Diagnostic.Code);
        }
    }
}
