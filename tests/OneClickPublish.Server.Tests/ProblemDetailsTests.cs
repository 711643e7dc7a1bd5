using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Every error path the server has answers RFC 9457 problem details: application/problem+json with
/// status, title, detail, traceId and our code (the 500 is in <see cref="PostgresHealthTests"/>, where a stopped database makes one).
/// </summary>
[TestClass]
public sealed class ProblemDetailsTests
{
    private static readonly string NoSha = new('0', 64);

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Every_refusal_is_problem_details_with_our_code()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.MaxUploadBytes = 1 << 20);
        using var anonymous = fixture.NewClient(key: null);
        using var wrongKey = fixture.NewClient("ocp_0123456789abcdef_notakeynotakeynotakeynotakeynotakeynotake0");
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        using var reader = fixture.NewClient((await keys.CreateAsync("reader", ApiKeyScope.Read)).Key);
        var client = fixture.Client;
        var v1 = new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(v1)).State);
        var bytes = Encoding.UTF8.GetBytes("twelve bytes");
        var open = await fixture.CreateUploadAsync(bytes.Length, Sha(bytes));
        var otherBytes = await fixture.UploadAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "two").Build());
        var notAXif = await fixture.UploadAsync(Encoding.UTF8.GetBytes("not a zip"));

        var cases = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string Code)[]
        {
            ("no key", () => anonymous.GetAsync(Url("/api/v1/extensions")), HttpStatusCode.Unauthorized, "OCP5100"),
            ("unknown key", () => wrongKey.GetAsync(Url("/api/v1/extensions")), HttpStatusCode.Unauthorized, "OCP5101"),
            ("scope too low", () => reader.PostAsJsonAsync("/api/v1/publish", new { uploadId = open }), HttpStatusCode.Forbidden, "OCP5102"),
            ("extension name", () => client.GetAsync(Url("/api/v1/extensions/9lives")), HttpStatusCode.BadRequest, "OCP5105"),
            ("rollback version", () => client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "one" }), HttpStatusCode.BadRequest, "OCP5106"),
            ("body not JSON", () => client.PostAsync(Url("/api/v1/uploads"), new StringContent("{", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "OCP5107"),
            ("operation after", () => client.GetAsync(Url("/api/v1/operations/" + new string('a', 32) + "?after=x")), HttpStatusCode.BadRequest, "OCP5107"),
            ("unknown upload", () => client.GetAsync(Url("/api/v1/uploads/" + new string('a', 32))), HttpStatusCode.NotFound, "OCP5108"),
            ("publish unknown upload", () => client.PostAsJsonAsync("/api/v1/publish", new { uploadId = new string('b', 32) }), HttpStatusCode.NotFound, "OCP5108"),
            ("unknown operation", () => client.GetAsync(Url("/api/v1/operations/" + new string('a', 32))), HttpStatusCode.NotFound, "OCP5109"),
            ("unknown extension", () => client.GetAsync(Url("/api/v1/extensions/Nothing")), HttpStatusCode.NotFound, "OCP5113"),
            ("unknown history", () => client.GetAsync(Url("/api/v1/extensions/Nothing/history")), HttpStatusCode.NotFound, "OCP5113"),
            ("unknown version", () => client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "9.0.0" }), HttpStatusCode.NotFound, "OCP5114"),
            ("incomplete upload", () => client.PostAsJsonAsync("/api/v1/publish", new { uploadId = open }), HttpStatusCode.Conflict, "OCP5115"),
            ("other bytes", () => client.PostAsJsonAsync("/api/v1/publish", new { uploadId = otherBytes }), HttpStatusCode.Conflict, "OCP5104"),
            ("not a XIF", () => client.PostAsJsonAsync("/api/v1/publish", new { uploadId = notAXif }), HttpStatusCode.UnprocessableEntity, "OCP4017"),
            ("body over 1 MiB", () => client.PostAsync(Url("/api/v1/publish"), new ByteArrayContent(new byte[(1 << 20) + 1])), HttpStatusCode.RequestEntityTooLarge, "OCP5123"),
            ("no such path", () => client.GetAsync(Url("/api/v1/nothing")), HttpStatusCode.NotFound, "OCP5125"),
            ("no such method", () => client.DeleteAsync(Url("/api/v1/extensions")), HttpStatusCode.MethodNotAllowed, "OCP5125"),
            ("upload too large", () => client.PostAsJsonAsync("/api/v1/uploads", new { length = 2 << 20, sha256 = NoSha }), HttpStatusCode.RequestEntityTooLarge, "OCP5200"),
            ("offset", () => fixture.PatchAsync(open, 5, bytes), HttpStatusCode.Conflict, "OCP5202"),
            ("content type", () => Patch(client, open, "application/octet-stream"), HttpStatusCode.UnsupportedMediaType, "OCP5203"),
            ("beyond length", () => fixture.PatchAsync(open, 0, new byte[bytes.Length + 1]), HttpStatusCode.RequestEntityTooLarge, "OCP5204"),
            ("hash", () => fixture.PatchAsync(open, 0, new byte[bytes.Length]), HttpStatusCode.UnprocessableEntity, "OCP5201"),
        };

        foreach (var (what, send, status, code) in cases)
        {
            using var response = await SendAsync(send);
            await AssertProblemAsync(response, status, code, what);
        }

        // The version's folder gone: rollback refuses with 409 OCP5121.
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.1.0").Add("bin/Hello.dll", "three").Build())).State);
        Directory.Delete(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "1.0.0"), recursive: true);
        using (var gone = await client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.0.0" }))
        {
            await AssertProblemAsync(gone, HttpStatusCode.Conflict, "OCP5121", "folder gone");
        }
    }

    /// <summary>The shape every refusal has; the Core client reads the same members.</summary>
    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, $"{what}: {text}");
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, $"{what}: {text}");
        using var problem = JsonDocument.Parse(text);
        var root = problem.RootElement;
        Assert.AreEqual(code, root.GetProperty("code").GetString(), $"{what}: {text}");
        Assert.AreEqual((int)status, root.GetProperty("status").GetInt32(), what);
        Assert.IsFalse(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()), what);
        Assert.IsFalse(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()), what);
        Assert.IsFalse(string.IsNullOrWhiteSpace(root.GetProperty("traceId").GetString()), what);
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>
    /// A body the server refuses before reading it (over 1 MiB) may cost the client a broken pipe while
    /// it still writes, instead of the answer (RequestBodyTests says more): send again then.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await send();
            }
            catch (HttpRequestException e) when (attempt < 5 && e.InnerException is IOException)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Task<HttpResponseMessage> Patch(HttpClient client, string uploadId, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{uploadId}") { Content = new ByteArrayContent([1]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("Upload-Offset", "0");
        return client.SendAsync(request);
    }
}
