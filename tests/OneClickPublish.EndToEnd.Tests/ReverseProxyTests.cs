using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// Publishing through nginx with TLS, configured by the repository's deploy/nginx/oneclick.conf, to a
/// real server process that trusts 127.0.0.1 as its proxy (Server:ForwardedHeaders:KnownProxies). The
/// client trusts the test's self-signed certificate the way any OpenSSL program on Linux can be told
/// to: SSL_CERT_FILE. Needs Debian's nginx (.ci/run installs it): without it the tests fail on CI
/// (CI=true) and are inconclusive elsewhere.
/// </summary>
[TestClass]
public sealed partial class ReverseProxyTests
{
    private const string ProxyAddress = "127.0.0.1";
    private static string? _nginx;
    private static TestCertificate? _certificate;
    private static ServerProcess? _server;
    private static NginxProxy? _proxy;

    [ClassInitialize]
    public static void StartProxy(TestContext context)
    {
        _ = context;
        _nginx = NginxProxy.Find();
        if (_nginx is null)
        {
            return;
        }

        _certificate = TestCertificate.Create(Path.Combine(PackedPackage.WorkRoot, "tls-" + Guid.NewGuid().ToString("N")[..8]));
        _server = ServerProcess.StartAsync(TrustingTheProxy).GetAwaiter().GetResult();
        _proxy = NginxProxy.StartAsync(_nginx, _server.Port, _certificate).GetAwaiter().GetResult();
    }

    [ClassCleanup]
    public static void StopProxy()
    {
        _proxy?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static Dictionary<string, string> TrustingTheProxy => new() { ["ONECLICK_Server__ForwardedHeaders__KnownProxies__0"] = ProxyAddress };

    [TestMethod]
    public void Dotnet_build_publishes_a_200_MB_extension_through_https_nginx_and_the_deployed_file_is_the_same()
    {
        var (server, proxy, certificate) = Require();
        var sample = SampleProject.Copy(name: "Proxied-" + Guid.NewGuid().ToString("N")[..8]);
        // Random bytes do not compress: the XIF, and each of its upload's PATCHes, is really this large.
        var payload = Path.Combine(sample.Directory, "Resources", "payload.bin");
        var sha256 = WriteRandomFile(payload, 200L * 1024 * 1024);
        sample.EditDefinition(xml => xml.Replace("</Resources>",
            "<Resource Path=\"Resources/payload.bin\" DeployAction=\"Application\" Description=\"200 MB of random bytes.\" /></Resources>", StringComparison.Ordinal));

        var result = sample.Build(new Dictionary<string, string> { ["ONECLICK_API_KEY"] = server.ApiKey, ["SSL_CERT_FILE"] = certificate.TrustBundle },
            "-t:OneClickPublish", $"-p:OneClickPublishServer={proxy.Url}", "-p:OneClickPublishRetries=0");

        Assert.IsTrue(result.Succeeded, $"{result}\n--- server\n{server.Output}\n--- nginx\n{proxy.ErrorLog}");
        var info = SharedServer.Extension(server, "HelloExtension");
        Assert.AreEqual("1.0.0", info.ActiveVersion);
        var deployed = Directory.EnumerateFiles(info.Versions.Single().DeploymentPath!, "payload.bin", SearchOption.AllDirectories).Single();
        Assert.AreEqual(sha256, Sha256Of(deployed), "the deployed file is the one that was built, byte for byte");
        // It went through nginx: 200 MB in PATCHes of at most 64 MiB, each one answered 204.
        var patches = PatchLine().Matches(proxy.AccessLog).Select(static m => long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.IsTrue(patches.Count >= 4, proxy.AccessLog);
        Assert.IsTrue(patches.Sum() > 200L * 1024 * 1024, proxy.AccessLog);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Urls_the_server_writes_through_the_proxy_have_its_https_scheme_and_host()
    {
        var (server, proxy, certificate) = Require();
        using var client = Client(certificate, proxy, server);

        using var document = await client.GetAsync(new Uri("openapi/v1.json", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, document.StatusCode);
        using var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync());
        Assert.AreEqual(proxy.Url.ToString().TrimEnd('/'), json.RootElement.GetProperty("servers")[0].GetProperty("url").GetString()!.TrimEnd('/'),
            "the server believed the proxy's X-Forwarded-Proto and Host: its own address is http on another port");

        using var created = await client.PostAsJsonAsync(new Uri("api/v1/uploads", UriKind.Relative), new { length = 10, sha256 = new string('0', 64), fileName = "a.xif" });
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        var location = new Uri(created.RequestMessage!.RequestUri!, created.Headers.Location!);
        Assert.AreEqual(Uri.UriSchemeHttps, location.Scheme);
        Assert.AreEqual(proxy.Url.Authority, location.Authority);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Upload_bytes_reach_the_server_while_the_patch_is_still_being_sent()
    {
        var (server, proxy, certificate) = Require();
        using var client = Client(certificate, proxy, server);
        var bytes = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        using var created = await client.PostAsJsonAsync(new Uri("api/v1/uploads", UriKind.Relative),
            new { length = bytes.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), fileName = "streamed.xif" });
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode, await created.Content.ReadAsStringAsync());
        var upload = new Uri(created.RequestMessage!.RequestUri!, created.Headers.Location!);

        // The body sends half, then waits until the server (asked through nginx, on another connection)
        // has those bytes: a proxy that buffers request bodies would hold them until the whole body came.
        var half = bytes.Length / 2;
        using var patch = new HttpRequestMessage(HttpMethod.Patch, upload)
        {
            Content = new PausingContent(bytes, half, () => WaitForOffsetAsync(client, upload, half)),
        };
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        patch.Headers.Add("Upload-Offset", "0");
        using var patched = await client.SendAsync(patch);

        Assert.AreEqual(HttpStatusCode.NoContent, patched.StatusCode, await patched.Content.ReadAsStringAsync());
        Assert.AreEqual(bytes.Length.ToString(CultureInfo.InvariantCulture), patched.Headers.GetValues("Upload-Offset").Single());
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task A_long_poll_waits_through_the_proxy_and_is_answered_by_the_server_not_cut_by_nginx()
    {
        // A publish held before its activation has nothing more to log: a long poll for the line after
        // its last one waits the whole wait. Through nginx it must come back 200 from the server after
        // that wait (proxy_buffering off, proxy_read_timeout above the 60 s a poll may wait), not as a
        // 504 from nginx. The wait of 60 s is the protocol's maximum, and nginx's default read timeout.
        var (_, _, certificate) = Require();
        var nginx = _nginx!;
        await using var server = await ServerProcess.StartAsync(TrustingTheProxy, holdAt: "BeforeActivate");
        await using var proxy = await NginxProxy.StartAsync(nginx, server.Port, certificate);
        using var client = Client(certificate, proxy, server);
        var xif = Path.Combine(PackedPackage.WorkRoot, "longpoll-" + Guid.NewGuid().ToString("N")[..8] + ".xif");
        var sample = SampleProject.Copy(name: "LongPoll-" + Guid.NewGuid().ToString("N")[..8]);
        var saved = sample.Build("-t:OneClickSave", $"-p:OneClickPublishXifPath={xif}");
        Assert.IsTrue(saved.Succeeded, saved.ToString());
        var bytes = await File.ReadAllBytesAsync(xif);
        using var created = await client.PostAsJsonAsync(new Uri("api/v1/uploads", UriKind.Relative),
            new { length = bytes.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), fileName = "longpoll.xif" });
        var upload = new Uri(created.RequestMessage!.RequestUri!, created.Headers.Location!);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, upload) { Content = new ByteArrayContent(bytes) };
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        patch.Headers.Add("Upload-Offset", "0");
        using (var patched = await client.SendAsync(patch))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, patched.StatusCode);
        }

