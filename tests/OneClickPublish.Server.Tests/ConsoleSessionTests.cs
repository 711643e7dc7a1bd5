using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The web console's session over HTTP against a real server: a key exchanged for a cookie, the API
/// taking the cookie under the key's scope and grants, anti-forgery tokens, the key nowhere in a page
/// or the log, and the pages' headers. The browser tests (EndToEnd, Console folder) drive the same in Chromium.
/// </summary>
[TestClass]
public sealed partial class ConsoleSessionTests
{
    [TestMethod]
    public async Task Signing_in_exchanges_the_key_for_an_HttpOnly_SameSite_Strict_cookie_and_the_key_appears_nowhere()
    {
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o => o.ConfigureLogging = log.AddTo);
        var browser = new ConsoleBrowser(fixture);

        var signedIn = await browser.SignInAsync(fixture.Key);

        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ocp_session=", StringComparison.Ordinal));
        StringAssert.Contains(cookie, "httponly");
        StringAssert.Contains(cookie, "samesite=strict");
        Assert.IsFalse(cookie.Contains("secure", StringComparison.OrdinalIgnoreCase), "plain http: no Secure flag, or the browser would drop it");
        Assert.AreEqual("/console/", signedIn.Headers.Location?.OriginalString);
        var page = await browser.GetStringAsync("/console/");
        StringAssert.Contains(page, "id=\"signed-in-key\">initial<");
        foreach (var text in new[] { page, await browser.GetStringAsync("/console/server"), log.Text, string.Join('\n', signedIn.Headers.Location!.OriginalString) })
        {
            Assert.IsFalse(text.Contains(fixture.Key, StringComparison.Ordinal), "the key is in a page, a URL or the log");
            Assert.IsFalse(text.Contains(fixture.Key[^20..], StringComparison.Ordinal), "part of the key's secret is in a page or the log");
        }

