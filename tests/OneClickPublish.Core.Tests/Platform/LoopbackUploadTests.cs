using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OneClickPublish.Platform;

namespace OneClickPublish.Core.Tests.Platform;

/// <summary>
/// The upload over real sockets (SocketsHttpHandler, no fake handler) against a minimal
/// HttpListener that speaks the upload part of the protocol and drops the connection part way
/// through a body: checks that a real dropped connection is recognised, retried and resumed.
/// </summary>
[TestClass]
public sealed class LoopbackUploadTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Upload_over_a_real_connection_that_drops_resumes_from_what_the_server_wrote()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bytes = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(Path.GetTempPath(), "ocp-loopback-" + Guid.NewGuid().ToString("N") + ".xif");
        await File.WriteAllBytesAsync(path, bytes, TestContext.CancellationToken);
        var server = new MiniUploadServer(listener, dropFirstPatchAfter: 1024 * 1024);
        var serving = Task.Run(() => server.ServeAsync(TestContext.CancellationToken), TestContext.CancellationToken);
        try
        {
            using var client = new PlatformClient(new PlatformClientOptions
            {
                Server = $"http://127.0.0.1:{port}",
                ApiKey = "k",
                RetryDelay = TimeSpan.FromMilliseconds(50),
                ChunkSize = 64 * 1024 * 1024,
            });

            await client.UploadAsync(path, null, TestContext.CancellationToken);

            Assert.AreEqual(bytes.Length, server.Received.Length, string.Join(", ", server.Requests));
            CollectionAssert.AreEqual(bytes, server.Received.ToArray());
            Assert.AreEqual(bytes.Length, server.BytesWritten, "a byte the server had was sent again");
            // HttpListener sometimes answers an aborted request with 200 before closing instead of
            // dropping it: either way the client must ask the offset and resume from it. The last
            // 1 MiB goes on its own, with the SHA-256 hashed while the rest was sent (the bytes sent
            // twice counted once).
            var last = bytes.Length - UploadPlan.LastPieceMaxSize;
            CollectionAssert.AreEqual(new[] { "POST", "PATCH @0", "HEAD", $"PATCH @{1024 * 1024}", $"PATCH @{last} with Upload-SHA256" }, server.Requests.ToArray());
            Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), server.FinalSha256);
        }
        finally
        {
            listener.Stop();
            await Task.WhenAny(serving, Task.Delay(1000, TestContext.CancellationToken));
            File.Delete(path);
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private sealed class MiniUploadServer(HttpListener listener, long dropFirstPatchAfter)
    {
        private bool _dropped;

        public MemoryStream Received { get; } = new();

        public long BytesWritten { get; private set; }

        public List<string> Requests { get; } = [];

        public string? FinalSha256 { get; private set; }

        public async Task ServeAsync(CancellationToken ct)
        {
            while (listener.IsListening && !ct.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                await HandleAsync(context, ct);
            }
        }

        private async Task HandleAsync(HttpListenerContext context, CancellationToken ct)
        {
            var request = context.Request;
            var response = context.Response;
            switch (request.HttpMethod)
            {
                case "POST":
                    Requests.Add("POST");
                    response.StatusCode = 201;
                    var body = Encoding.UTF8.GetBytes("""{"uploadId":"up1","offset":0,"length":0}""");
                    response.ContentType = "application/json";
                    await response.OutputStream.WriteAsync(body, ct);
                    response.Close();
                    return;
                case "HEAD":
                    Requests.Add("HEAD");
                    response.StatusCode = 200;
                    response.Headers["Upload-Offset"] = Received.Length.ToString(CultureInfo.InvariantCulture);
                    response.Close();
                    return;
                case "PATCH":
                    FinalSha256 = request.Headers["Upload-SHA256"];
                    Requests.Add("PATCH @" + request.Headers["Upload-Offset"] + (FinalSha256 is null ? string.Empty : " with Upload-SHA256"));
                    var limit = _dropped ? long.MaxValue : dropFirstPatchAfter;
                    var buffer = new byte[64 * 1024];
                    long taken = 0;
                    while (taken < limit)
                    {
                        var read = await request.InputStream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - taken)), ct);
                        if (read == 0)
                        {
                            break;
                        }

                        Received.Write(buffer, 0, read);
                        BytesWritten += read;
                        taken += read;
                    }

                    if (!_dropped)
                    {
                        _dropped = true;
                        response.Abort(); // the connection drops with the rest of the body unread
                        return;
                    }

                    response.StatusCode = 204;
                    response.Headers["Upload-Offset"] = Received.Length.ToString(CultureInfo.InvariantCulture);
                    response.Close();
                    return;
                default:
                    response.StatusCode = 405;
                    response.Close();
                    return;
            }
        }
    }
}
