using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Client mistakes and conflicts of the API that <see cref="ProblemDetailsTests"/> does not make: each a coded
/// 4xx that changes nothing, over real HTTP.
/// </summary>
[TestClass]
public sealed class RequestErrorTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Publish_and_rollback_bodies_that_are_not_what_they_need_are_coded_4xx()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var client = fixture.Client;
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build())).State);

        var open = await fixture.CreateUploadAsync(4, new string('0', 64));
        var cases = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string Code)[]
        {
            ("PATCH without Upload-Offset", () => Patch(client, open, offset: null), HttpStatusCode.BadRequest, "OCP5107"),
            ("PATCH with a negative Upload-Offset", () => Patch(client, open, offset: "-1"), HttpStatusCode.BadRequest, "OCP5107"),
            ("PATCH with Upload-Offset not a number", () => Patch(client, open, offset: "zero"), HttpStatusCode.BadRequest, "OCP5107"),
            ("publish, not JSON", () => client.PostAsync(Url("/api/v1/publish"), Json("uploadId=1")), HttpStatusCode.BadRequest, "OCP5107"),
            ("publish, JSON null", () => client.PostAsync(Url("/api/v1/publish"), Json("null")), HttpStatusCode.BadRequest, "OCP5107"),
            ("publish without uploadId", () => client.PostAsync(Url("/api/v1/publish"), Json("{}")), HttpStatusCode.BadRequest, "OCP5107"),
            ("publish, malformed uploadId", () => client.PostAsJsonAsync("/api/v1/publish", new { uploadId = "../../metadata.db" }), HttpStatusCode.NotFound, "OCP5108"),
            ("rollback, not JSON", () => client.PostAsync(Url("/api/v1/extensions/Hello/rollback"), Json("version: 1.0.0")), HttpStatusCode.BadRequest, "OCP5107"),
            ("rollback without version", () => client.PostAsync(Url("/api/v1/extensions/Hello/rollback"), Json("{}")), HttpStatusCode.BadRequest, "OCP5106"),
            ("rollback, unknown extension", () => client.PostAsJsonAsync("/api/v1/extensions/Nothing/rollback", new { version = "1.0.0" }), HttpStatusCode.NotFound, "OCP5113"),
            ("rollback, bad name", () => client.PostAsJsonAsync("/api/v1/extensions/9lives/rollback", new { version = "1.0.0" }), HttpStatusCode.BadRequest, "OCP5105"),
            ("history, bad name", () => client.GetAsync(Url("/api/v1/extensions/9lives/history")), HttpStatusCode.BadRequest, "OCP5105"),
            ("xif, bad name", () => client.GetAsync(Url("/api/v1/extensions/9lives/versions/1.0.0/xif")), HttpStatusCode.BadRequest, "OCP5105"),
            ("xif, bad version", () => client.GetAsync(Url("/api/v1/extensions/Hello/versions/one/xif")), HttpStatusCode.BadRequest, "OCP5106"),
            ("xif, unknown extension", () => client.GetAsync(Url("/api/v1/extensions/Nothing/versions/1.0.0/xif")), HttpStatusCode.NotFound, "OCP5113"),
            ("xif, unknown version", () => client.GetAsync(Url("/api/v1/extensions/Hello/versions/9.0.0/xif")), HttpStatusCode.NotFound, "OCP5114"),
            ("upload, malformed id", () => client.GetAsync(Url("/api/v1/uploads/NOT-AN-ID")), HttpStatusCode.NotFound, "OCP5108"),
            ("create, no length", () => client.PostAsJsonAsync("/api/v1/uploads", new { sha256 = new string('0', 64) }), HttpStatusCode.BadRequest, "OCP5107"),
            ("create, bad sha256", () => client.PostAsJsonAsync("/api/v1/uploads", new { length = 10, sha256 = "xyz" }), HttpStatusCode.BadRequest, "OCP5107"),
        };

        foreach (var (what, send, status, code) in cases)
        {
            using var response = await send();
            await ProblemDetailsTests.AssertProblemAsync(response, status, code, what);
        }

        Assert.AreEqual("1.0.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString(), "nothing changed");
        Assert.AreEqual(1, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads"), "*.json").Length, "no upload was created but the test's own");
        Assert.AreEqual(0, (await fixture.GetJsonAsync($"/api/v1/uploads/{open}")).GetProperty("offset").GetInt64(), "no byte was kept");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_rollback_or_a_second_publish_of_the_upload_while_a_publish_runs_is_409_OCP5103_and_changes_nothing()
    {
        var holding = false;
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await ServerFixture.StartAsync(o => o.Checkpoint = async (point, extension, ct) =>
        {
            if (holding && point == PublishCheckpoint.BeforeActivate)
            {
                held.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
        });
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build())).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.1.0").Add("bin/Hello.dll", "two").Build())).State);
        holding = true;
        var uploadId = await fixture.UploadAsync(new TestXif("Hello", "1.2.0").Add("bin/Hello.dll", "three").Build());
        using var accepted = await fixture.StartPublishAsync(uploadId);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var operationId = accepted.Headers.Location!.OriginalString.Split('/')[^1];

        using (var refused = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.0.0" }))
        {
            await ProblemDetailsTests.AssertProblemAsync(refused, HttpStatusCode.Conflict, "OCP5103", "rollback during a publish");
            StringAssert.Contains(await refused.Content.ReadAsStringAsync(), operationId, "the refusal names the running publish");
        }

        // The same upload a second time: it is taken by the running publish.
        using (var again = await fixture.StartPublishAsync(uploadId))
        {
            await ProblemDetailsTests.AssertProblemAsync(again, HttpStatusCode.Conflict, "OCP5103", "publish of a taken upload");
            StringAssert.Contains(await again.Content.ReadAsStringAsync(), operationId);
        }

        Assert.AreEqual("1.1.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
        release.SetResult();
        Assert.AreEqual("succeeded", (await fixture.WaitAsync(accepted.Headers.Location!.OriginalString)).State);
        Assert.AreEqual("1.2.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_second_PATCH_while_one_is_receiving_bytes_is_409_OCP5205_and_the_first_completes()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var uploadId = await fixture.CreateUploadAsync(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var body = new HeldContent(bytes, sendFirst: 1000);
        using var first = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{uploadId}") { Content = body };
        first.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        first.Headers.Add("Upload-Offset", "0");
        var sending = fixture.Client.SendAsync(first);
        await body.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(30));

        // Until the server has begun to read the first body, the second meets no busy upload: it then
        // states an offset that cannot be right, so that it is refused (OCP5202) without a byte kept.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var second = await fixture.PatchAsync(uploadId, bytes.Length - 1, bytes.AsMemory(bytes.Length - 1));
            var text = await second.Content.ReadAsStringAsync();
            using var problem = JsonDocument.Parse(text);
            var code = problem.RootElement.GetProperty("code").GetString();
            if (code == "OCP5205")
            {
                await ProblemDetailsTests.AssertProblemAsync(second, HttpStatusCode.Conflict, "OCP5205", "busy");
                Assert.IsTrue(second.Headers.Contains("Upload-Offset"), "a busy upload's answer says where it stands");
                break;
            }

            Assert.AreEqual("OCP5202", code, text);
            Assert.IsTrue(DateTime.UtcNow < deadline, "the server never saw the first PATCH as receiving");
            await Task.Delay(20);
        }

        body.SendTheRest();
        using var completed = await sending;
        Assert.AreEqual(HttpStatusCode.NoContent, completed.StatusCode, await completed.Content.ReadAsStringAsync());
        var state = await fixture.GetJsonAsync($"/api/v1/uploads/{uploadId}");
        Assert.IsTrue(state.GetProperty("complete").GetBoolean());
        Assert.AreEqual(bytes.Length, state.GetProperty("offset").GetInt64());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("very-long-name")]
    public async Task An_upload_whose_file_name_is_empty_or_too_long_is_named_upload_xif(string fileName)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var name = fileName == "very-long-name" ? new string('x', 300) + ".xif" : fileName;

        using var created = await fixture.Client.PostAsJsonAsync("/api/v1/uploads", new { length = 10, sha256 = new string('0', 64), fileName = name });

        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uploadId").GetString()!;
        using var info = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "uploads", id + ".json")));
        Assert.AreEqual("upload.xif", info.RootElement.GetProperty("FileName").GetString());
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> Patch(HttpClient client, string uploadId, string? offset)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{uploadId}") { Content = new ByteArrayContent([1, 2, 3, 4]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        if (offset is not null)
        {
            request.Headers.TryAddWithoutValidation("Upload-Offset", offset);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A body that sends its first bytes, then waits for the test before it sends the rest (a slow client, on cue).</summary>
    private sealed class HeldContent(byte[] bytes, int sendFirst) : HttpContent
    {
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendTheRest() => _rest.TrySetResult();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(bytes.AsMemory(0, sendFirst), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _firstPartSent.TrySetResult();
            await _rest.Task.WaitAsync(cancellationToken);
            await stream.WriteAsync(bytes.AsMemory(sendFirst), cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
