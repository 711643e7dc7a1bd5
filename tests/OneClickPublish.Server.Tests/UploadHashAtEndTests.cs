using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Uploads created without a SHA-256 (docs/protocol.md): the hash comes in Upload-SHA256 on the PATCH
/// that brings the last byte, so a client can hash while it sends. Checked as a hash given at creation is.
/// </summary>
[TestClass]
public sealed class UploadHashAtEndTests
{
    private const string Sha256Header = "Upload-SHA256";

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static long OffsetOf(HttpResponseMessage response) => long.Parse(response.Headers.GetValues("Upload-Offset").Single(), CultureInfo.InvariantCulture);

    private static string UploadsFolder(ServerFixture fixture) => Path.Combine(fixture.DataDirectory, "uploads");

    private static async Task<string> CreateWithoutHashAsync(ServerFixture fixture, long length)
    {
        // No "sha256" member at all, as the client sends it.
        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/uploads", new { length, fileName = "test.xif" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, text);
        using var body = JsonDocument.Parse(text);
        Assert.IsFalse(body.RootElement.TryGetProperty("sha256", out _), text);
        return body.RootElement.GetProperty("uploadId").GetString()!;
    }

    private static async Task<HttpResponseMessage> PatchAsync(ServerFixture fixture, string id, long offset, byte[] bytes, string? sha256, bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}")
        {
            Content = chunked ? new StreamContent(new NonSeekableStream(bytes)) : new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        request.Headers.TransferEncodingChunked = chunked ? true : null;
        if (sha256 is not null)
        {
            request.Headers.Add(Sha256Header, sha256);
        }

        return await fixture.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> HeadAsync(ServerFixture fixture, string id) =>
        await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/uploads/{id}"));

    private static async Task<string> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

    [TestMethod]
    public async Task Without_a_hash_at_creation_the_last_PATCH_brings_it_and_HEAD_and_GET_say_when_it_is_known()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = new TestXif("HashAtEnd", "1.0.0").Add("bin/Payload.dll", RandomBytes(200_000)).Build();
        var id = await CreateWithoutHashAsync(fixture, bytes.Length);
        var half = bytes.Length / 2;

        // A header on a PATCH that does not bring the last byte is not used (not even kept).
        using (var first = await PatchAsync(fixture, id, 0, bytes[..half], new string('c', 64)))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, first.StatusCode, await first.Content.ReadAsStringAsync());
        }

        using (var head = await HeadAsync(fixture, id))
        {
            Assert.AreEqual(half, OffsetOf(head));
            Assert.IsFalse(head.Headers.Contains(Sha256Header), "the hash is not known yet");
        }

        var pending = await fixture.GetJsonAsync($"/api/v1/uploads/{id}");
        Assert.IsFalse(pending.TryGetProperty("sha256", out _), pending.GetRawText());
        Assert.IsFalse(pending.GetProperty("complete").GetBoolean());

        using (var last = await PatchAsync(fixture, id, half, bytes[half..], Sha(bytes).ToUpperInvariant()))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, last.StatusCode, await last.Content.ReadAsStringAsync());
            Assert.AreEqual((long)bytes.Length, OffsetOf(last));
        }

        using (var head = await HeadAsync(fixture, id))
        {
            Assert.AreEqual(Sha(bytes), head.Headers.GetValues(Sha256Header).Single());
        }

        var complete = await fixture.GetJsonAsync($"/api/v1/uploads/{id}");
        Assert.IsTrue(complete.GetProperty("complete").GetBoolean());
        Assert.AreEqual(Sha(bytes), complete.GetProperty("sha256").GetString());

        // And it publishes like any other upload.
        using var publish = await fixture.StartPublishAsync(id);
        Assert.AreEqual(HttpStatusCode.Accepted, publish.StatusCode, await publish.Content.ReadAsStringAsync());
        var result = await fixture.WaitAsync(publish.Headers.Location!.OriginalString);
        Assert.AreEqual("succeeded", result.State, result.ToString());
    }

    [TestMethod]
    public async Task A_wrong_hash_on_the_last_PATCH_is_422_OCP5201_and_nothing_is_kept()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(5000);
        var id = await CreateWithoutHashAsync(fixture, bytes.Length);
        (await PatchAsync(fixture, id, 0, bytes[..1000], sha256: null)).Dispose();

        using var response = await PatchAsync(fixture, id, 1000, bytes[1000..], new string('b', 64));

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("OCP5201", error.GetProperty("code").GetString());
        StringAssert.Contains(error.GetProperty("detail").GetString(), Sha(bytes));
        StringAssert.Contains(error.GetProperty("detail").GetString(), new string('b', 64));
        Assert.AreEqual(0, Directory.GetFiles(UploadsFolder(fixture)).Length);
        using var head = await HeadAsync(fixture, id);
        Assert.AreEqual(HttpStatusCode.NotFound, head.StatusCode);
    }

    [TestMethod]
    public async Task The_last_PATCH_without_the_header_is_400_OCP5206_keeps_none_of_its_bytes_and_can_be_sent_again()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(300_000);
        var id = await CreateWithoutHashAsync(fixture, bytes.Length);
        (await PatchAsync(fixture, id, 0, bytes[..100_000], sha256: null)).Dispose();
        var data = Path.Combine(UploadsFolder(fixture), id + ".data");

        // With a Content-Length the server knows at once: refused before the body is read.
        using (var known = await PatchAsync(fixture, id, 100_000, bytes[100_000..], sha256: null))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, known.StatusCode);
            Assert.AreEqual("OCP5206", await CodeOf(known));
            Assert.AreEqual(100_000L, OffsetOf(known));
            Assert.AreEqual(100_000L, new FileInfo(data).Length);
        }

        // Chunked, the server only knows when the body ends: what it wrote is taken back.
        using (var chunked = await PatchAsync(fixture, id, 100_000, bytes[100_000..], sha256: null, chunked: true))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, chunked.StatusCode);
            Assert.AreEqual("OCP5206", await CodeOf(chunked));
            Assert.AreEqual(100_000L, OffsetOf(chunked));
            Assert.AreEqual(100_000L, new FileInfo(data).Length);
        }

        // A malformed header is refused before a byte too, in our words.
        using (var malformed = await PatchAsync(fixture, id, 100_000, bytes[100_000..], "not-a-hash"))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.AreEqual("OCP5107", await CodeOf(malformed));
            Assert.AreEqual(100_000L, new FileInfo(data).Length);
        }

        // The hash the server rebuilds after a refusal is still the one of what it kept.
        using (var again = await PatchAsync(fixture, id, 100_000, bytes[100_000..], Sha(bytes), chunked: true))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, again.StatusCode, await again.Content.ReadAsStringAsync());
        }

        Assert.IsTrue((await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("complete").GetBoolean());
        CollectionAssert.AreEqual(bytes, await File.ReadAllBytesAsync(data));
    }

    [TestMethod]
    public async Task An_upload_without_a_hash_resumes_after_a_restart()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(300_000);
        var id = await CreateWithoutHashAsync(fixture, bytes.Length);
        (await PatchAsync(fixture, id, 0, bytes[..120_000], sha256: null)).Dispose();

        await fixture.RestartAsync();
        using (var head = await HeadAsync(fixture, id))
        {
            Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
            Assert.AreEqual(120_000L, OffsetOf(head));
            Assert.IsFalse(head.Headers.Contains(Sha256Header));
        }

        using (var rest = await PatchAsync(fixture, id, 120_000, bytes[120_000..], Sha(bytes)))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, rest.StatusCode, await rest.Content.ReadAsStringAsync());
        }

        var status = await fixture.GetJsonAsync($"/api/v1/uploads/{id}");
        Assert.IsTrue(status.GetProperty("complete").GetBoolean());
        Assert.AreEqual(Sha(bytes), status.GetProperty("sha256").GetString());
    }

    [TestMethod]
    public async Task An_upload_created_with_a_hash_checks_that_one_and_ignores_the_header()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomBytes(2000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        using (var head = await HeadAsync(fixture, id))
        {
            Assert.AreEqual(Sha(bytes), head.Headers.GetValues(Sha256Header).Single(), "known from the creation");
        }

        using var response = await PatchAsync(fixture, id, 0, bytes, "not-a-hash");

        Assert.AreEqual(HttpStatusCode.NoContent, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.IsTrue((await fixture.GetJsonAsync($"/api/v1/uploads/{id}")).GetProperty("complete").GetBoolean());
    }

    [TestMethod]
    public async Task A_create_with_a_malformed_hash_or_without_a_length_is_still_400_OCP5107()
    {
        await using var fixture = await ServerFixture.StartAsync();
        foreach (var body in new object[] { new { length = 10, sha256 = "abc" }, new { sha256 = new string('a', 64) }, new { length = 0 } })
        {
            using var response = await fixture.Client.PostAsJsonAsync("/api/v1/uploads", body);
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, JsonSerializer.Serialize(body));
            Assert.AreEqual("OCP5107", await CodeOf(response));
        }

        Assert.AreEqual(0, Directory.GetFiles(UploadsFolder(fixture)).Length);
    }

    /// <summary>Forces a chunked body, so the server cannot know the length in advance.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
