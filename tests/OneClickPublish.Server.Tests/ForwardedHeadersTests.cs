using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Server:ForwardedHeaders: X-Forwarded-* headers change the client's address (request log), the scheme
/// and host (the OpenAPI document's server URL) and the path base (Location) only when the request
/// comes from a configured proxy. The tests talk over loopback, so "a configured proxy" is 127.0.0.1
/// configured, and "anyone else" is 127.0.0.1 while only other addresses are.
/// </summary>
[TestClass]
public sealed class ForwardedHeadersTests
{
    private const string ClientAddress = "203.0.113.7";

    [TestMethod]
    [DataRow(new string[0], new string[0], DisplayName = "no proxy configured")]
    [DataRow(new[] { "10.0.0.1", "::1" }, new[] { "192.168.0.0/16", "127.0.0.0/32" }, DisplayName = "other proxies configured")]
    public async Task Headers_from_an_address_that_is_not_a_configured_proxy_are_ignored(string[] proxies, string[] networks)
    {
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ForwardedHeaders = new TrustedProxyOptions { KnownProxies = proxies, KnownNetworks = networks };
            o.ConfigureLogging = log.AddTo;
        });

        var seen = await SendSpoofedAsync(fixture, log);

        Assert.AreEqual("127.0.0.1", seen.Client, "the address the connection came from");
        Assert.AreEqual($"http://127.0.0.1:{fixture.Server.BaseAddress.Port}", seen.ServerUrl.TrimEnd('/'), "the scheme and host the request really had");
        StringAssert.StartsWith(seen.Location, "/api/v1/uploads/", "no path base from the header");
    }

    [TestMethod]
    [DataRow(new[] { "127.0.0.1" }, new string[0], DisplayName = "the proxy's address")]
    [DataRow(new string[0], new[] { "127.0.0.0/8" }, DisplayName = "the proxy's network")]
    public async Task Headers_from_a_configured_proxy_set_the_client_scheme_host_and_path_base(string[] proxies, string[] networks)
    {
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ForwardedHeaders = new TrustedProxyOptions { KnownProxies = proxies, KnownNetworks = networks };
            o.ConfigureLogging = log.AddTo;
        });

        var seen = await SendSpoofedAsync(fixture, log);

        Assert.AreEqual(ClientAddress, seen.Client, "the address the proxy forwarded");
        Assert.AreEqual("https://oneclick.example.com/oneclick", seen.ServerUrl.TrimEnd('/'), "the scheme, host and prefix the proxy forwarded");
        StringAssert.StartsWith(seen.Location, "/oneclick/api/v1/uploads/", "the Location is under the proxy's prefix");
    }

    [TestMethod]
    public async Task An_address_a_client_wrote_into_X_Forwarded_For_before_the_proxy_is_not_believed()
    {
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ForwardedHeaders = new TrustedProxyOptions { KnownProxies = ["127.0.0.1"] };
            o.ConfigureLogging = log.AddTo;
        });

        // What a proxy that appends sends on when its client (203.0.113.7) claimed to be 10.9.9.9.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Forwarded-For", "10.9.9.9, " + ClientAddress);
        using var response = await fixture.Client.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(ClientAddress, await ClientOfAsync(log, "GET /health"), "the hop before the trusted proxy is not a trusted proxy: its claim stops there");
    }

    [TestMethod]
    public void Settings_read_lists_of_proxies_and_networks_and_the_configured_list_replaces_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:DataDirectory"] = "data",
            ["Server:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Server:ForwardedHeaders:KnownProxies:1"] = "2001:db8::5",
            ["Server:ForwardedHeaders:KnownNetworks"] = "10.0.0.0/8",
        }).Build();
        var defaults = new PlatformServerOptions { ForwardedHeaders = new TrustedProxyOptions { KnownProxies = ["192.0.2.1"] } };

        var options = ServerConfiguration.Bind(configuration, defaults);

        CollectionAssert.AreEqual(new[] { "127.0.0.1", "2001:db8::5" }, options.ForwardedHeaders.KnownProxies.ToArray());
        CollectionAssert.AreEqual(new[] { "10.0.0.0/8" }, options.ForwardedHeaders.KnownNetworks.ToArray());
    }

    [TestMethod]
    [DataRow("10")]
    [DataRow("10.1")]
    [DataRow("10.0.0")]
    [DataRow("300.1.1.1")]
    [DataRow("10.0.0.1/32")]
    [DataRow("fe80::1%eth0")]
    [DataRow("proxy.example.com")]
    [DataRow("")]
    public void A_proxy_that_is_not_an_exact_address_is_refused_with_OCP5230(string proxy)
    {
        var errors = PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions
        {
            DataDirectory = "data",
            ForwardedHeaders = new TrustedProxyOptions { KnownProxies = [proxy] },
        });

        var error = errors.Single();
        Assert.AreEqual("Server:ForwardedHeaders:KnownProxies", error.Key);
        Assert.AreEqual("OCP5230", error.Error.Code);
        StringAssert.Contains(error.Error.Message, "an IP address such as 10.0.0.5");
    }

    [TestMethod]
    [DataRow("10.0.0.1/8")]
    [DataRow("10.0.0.0/33")]
    [DataRow("10.0.0.0")]
    [DataRow("10/8")]
    [DataRow("10.0.0.0/")]
    [DataRow("10.0.0.0/-1")]
    [DataRow("2001:db8::/129")]
    [DataRow("/8")]
    public void A_network_that_is_not_exact_CIDR_is_refused_with_OCP5230(string network)
    {
        var errors = PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions
        {
            DataDirectory = "data",
            ForwardedHeaders = new TrustedProxyOptions { KnownNetworks = [network] },
        });

        var error = errors.Single();
        Assert.AreEqual("Server:ForwardedHeaders:KnownNetworks", error.Key);
        Assert.AreEqual("OCP5230", error.Error.Code);
    }

    [TestMethod]
    public void Exact_addresses_and_networks_of_both_families_are_accepted()
    {
        var errors = PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions
        {
            DataDirectory = "data",
            ForwardedHeaders = new TrustedProxyOptions { KnownProxies = ["127.0.0.1", "::1", "2001:db8::5"], KnownNetworks = ["10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32"] },
        });

        Assert.AreEqual(0, errors.Count, string.Join("; ", errors.Select(static e => e.Error.Message)));
    }

    /// <summary>
    /// Sends what a proxy would: a request for the OpenAPI document and an upload's creation, each with
    /// X-Forwarded-For/-Proto/-Host/-Prefix, and reads what the server made of them.
    /// </summary>
    private static async Task<(string Client, string ServerUrl, string Location)> SendSpoofedAsync(ServerFixture fixture, CapturedLog log)
    {
        using var document = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        Forward(document);
        using var documentResponse = await fixture.Client.SendAsync(document);
        Assert.AreEqual(HttpStatusCode.OK, documentResponse.StatusCode);
        using var json = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync());
        var serverUrl = json.RootElement.GetProperty("servers")[0].GetProperty("url").GetString()!;

        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads")
        {
            Content = JsonContent.Create(new { length = 10, sha256 = new string('0', 64), fileName = "a.xif" }),
        };
        Forward(upload);
        using var uploadResponse = await fixture.Client.SendAsync(upload);
        Assert.AreEqual(HttpStatusCode.Created, uploadResponse.StatusCode, await uploadResponse.Content.ReadAsStringAsync());

        return (await ClientOfAsync(log, "POST /api/v1/uploads 201"), serverUrl, uploadResponse.Headers.Location!.OriginalString);
    }

    private static void Forward(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", ClientAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "oneclick.example.com");
        request.Headers.Add("X-Forwarded-Prefix", "/oneclick");
    }

    /// <summary>The client address of the request line that starts with <paramref name="request"/>; it is logged once the answer is sent.</summary>
    private static async Task<string> ClientOfAsync(CapturedLog log, string request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var line = log.Text.Split('\n').FirstOrDefault(l => l.Contains(": " + request, StringComparison.Ordinal));
            if (line is not null)
            {
                var from = line.IndexOf("(from ", StringComparison.Ordinal) + "(from ".Length;
                return line[from..line.IndexOf(',', from)];
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No request line '{request}' in the log:\n{log.Text}");
            }

            await Task.Delay(20);
        }
    }
}
