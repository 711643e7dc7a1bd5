using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The upload folder against a real server where its requests and its own files meet: two requests
/// sending to one upload, an upload whose data file is gone, and what a start sweeps (stale temporary
/// files) and leaves (files that are no upload).
/// </summary>
[TestClass]
public sealed class UploadStoreTests
{
    [TestMethod]
    public async Task A_second_request_sending_to_an_upload_that_is_receiving_is_refused_with_OCP5205_and_changes_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}") { Content = new HeldContent(bytes[..100_000], release.Task, bytes[100_000..]) };
        held.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        held.Headers.Add("Upload-Offset", "0");
        var first = fixture.Client.SendAsync(held);
        await WaitForOffsetAsync(fixture, id, 100_000);

        using (var second = await fixture.PatchAsync(id, 100_000, bytes[100_000..]))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, second.StatusCode);
            Assert.AreEqual("OCP5205", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        release.SetResult();
        using var done = await first;
        Assert.AreEqual(HttpStatusCode.NoContent, done.StatusCode, await done.Content.ReadAsStringAsync());
        Assert.AreEqual(bytes.Length, await OffsetAsync(fixture, id));
        CollectionAssert.AreEqual(bytes, await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "uploads", id + ".data")));
    }

    [TestMethod]
    public async Task An_upload_whose_data_file_is_gone_starts_again_from_zero()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var id = await fixture.CreateUploadAsync(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        using (var part = await fixture.PatchAsync(id, 0, bytes[..400]))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, part.StatusCode);
        }

        File.Delete(Path.Combine(fixture.DataDirectory, "uploads", id + ".data"));

        Assert.AreEqual(0, await OffsetAsync(fixture, id));
        using var whole = await fixture.PatchAsync(id, 0, bytes);
        Assert.AreEqual(HttpStatusCode.NoContent, whole.StatusCode, await whole.Content.ReadAsStringAsync());
        Assert.AreEqual(bytes.Length, await OffsetAsync(fixture, id));
        CollectionAssert.AreEqual(bytes, await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "uploads", id + ".data")));
    }

    [TestMethod]
    public async Task A_start_removes_stale_temporary_files_and_stale_uploads_and_leaves_files_that_are_no_upload()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.UploadExpiry = TimeSpan.FromHours(1));
        var uploads = Path.Combine(fixture.DataDirectory, "uploads");
        var stale = await fixture.CreateUploadAsync(10, new string('0', 64));
        var fresh = await fixture.CreateUploadAsync(10, new string('0', 64));
        var old = DateTime.UtcNow.AddHours(-2);
        File.SetLastWriteTimeUtc(Path.Combine(uploads, stale + ".json"), old);
        File.SetLastWriteTimeUtc(Path.Combine(uploads, stale + ".data"), old);
        File.WriteAllText(Path.Combine(uploads, "README.json"), "{}");
        File.WriteAllText(Path.Combine(uploads, "old.tmp"), "x");
        File.SetLastWriteTimeUtc(Path.Combine(uploads, "old.tmp"), old);
        File.WriteAllText(Path.Combine(uploads, "new.tmp"), "x");

        await fixture.RestartAsync();

        Assert.IsFalse(File.Exists(Path.Combine(uploads, stale + ".json")), "untouched for longer than the expiry");
        Assert.IsFalse(File.Exists(Path.Combine(uploads, stale + ".data")));
        Assert.IsTrue(File.Exists(Path.Combine(uploads, fresh + ".json")));
        Assert.IsFalse(File.Exists(Path.Combine(uploads, "old.tmp")), "a temporary file a stop left behind");
        Assert.IsTrue(File.Exists(Path.Combine(uploads, "new.tmp")), "one that may still be written");
        Assert.IsTrue(File.Exists(Path.Combine(uploads, "README.json")), "not an upload: not the server's to remove");
        using var gone = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/uploads/{stale}"));
        Assert.AreEqual(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<long> OffsetAsync(ServerFixture fixture, string id)
    {
        using var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/uploads/{id}"));
        Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
        return long.Parse(head.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForOffsetAsync(ServerFixture fixture, string id, long offset)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await OffsetAsync(fixture, id) < offset)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, "the first request's bytes did not arrive");
            await Task.Delay(20);
        }
    }

    /// <summary>A body that sends its first part, then waits before the rest: a request still receiving.</summary>
    private sealed class HeldContent(byte[] first, Task release, byte[] rest) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = first.Length + rest.Length;
            return true;
        }
    }
}