        StringAssert.Contains(log.Text, "Console sign-in with key initial");
        Assert.AreEqual(1, fixture.CountRows("console_sessions"));
    }

    [TestMethod]
    public async Task A_wrong_key_or_a_missing_form_token_opens_no_session()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var browser = new ConsoleBrowser(fixture);

        var wrong = await browser.SignInAsync("ocp_0000000000000000_nope", expected: HttpStatusCode.Unauthorized);
        StringAssert.Contains(await wrong.Content.ReadAsStringAsync(), "OCP5353");

        await browser.GetStringAsync("/console/signin");
        using var forged = await browser.Http.PostAsync(new Uri("/console/signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = fixture.Key, ["_csrf"] = "not-the-token" }));
        Assert.AreEqual(HttpStatusCode.Forbidden, forged.StatusCode);
        StringAssert.Contains(await forged.Content.ReadAsStringAsync(), "OCP5350");
        Assert.AreEqual(0, fixture.CountRows("console_sessions"));
    }

    [TestMethod]
    public async Task The_api_takes_the_cookie_for_reads_but_a_change_needs_the_anti_forgery_token()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var admin = await KeyEndpointTests.AdminKeyAsync(fixture);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(admin);

        using (var list = await browser.Http.GetAsync(new Uri("/api/v1/keys", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, list.StatusCode);
        }

        var keysBefore = fixture.CountRows("api_keys");
        using (var noToken = await browser.Http.PostAsJsonAsync(new Uri("/api/v1/keys", UriKind.Relative), new { name = "ci" }))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, noToken.StatusCode);
            Assert.AreEqual("OCP5350", (await noToken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using (var wrongToken = await browser.SendAsync(HttpMethod.Post, "/api/v1/keys", new { name = "ci" }, token: "x" + browser.Csrf))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        }

        Assert.AreEqual(keysBefore, fixture.CountRows("api_keys"), "a refused request changed nothing");
        using (var withToken = await browser.SendAsync(HttpMethod.Post, "/api/v1/keys", new { name = "ci" }))
        {
            Assert.AreEqual(HttpStatusCode.Created, withToken.StatusCode);
        }
    }

    [TestMethod]
    public async Task A_read_key_sees_no_rollback_button_and_the_api_refuses_its_rollback()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Roll", "1.0.0").Build())).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Roll", "1.1.0").Build())).State);
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        var reader = (await keys.CreateAsync("reader", ApiKeyScope.Read)).Key;
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(reader);

        var page = await browser.GetStringAsync("/console/extensions/Roll");
        StringAssert.Contains(page, "1.0.0");
        Assert.IsFalse(page.Contains("class=\"rollback\"", StringComparison.Ordinal), "a read key is offered a rollback");
        Assert.IsFalse(page.Contains("/console/publish", StringComparison.Ordinal), "a read key is offered the publish page");
        using var refused = await browser.SendAsync(HttpMethod.Post, "/api/v1/extensions/Roll/rollback", new { version = "1.0.0" });
        Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.AreEqual("OCP5102", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.AreEqual("1.1.0", (await fixture.GetJsonAsync("/api/v1/extensions/Roll")).GetProperty("activeVersion").GetString());
    }

    [TestMethod]
    public async Task Revoking_the_key_ends_its_session_and_signing_out_ends_it_too()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var admin = await KeyEndpointTests.AdminKeyAsync(fixture);
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        var doomed = await keys.CreateAsync("doomed", ApiKeyScope.Publish);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(doomed.Key);
        Assert.AreEqual(HttpStatusCode.OK, (await browser.Http.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative))).StatusCode);

        await keys.RevokeAsync("doomed");

        using var ended = await browser.Http.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.AreEqual("OCP5351", (await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var page = await browser.Http.GetAsync(new Uri("/console/", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Redirect, page.StatusCode);
        StringAssert.Contains(page.Headers.Location!.OriginalString, "/console/signin?returnUrl=%2Fconsole%2F&ended=1");

        var other = new ConsoleBrowser(fixture);
        await other.SignInAsync(admin);
        using var signedOut = await other.Http.PostAsync(new Uri("/console/signout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = other.Csrf }));
        Assert.AreEqual(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await other.Http.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative))).StatusCode);
    }

    [TestMethod]
    public async Task A_session_ends_after_its_lifetime()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.ConsoleSessionLifetime = TimeSpan.FromSeconds(1));
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);
        await Task.Delay(1500);
        using var ended = await browser.Http.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Unauthorized, ended.StatusCode);
    }

    [TestMethod]
    public async Task Pages_carry_a_strict_content_security_policy_and_no_inline_script()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Csp", "1.0.0").Build())).State);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(await KeyEndpointTests.AdminKeyAsync(fixture));
        foreach (var path in new[] { "/console/", "/console/extensions/Csp", "/console/extensions/Csp/versions/1.0.0", "/console/keys", "/console/server", "/console/publish", "/console/help/OCP5111" })
        {
            using var response = await browser.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, path);
            var csp = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
            StringAssert.Contains(csp, "script-src 'self'", path);
            Assert.IsFalse(csp.Contains("unsafe-inline", StringComparison.Ordinal), path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.IsFalse(InlineScript().IsMatch(html), $"{path} has an inline script");
            Assert.IsFalse(html.Contains(" style=\"", StringComparison.Ordinal), $"{path} has an inline style");
            foreach (Match asset in AssetUrl().Matches(html))
            {
                using var served = await browser.Http.GetAsync(new Uri(WebUtility.HtmlDecode(asset.Groups[1].Value), UriKind.Relative));
                Assert.AreEqual(HttpStatusCode.OK, served.StatusCode, asset.Value);
                StringAssert.StartsWith(served.Content.Headers.ContentType?.MediaType, "text/", asset.Value);
            }
        }
    }

    [GeneratedRegex("(?:src|href)=\"(/console/assets/[^\"]+)\"")]
    private static partial Regex AssetUrl();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
