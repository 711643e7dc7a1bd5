using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Core.Tests.Platform;

/// <summary>
/// An in-memory Platform Server behind an HttpMessageHandler, for the faults a real server cannot be
/// made to produce: connections that drop part way through a PATCH body (<see cref="DropPatchAfter"/>),
/// answers in place of the real ones (<see cref="Intercept"/>: a 2xx without its header, a proxy's
/// 5xx or HTML page, an older server's body) and scripted publish operations of a server before long
/// polls (<see cref="OperationScript"/>, <see cref="HangOnOperation"/>). What it answers itself, it
/// answers as the real server does: every refusal is built from the server's catalogue
/// (<see cref="ServerDiagnostics"/>) with the server's status, title, detail and headers, and
/// FakeServerParityTests (OneClickPublish.Server.Tests, which compiles this file too) sends the same
/// requests to it and to the real server and compares the answers.
/// </summary>
internal sealed class FakePlatformServer : HttpMessageHandler
{
    public const string Key = "test-key-7f3a9c-do-not-print";

    private const string OffsetHeader = "Upload-Offset";
    private const string Sha256Header = "Upload-SHA256";

    private readonly Dictionary<string, FakeUpload> _uploads = [];
    private readonly Lock _lock = new();
    private int _nextUpload;

    /// <summary>Every request received, as "METHOD /path?query" (+ " @offset" for a PATCH).</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Answers in place of the real handling: request number (1-based) and request → a response, or null to go on.</summary>
    public Func<int, HttpRequestMessage, HttpResponseMessage?>? Intercept { get; set; }

    /// <summary>Byte counts after which successive PATCHes drop the connection (each used once).</summary>
    public Queue<long> DropPatchAfter { get; } = new();

    /// <summary>How many times each byte of each upload reached the "disk".</summary>
    public Dictionary<string, int[]> ReceiveCounts { get; } = [];

    /// <summary>PATCHes whose Upload-Offset was not the server's (the client sent what the server had).</summary>
    public int OffsetMismatches { get; private set; }

    public long? MaxUploadBytes { get; set; }

    /// <summary>
    /// Behaves as a server from before uploads without a hash (which the real server no longer is): a
    /// create without <c>sha256</c> is refused as the real server refused it then (400 OCP5107).
    /// </summary>
    public bool RequiresHashAtCreate { get; set; }

    /// <summary>The <c>sha256</c> of each create request, or null without one.</summary>
    public List<string?> CreateSha256s { get; } = [];

    /// <summary>The Upload-SHA256 header of each PATCH, or null without one.</summary>
    public List<string?> Sha256Headers { get; } = [];

    /// <summary>The publish operation's script: each poll adds the next step's lines and takes its state.</summary>
    public List<(string State, JsonObject[] NewLines)> OperationScript { get; } = [];

    /// <summary>When true the operation endpoint ignores <c>after</c> and returns the whole log.</summary>
    public bool IgnoreAfter { get; set; }

    public List<long> AfterValues { get; } = [];

    public string? PublishLocation { get; set; }

    public int? PublishRetryAfterSeconds { get; set; } = 1;

    /// <summary>When true every operation request waits until cancelled.</summary>
    public bool HangOnOperation { get; set; }

    public Func<string, HttpResponseMessage>? OtherEndpoints { get; set; }

    public IReadOnlyDictionary<string, FakeUpload> Uploads => _uploads;

    private readonly List<JsonObject> _operationLog = [];
    private int _operationStep;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        int number;
        lock (_lock)
        {
            var offsetNote = request.Headers.TryGetValues("Upload-Offset", out var o) ? " @" + o.First() : string.Empty;
            Requests.Add($"{request.Method} {request.RequestUri.PathAndQuery}{offsetNote}");
            number = Requests.Count;
        }

        if (Intercept?.Invoke(number, request) is { } intercepted)
        {
            return intercepted;
        }

        if (path == "/health")
        {
            return Json(HttpStatusCode.OK, new JsonObject { ["status"] = "ok", ["version"] = "9.9.9" });
        }

        if (request.Headers.Authorization is not { Scheme: "Bearer" } auth || string.IsNullOrEmpty(auth.Parameter))
        {
            return Unauthorized(ServerDiagnostics.ApiKeyMissing);
        }

        if (auth.Parameter != Key)
        {
            return Unauthorized(ServerDiagnostics.ApiKeyInvalid);
        }

        if (path == "/api/v1/uploads" && request.Method == HttpMethod.Post)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var length = body["length"]!.GetValue<long>();
            if (MaxUploadBytes is { } max && length > max)
            {
                return Error(HttpStatusCode.RequestEntityTooLarge, ServerDiagnostics.UploadTooLarge, length, max);
            }

