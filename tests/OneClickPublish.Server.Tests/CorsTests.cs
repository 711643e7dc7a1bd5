using System.Net;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>Server:Cors:Origins: a configured origin's browser pages may call the API; any other origin gets no CORS headers.</summary>
[TestClass]
public sealed class CorsTests
{
    [TestMethod]
    public async Task A_configured_origin_gets_its_preflight_answered_without_a_key_and_others_do_not()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.CorsOrigins = ["https://console.example.com"]);
        using var anonymous = fixture.NewClient(key: null);

        using var allowed = await anonymous.SendAsync(Preflight("https://console.example.com"));
        Assert.AreEqual(HttpStatusCode.NoContent, allowed.StatusCode, "a preflight carries no key and is answered before the key check");
        Assert.AreEqual("https://console.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var other = await anonymous.SendAsync(Preflight("https://evil.example.com"));
        Assert.IsFalse(other.Headers.Contains("Access-Control-Allow-Origin"), "an origin not configured is not allowed");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/extensions");
        request.Headers.Add("Origin", "https://console.example.com");
        using var actual = await fixture.Client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.OK, actual.StatusCode);
        Assert.AreEqual("https://console.example.com", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [TestMethod]
    public async Task Without_origins_no_cors_header_is_sent()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/extensions");
        request.Headers.Add("Origin", "https://console.example.com");
        using var response = await fixture.Client.SendAsync(request);
        Assert.IsFalse(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/extensions");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return request;
    }
}
