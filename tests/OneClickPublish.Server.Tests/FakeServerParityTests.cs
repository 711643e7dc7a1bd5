using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneClickPublish.Core.Tests.Platform;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The Core tests' <see cref="FakePlatformServer"/> (compiled here too) and the real server, sent the
/// same requests: every answer the fake gives of its own (not the faults a test injects) must be the
/// server's — status, code, title, detail, the protocol's headers and the bodies the client reads —
/// so a client test on the fake cannot pass on an answer no server gives. Ids differ between the two
/// (each server makes its own) and are compared by their place in the conversation.
/// </summary>
[TestClass]
public sealed class FakeServerParityTests
{
    private const long Limit = 1 << 20;
    private const string Patch = "PATCH";

    private static readonly string[] ComparedHeaders = ["Upload-Offset", "Upload-Length", "Upload-SHA256", "Location", "Retry-After", "WWW-Authenticate", "Cache-Control"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_fake_answers_every_request_it_shares_with_the_server_as_the_server_does()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.MaxUploadBytes = Limit);
        var fake = new FakePlatformServer { MaxUploadBytes = Limit }; // the Side disposes it
        using var real = new Side(new SocketsHttpHandler(), fixture.Server.BaseAddress, fixture.Key);
        using var faked = new Side(fake, new Uri("http://platform.test:5080/"), FakePlatformServer.Key);
        var bytes = new byte[3000];
        new Random(3000).NextBytes(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var xif = new TestXif("Parity", "1.0.0").Add("bin/Parity.dll", Encoding.UTF8.GetBytes("parity")).Build();
        var xifSha = Convert.ToHexStringLower(SHA256.HashData(xif));
        var wrongSha = new string('0', 64);

        // Name, expected status and code (so each scenario is known to reach the answer it is about), and the request.
        var scenarios = new (string Name, HttpStatusCode Status, DiagnosticDescriptor? Code, Func<Side, HttpRequestMessage> Request)[]
        {
            ("health, no key needed", HttpStatusCode.OK, null, s => s.Request(HttpMethod.Get, "health", key: null)),
            ("no key", HttpStatusCode.Unauthorized, ServerDiagnostics.ApiKeyMissing, s => s.Create(3000, null, key: null)),
            ("a key the server does not know", HttpStatusCode.Unauthorized, ServerDiagnostics.ApiKeyInvalid, s => s.Create(3000, null, key: "ocp_0000000000000000_unknown")),
            ("a create over the limit", HttpStatusCode.RequestEntityTooLarge, ServerDiagnostics.UploadTooLarge, s => s.Create(Limit + 1, null)),
            ("a create without sha256", HttpStatusCode.Created, null, s => s.Create(3000, null)),
            ("HEAD of a new upload", HttpStatusCode.OK, null, s => s.Request(HttpMethod.Head, s.UploadPath(0))),
            ("a first PATCH", HttpStatusCode.NoContent, null, s => s.Patch(0, 0, bytes.AsMemory(0, 1000))),
            ("a PATCH at another offset", HttpStatusCode.Conflict, ServerDiagnostics.UploadOffsetMismatch, s => s.Patch(0, 0, bytes.AsMemory(0, 1000))),
            ("the last byte without Upload-SHA256", HttpStatusCode.BadRequest, ServerDiagnostics.UploadHashMissing, s => s.Patch(0, 1000, bytes.AsMemory(1000))),
            ("HEAD after a refused last PATCH", HttpStatusCode.OK, null, s => s.Request(HttpMethod.Head, s.UploadPath(0))),
            ("the last byte with another hash", HttpStatusCode.UnprocessableEntity, ServerDiagnostics.UploadHashMismatch, s => s.Patch(0, 1000, bytes.AsMemory(1000), wrongSha)),
            ("HEAD of a discarded upload", HttpStatusCode.NotFound, null, s => s.Request(HttpMethod.Head, s.UploadPath(0))),
            ("a PATCH of a discarded upload", HttpStatusCode.NotFound, ServerDiagnostics.UploadNotFound, s => s.Patch(0, 1000, bytes.AsMemory(1000), sha)),
            ("a create with sha256", HttpStatusCode.Created, null, s => s.Create(3000, sha)),
            ("HEAD of an upload whose hash is known", HttpStatusCode.OK, null, s => s.Request(HttpMethod.Head, s.UploadPath(1))),
            ("the whole file at once", HttpStatusCode.NoContent, null, s => s.Patch(1, 0, bytes)),
            ("HEAD of a complete upload", HttpStatusCode.OK, null, s => s.Request(HttpMethod.Head, s.UploadPath(1))),
            ("a PATCH of a complete upload", HttpStatusCode.Conflict, ServerDiagnostics.UploadOffsetMismatch, s => s.Patch(1, 3000, bytes.AsMemory(0, 1))),
            ("a create for a XIF, without sha256", HttpStatusCode.Created, null, s => s.Create(xif.Length, null)),
            ("the XIF whole, its hash in upper case", HttpStatusCode.NoContent, null, s => s.Patch(2, 0, xif, xifSha.ToUpperInvariant())),
            ("a publish", HttpStatusCode.Accepted, null, s => s.Json(HttpMethod.Post, "api/v1/publish", $$"""{"uploadId":"{{s.Upload(2)}}"}""")),
            ("a path the API does not have", HttpStatusCode.NotFound, ServerDiagnostics.UnknownEndpoint, s => s.Request(HttpMethod.Get, "api/v1/nothing")),
        };

        foreach (var (name, status, code, request) in scenarios)
        {
            var fromServer = await real.SendAsync(request, TestContext.CancellationToken);
            var fromFake = await faked.SendAsync(request, TestContext.CancellationToken);

            Assert.AreEqual((int)status, fromServer.Status, $"{name}: the server answered {fromServer}");
            Assert.AreEqual(code?.Code, fromServer.Code, $"{name}: the server answered {fromServer}");
            Assert.AreEqual(fromServer, fromFake, name);
        }
    }