            var sha256 = body["sha256"]?.GetValue<string>();
            CreateSha256s.Add(sha256);
            if (sha256 is null && RequiresHashAtCreate)
            {
                // The words of the server before the extension, through the real catalogue.
                return Error(HttpStatusCode.BadRequest, ServerDiagnostics.MalformedRequest, "an upload needs a positive 'length' and a 'sha256' of 64 hexadecimal characters");
            }

            // 32 lower-case hex digits, as the server's ids; numbered, so a test knows them in advance.
            var id = Interlocked.Increment(ref _nextUpload).ToString("x32", CultureInfo.InvariantCulture);
            _uploads[id] = new FakeUpload(length, sha256, body["fileName"]!.GetValue<string>());
            ReceiveCounts[id] = new int[length];
            var created = Json(HttpStatusCode.Created, new JsonObject { ["uploadId"] = id, ["offset"] = 0, ["length"] = length });
            created.Headers.Location = new Uri("/api/v1/uploads/" + id, UriKind.Relative);
            return created;
        }

        if (path.StartsWith("/api/v1/uploads/", StringComparison.Ordinal))
        {
            var id = path["/api/v1/uploads/".Length..];
            if (!_uploads.TryGetValue(id, out var upload))
            {
                // HEAD has no body to say it in: a 404 with the problem type alone (the server's status code
                // pages write a problem, and HEAD drops it); a PATCH's answer says where the upload stands,
                // 0 for one that is not there.
                return request.Method == HttpMethod.Head
                    ? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([]) { Headers = { ContentType = new("application/problem+json") } } }
                    : request.Method == HttpMethod.Patch
                        ? WithOffset(Error(HttpStatusCode.NotFound, ServerDiagnostics.UploadNotFound, id), 0)
                        : Error(HttpStatusCode.NotFound, ServerDiagnostics.UploadNotFound, id);
            }

            if (request.Method == HttpMethod.Head)
            {
                var head = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
                head.Headers.Add(OffsetHeader, upload.Data.Length.ToString(CultureInfo.InvariantCulture));
                head.Headers.Add("Upload-Length", upload.Length.ToString(CultureInfo.InvariantCulture));
                if (upload.Sha256 is { } known)
                {
                    head.Headers.Add(Sha256Header, known);
                }

                head.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoStore = true };
                return head;
            }

            if (request.Method == HttpMethod.Patch)
            {
                return await PatchAsync(id, upload, request, cancellationToken);
            }
        }

        if (path == "/api/v1/publish" && request.Method == HttpMethod.Post)
        {
            var accepted = Json(HttpStatusCode.Accepted, new JsonObject { ["operationId"] = "op1", ["statusUrl"] = "/api/v1/operations/op1" });
            accepted.Headers.Location = new Uri(PublishLocation ?? "/api/v1/operations/op1", UriKind.Relative);
            if (PublishRetryAfterSeconds is { } seconds)
            {
                accepted.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }

            return accepted;
        }

        if (path.Contains("/operations/", StringComparison.Ordinal) || path == PublishLocation)
        {
            if (HangOnOperation)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Operation(request.RequestUri);
        }

        return OtherEndpoints?.Invoke(request.Method + " " + path) ?? Error(HttpStatusCode.NotFound, ServerDiagnostics.UnknownEndpoint, request.Method.Method, path);
    }

    private async Task<HttpResponseMessage> PatchAsync(string id, FakeUpload upload, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var offset = long.Parse(request.Headers.GetValues(OffsetHeader).First(), CultureInfo.InvariantCulture);
        var finalSha256 = request.Headers.TryGetValues(Sha256Header, out var given) ? given.First() : null;
        Sha256Headers.Add(finalSha256);
        if (upload.Complete || offset != upload.Data.Length)
        {
            OffsetMismatches++;
            return WithOffset(Error(HttpStatusCode.Conflict, ServerDiagnostics.UploadOffsetMismatch, upload.Data.Length, offset), upload.Data.Length);
        }

        long? dropAfter = DropPatchAfter.Count > 0 ? DropPatchAfter.Dequeue() : null;
        var sink = new DiskSink(upload, ReceiveCounts[id], dropAfter);
        try
        {
            await request.Content!.CopyToAsync(sink, cancellationToken);
        }
        catch (IOException e)
        {
            // What SocketsHttpHandler throws when the peer goes away while the body is sent.
            throw new HttpRequestException(HttpRequestError.Unknown, "Error while copying content to a stream.", e);
        }

        if (upload.Data.Length == upload.Length)
        {
            var expected = upload.Sha256 ?? finalSha256?.ToLowerInvariant();
            if (expected is null)
            {
                upload.Data.SetLength(offset);
                return WithOffset(Error(HttpStatusCode.BadRequest, ServerDiagnostics.UploadHashMissing, id), offset);
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(upload.Data.ToArray()));
            if (hash != expected)
            {
                _uploads.Remove(id);
                return WithOffset(Error(HttpStatusCode.UnprocessableEntity, ServerDiagnostics.UploadHashMismatch, hash, expected), upload.Data.Length);
            }

            upload.Sha256 = expected;
            upload.Complete = true;
        }

        return WithOffset(new HttpResponseMessage(HttpStatusCode.NoContent), upload.Data.Length);
    }

    private static HttpResponseMessage WithOffset(HttpResponseMessage response, long offset)
    {
        response.Headers.Add(OffsetHeader, offset.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    private static HttpResponseMessage Unauthorized(DiagnosticDescriptor descriptor)
    {
        var refused = Error(HttpStatusCode.Unauthorized, descriptor);
        refused.Headers.WwwAuthenticate.Add(new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer"));
        return refused;
    }

    private HttpResponseMessage Operation(Uri uri)
    {
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var after = long.Parse(query["after"] ?? "0", CultureInfo.InvariantCulture);
        AfterValues.Add(after);
        var step = OperationScript[Math.Min(_operationStep, OperationScript.Count - 1)];
        if (_operationStep < OperationScript.Count)
        {
            foreach (var line in step.NewLines)
            {
                line["sequence"] = (long)(_operationLog.Count + 1);
                _operationLog.Add(line);
            }

            _operationStep++;
        }

        var log = new JsonArray();
        foreach (var line in _operationLog.Where(l => IgnoreAfter || l["sequence"]!.GetValue<long>() > after))
        {
            log.Add(line.DeepClone());
        }

        var response = Json(HttpStatusCode.OK, new JsonObject
        {
            ["operationId"] = "op1",
            ["extension"] = "HelloExtension",
            ["version"] = "1.0.0",
            ["state"] = step.State,
            ["stage"] = "Deploy",
            ["log"] = log,
            ["nextAfter"] = (long)_operationLog.Count,
            ["deploymentPath"] = step.State == "succeeded" ? "/data/deployments/HelloExtension/1.0.0" : null,
        });
        if (step.State is "queued" or "running" && PublishRetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    /// <summary>A refusal as the server sends it: problem details with our code (the details come from the client's catalogue).</summary>
    public static HttpResponseMessage Problem(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/problem+json") };

    /// <summary>
    /// A refusal as the server writes it (OneClickPublish.Server's Problems.For): the code's title, its
    /// message with <paramref name="args"/> as detail, the code as an extension member. From the
    /// catalogue only, so the fake cannot say what the server would not.
    /// </summary>
    public static HttpResponseMessage Error(HttpStatusCode status, DiagnosticDescriptor descriptor, params object?[] args)
    {
        var diagnostic = Diagnostic.Create(descriptor, SourceLocation.None, args);
        return Problem(status, new JsonObject
        {
            ["title"] = descriptor.Title,
            ["status"] = (int)status,
            ["detail"] = diagnostic.Message,
            ["code"] = diagnostic.Code,
            ["traceId"] = "00-fake",
        });
    }

    public static JsonObject Line(string kind, string? stage = null, string? status = null, string? code = null, string? message = null, long? durationMs = null) =>
        JsonSerializer.SerializeToNode(new { kind, stage, status, code, message, details = code is null ? null : "details of " + code, durationMs })!.AsObject();

    internal sealed class FakeUpload(long length, string? sha256, string fileName)
    {
        public long Length { get; } = length;

        /// <summary>Given at creation, else by the PATCH that brought the last byte.</summary>
        public string? Sha256 { get; set; } = sha256;

        public string FileName { get; } = fileName;

        public MemoryStream Data { get; } = new();

        public bool Complete { get; set; }
    }

    /// <summary>The server's disk: keeps every byte written until the connection "drops".</summary>
    private sealed class DiskSink(FakeUpload upload, int[] counts, long? dropAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var take = dropAfter is { } limit ? (int)Math.Min(buffer.Length, Math.Max(0, limit - _written)) : buffer.Length;
            for (var i = 0; i < take; i++)
            {
                var at = upload.Data.Length + i;
                if (at >= counts.Length)
                {
                    throw new InvalidOperationException("the client sent more bytes than the upload's length");
                }

                counts[at]++;
            }

            upload.Data.Write(buffer[..take]);
            _written += take;
            if (take < buffer.Length)
            {
                throw new IOException("Connection reset by peer");
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
