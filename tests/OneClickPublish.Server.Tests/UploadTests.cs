using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

[TestClass]
public sealed class UploadTests
{
    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static long OffsetOf(HttpResponseMessage response) => long.Parse(response.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture);

    [TestMethod]
    public async Task Upload_resumes_at_the_servers_offset_and_completes_when_the_hash_matches()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(300_000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));

        using (var first = await fixture.PatchAsync(id, 0, bytes.AsMemory(0, 100_000)))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, first.StatusCode);
            Assert.AreEqual(100_000L, OffsetOf(first));
        }

        using (var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/uploads/{id}")))
        {
            Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
            Assert.AreEqual(100_000L, OffsetOf(head));
            Assert.AreEqual(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Headers.GetValues("Upload-Length").Single());
        }

        // A restart in between: the hash is rebuilt from what reached the disk.
        await fixture.RestartAsync();
        using (var rest = await fixture.PatchAsync(id, 100_000, bytes.AsMemory(100_000)))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, rest.StatusCode, await rest.Content.ReadAsStringAsync());
            Assert.AreEqual((long)bytes.Length, OffsetOf(rest));
        }

        var status = await fixture.GetJsonAsync($"/api/v1/uploads/{id}");
        Assert.IsTrue(status.GetProperty("complete").GetBoolean());
        Assert.AreEqual(Sha(bytes), status.GetProperty("sha256").GetString());
        CollectionAssert.AreEqual(bytes, await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "uploads", id + ".data")));
    }

    [TestMethod]
    public async Task Uploads_not_touched_within_the_expiry_are_removed_at_start()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(1000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        (await fixture.PatchAsync(id, 0, bytes.AsMemory(0, 500))).Dispose();
        await Task.Delay(50);

        await fixture.RestartAsync(o => { o.UploadExpiry = TimeSpan.FromMilliseconds(10); return o; });
        using var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/uploads/{id}"));
        Assert.AreEqual(HttpStatusCode.NotFound, head.StatusCode);
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads")).Length);
    }

    [TestMethod]
    public async Task Wrong_offset_is_409_with_the_servers_offset()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(1000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        (await fixture.PatchAsync(id, 0, bytes.AsMemory(0, 400))).Dispose();

        using var wrong = await fixture.PatchAsync(id, 500, bytes.AsMemory(500));
        Assert.AreEqual(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.AreEqual(400L, OffsetOf(wrong));
        Assert.AreEqual("OCP5202", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.AreEqual(400L, new FileInfo(Path.Combine(fixture.DataDirectory, "uploads", id + ".data")).Length, "nothing of the refused request is kept");
    }

    [TestMethod]
    public async Task A_PATCH_refused_for_its_content_type_or_a_missing_offset_still_says_the_servers_offset()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(1000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        (await fixture.PatchAsync(id, 0, bytes.AsMemory(0, 300))).Dispose();

        using var wrongType = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}") { Content = new ByteArrayContent(bytes[300..]) };
        wrongType.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        wrongType.Headers.Add("Upload-Offset", "300");
        using var unsupported = await fixture.Client.SendAsync(wrongType);
        using var noOffset = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}") { Content = new ByteArrayContent(bytes[300..]) };
        noOffset.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/offset+octet-stream");
        using var malformed = await fixture.Client.SendAsync(noOffset);

        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.AreEqual(300L, OffsetOf(unsupported));
        Assert.AreEqual(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.AreEqual(300L, OffsetOf(malformed));
    }

    [TestMethod]
    public async Task Hash_mismatch_is_422_and_nothing_is_kept()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(5000);
        var id = await fixture.CreateUploadAsync(bytes.Length, new string('b', 64));
        using var response = await fixture.PatchAsync(id, 0, bytes);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("OCP5201", error.GetProperty("code").GetString());
        StringAssert.Contains(error.GetProperty("detail").GetString(), Sha(bytes));

        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads")).Length);
        using var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/uploads/{id}"));
        Assert.AreEqual(HttpStatusCode.NotFound, head.StatusCode);
    }

    [TestMethod]
    public async Task Over_the_limit_is_413_at_creation_and_bytes_beyond_the_length_are_413()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.MaxUploadBytes = 10_000);
        using (var tooLarge = await fixture.Client.PostAsJsonAsync("/api/v1/uploads", new { length = 10_001, sha256 = new string('0', 64) }))
        {
            Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            Assert.AreEqual("OCP5200", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var bytes = RandomBytes(1000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        using var beyond = await fixture.PatchAsync(id, 0, RandomBytes(1001));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, beyond.StatusCode);
        Assert.AreEqual("OCP5204", (await beyond.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.AreEqual(0L, OffsetOf(beyond));
    }

    [TestMethod]
    public async Task Body_beyond_the_length_without_content_length_is_not_kept()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(1000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}")
        {
            Content = new StreamContent(new NonSeekableStream(RandomBytes(200_000))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/offset+octet-stream");
        request.Headers.Add("Upload-Offset", "0");
        request.Headers.TransferEncodingChunked = true;
        using var response = await fixture.Client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.AreEqual(0L, new FileInfo(Path.Combine(fixture.DataDirectory, "uploads", id + ".data")).Length);
    }

    [TestMethod]
    public async Task Wrong_content_type_is_415_and_unknown_upload_404()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(10);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}") { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("Upload-Offset", "0");
        using var response = await fixture.Client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, response.StatusCode);

        using var unknown = await fixture.PatchAsync(new string('a', 32), 0, bytes);
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.AreEqual("OCP5108", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [TestMethod]
    public async Task Large_upload_is_streamed_without_memory_growing_with_its_size()
    {
        const long size = 256L << 20;
        await using var fixture = await ServerFixture.StartAsync();
        string sha;
        using (var hasher = SHA256.Create())
        {
            sha = Convert.ToHexStringLower(await hasher.ComputeHashAsync(new GeneratedStream(size)));
        }

        var id = await fixture.CreateUploadAsync(size, sha);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}") { Content = new StreamContent(new GeneratedStream(size), 81920) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content.Headers.ContentLength = size;
        request.Headers.Add("Upload-Offset", "0");
        using var response = await fixture.Client.SendAsync(request);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.AreEqual(HttpStatusCode.NoContent, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.IsTrue((await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("complete").GetBoolean());
        // Client and server together, in this process: far below the size, so nothing holds the body whole.
        Assert.IsTrue(allocated < 64L << 20, $"{allocated / (1 << 20)} MiB allocated for a {size >> 20} MiB upload");
    }

    /// <summary>Deterministic bytes of any length, produced on the fly.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                var p = _position + i;
                buffer[i] = (byte)((p * 2654435761L) >> 13);
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Forces a chunked body, so the server cannot know the length in advance.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