        using var accepted = await client.PostAsJsonAsync(new Uri("api/v1/publish", UriKind.Relative), new { uploadId = upload.Segments[^1] });
        Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
        var status = new Uri(accepted.RequestMessage!.RequestUri!, accepted.Headers.Location!);
        long last;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!Directory.Exists(Path.Combine(server.DataDirectory, "deployments", "HelloExtension", "1.0.0")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        using (var current = JsonDocument.Parse(await client.GetStringAsync(status)))
        {
            last = current.RootElement.GetProperty("nextAfter").GetInt64();
        }

        var started = DateTime.UtcNow;
        using var polled = await client.GetAsync(new Uri($"{status}/log?after={last}&wait=60"));
        var waited = DateTime.UtcNow - started;

        Assert.AreEqual(HttpStatusCode.OK, polled.StatusCode, $"{await polled.Content.ReadAsStringAsync()}\n{proxy.ErrorLog}");
        Assert.IsTrue(waited >= TimeSpan.FromSeconds(59), $"the server held the poll for its wait, and nginx let it: {waited}");
    }

    /// <summary>The proxy, its server and the certificate, or a clear failure on CI / an inconclusive test elsewhere when nginx is not installed.</summary>
    private static (ServerProcess Server, NginxProxy Proxy, TestCertificate Certificate) Require()
    {
        if (_server is not null && _proxy is not null && _certificate is not null)
        {
            return (_server, _proxy, _certificate);
        }

        const string Missing = "nginx is not installed on this machine (.ci/run installs Debian's nginx; apt-get install nginx does it here).";
        throw MissingTool.Report(Missing);
    }

    private static HttpClient Client(TestCertificate certificate, NginxProxy proxy, ServerProcess server)
    {
        var client = certificate.NewClient(proxy.Url);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
        return client;
    }

    private static async Task WaitForOffsetAsync(HttpClient client, Uri upload, long offset)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, upload));
            var now = long.Parse(head.Headers.GetValues("Upload-Offset").Single(), CultureInfo.InvariantCulture);
            if (now >= offset)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server had {now} of the {offset} bytes sent 30 s ago: the proxy holds request bodies back (proxy_request_buffering must be off).");
            }

            await Task.Delay(100);
        }
    }

    private static string WriteRandomFile(string path, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = File.Create(path);
        var buffer = new byte[4 * 1024 * 1024];
        for (long written = 0; written < length; written += buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            var count = (int)Math.Min(buffer.Length, length - written);
            file.Write(buffer, 0, count);
            hash.AppendData(buffer, 0, count);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>nginx's access log line (<see cref="NginxProxy"/>'s format) of a PATCH answered 204, with the bytes nginx received for it.</summary>
    [GeneratedRegex("^PATCH /api/v1/uploads/[0-9a-f]{32} 204 (?<bytes>\\d+)$", RegexOptions.Multiline)]
    private static partial Regex PatchLine();

    /// <summary>A body that sends its first <c>pauseAt</c> bytes, waits for <c>resume</c>, then sends the rest; its length is known, as the client's PATCHes are.</summary>
    private sealed class PausingContent(byte[] bytes, int pauseAt, Func<Task> resume) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, pauseAt));
            await stream.FlushAsync();
            await resume();
            await stream.WriteAsync(bytes.AsMemory(pauseAt));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