    /// <summary>One of the two servers: its client, its key, and the ids it gave, in order.</summary>
    private sealed class Side(HttpMessageHandler handler, Uri address, string apiKey) : IDisposable
    {
        private readonly HttpClient _http = new(handler, disposeHandler: true) { BaseAddress = address };
        private readonly List<string> _ids = [];

        public string Upload(int n) => _ids.Where(static id => id.StartsWith("upload:", StringComparison.Ordinal)).ElementAt(n)["upload:".Length..];

        public string UploadPath(int n) => "api/v1/uploads/" + Upload(n);

        /// <summary>A request with this server's key, another <paramref name="key"/>, or none (null).</summary>
        public HttpRequestMessage Request(HttpMethod method, string path, string? key = "") =>
            new(method, path) { Headers = { Authorization = (key == string.Empty ? apiKey : key) is { } k ? new AuthenticationHeaderValue("Bearer", k) : null } };

        public HttpRequestMessage Json(HttpMethod method, string path, string json, string? key = "")
        {
            var request = Request(method, path, key);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            return request;
        }

        public HttpRequestMessage Create(long length, string? sha256, string? key = "") =>
            Json(HttpMethod.Post, "api/v1/uploads", JsonSerializer.Serialize(new { length, sha256, fileName = "Parity.1.0.0.xif" }, JsonSerializerOptions.Web), key);

        public HttpRequestMessage Patch(int upload, long offset, ReadOnlyMemory<byte> body, string? sha256 = null)
        {
            var request = Request(new HttpMethod(FakeServerParityTests.Patch), UploadPath(upload));
            request.Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/offset+octet-stream") } };
            request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (sha256 is not null)
            {
                request.Headers.Add("Upload-SHA256", sha256);
            }

            return request;
        }

        public async Task<Answer> SendAsync(Func<Side, HttpRequestMessage> make, CancellationToken ct)
        {
            using var request = make(this);
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            string? code = null, title = null, detail = null, members = null;
            if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } type && type.EndsWith("json", StringComparison.Ordinal))
            {
                using var json = JsonDocument.Parse(text);
                var root = json.RootElement;
                Remember(root, "uploadId", "upload:");
                Remember(root, "operationId", "operation:");
                if (root.TryGetProperty("code", out var c))
                {
                    code = c.GetString();
                    title = root.GetProperty("title").GetString();
                    detail = root.GetProperty("detail").GetString();
                    Assert.AreEqual((int)response.StatusCode, root.GetProperty("status").GetInt32(), "the body's status is the answer's");
                }
                else
                {
                    // The members the client reads of a success: not the server's version, which the fake makes up.
                    members = string.Join(", ", root.EnumerateObject().Where(static p => p.Name != "version").OrderBy(static p => p.Name, StringComparer.Ordinal).Select(static p => $"{p.Name}={p.Value}"));
                }
            }

            var headers = string.Join("; ", ComparedHeaders
                .Select(h => (h, Value: response.Headers.TryGetValues(h, out var v) ? string.Join(",", v) : null))
                .Where(static x => x.Value is not null)
                .Select(static x => $"{x.h}={x.Value}"));
            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, code, title, Normalise(detail), Normalise(headers), Normalise(members));
        }

        private void Remember(JsonElement root, string member, string kind)
        {
            if (root.TryGetProperty(member, out var id) && id.GetString() is { } value && !_ids.Contains(kind + value))
            {
                _ids.Add(kind + value);
            }
        }

        /// <summary>Each id as its place among the ids this server gave: the same on both sides when they agree.</summary>
        private string? Normalise(string? text)
        {
            if (text is null)
            {
                return null;
            }

            for (var i = 0; i < _ids.Count; i++)
            {
                text = text.Replace(_ids[i][(_ids[i].IndexOf(':', StringComparison.Ordinal) + 1)..], $"{{id {i}}}", StringComparison.Ordinal);
            }

            return text;
        }

        public void Dispose() => _http.Dispose();
    }

    private sealed record Answer(int Status, string? MediaType, string? Code, string? Title, string? Detail, string? Headers, string? Members);
}
