using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The sign-in form's edges against a real server (where it sends a browser back to, an ended session
/// said so, forms that are not forms or over the limits, a sign-out without its token), the help
/// pages, the assets' caching, the scopes of the key and publish pages, and the pages under a prefix a
/// trusted proxy forwards.
/// </summary>
[TestClass]
public sealed partial class ConsoleSignInTests
{
    [TestMethod]
    public async Task Signing_in_goes_back_to_a_console_page_only_and_an_ended_session_is_said_so()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var browser = new ConsoleBrowser(fixture);

        var ended = await browser.GetStringAsync("/console/signin?returnUrl=%2Fconsole%2Fserver&ended=1");
        StringAssert.Contains(ended, "<p class=\"msg information\" role=\"status\"><a href=\"/console/help/OCP5351\" class=\"code\">OCP5351</a>");
        StringAssert.Contains(ended, "name=\"returnUrl\" value=\"/console/server\"");
        Assert.AreEqual("/console/server", (await SignInAsync(browser, fixture.Key, "/console/server")).Headers.Location?.OriginalString);

        // Signed in, the form sends the browser on: back where it asked to go, never to another site or the API.
        foreach (var (returnUrl, expected) in new[]
                 {
                     ("/console/keys", "/console/keys"),
                     ("https://evil.example/console/", "/console/"),
                     ("//evil.example/console/", "/console/"),
                     ("/console//evil.example", "/console/"),
                     ("/console/\\evil.example", "/console/"),
                     ("/api/v1/keys", "/console/"),
                     (string.Empty, "/console/"),
                 })
        {
            using var response = await browser.Http.GetAsync(new Uri("/console/signin?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, returnUrl);
            Assert.AreEqual(expected, response.Headers.Location?.OriginalString, returnUrl);
        }

        var other = new ConsoleBrowser(fixture);
        var form = await other.GetStringAsync("/console/signin?returnUrl=" + Uri.EscapeDataString("https://evil.example/"));
        Assert.IsFalse(form.Contains("evil.example", StringComparison.Ordinal), "a foreign return address is not carried in the form");
        Assert.IsFalse(form.Contains("OCP5351", StringComparison.Ordinal), "no session ended here");
        Assert.AreEqual("/console/", (await SignInAsync(other, fixture.Key, "https://evil.example/")).Headers.Location?.OriginalString);
    }

    [TestMethod]
    public async Task A_sign_in_that_is_not_a_form_has_no_form_cookie_or_is_over_the_form_limits_is_refused_with_OCP5350()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var browser = new ConsoleBrowser(fixture);

        // No form cookie: the form was never served to this browser.
        using (var noCookie = await browser.Http.PostAsync(new Uri("/console/signin", UriKind.Relative),
                   new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = "x", ["key"] = fixture.Key })))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, noCookie.StatusCode);
            StringAssert.Contains(await noCookie.Content.ReadAsStringAsync(), ">OCP5350</a>");
        }

        var token = FormToken().Match(await browser.GetStringAsync("/console/signin")).Groups[1].Value;
        using (var json = await browser.Http.PostAsJsonAsync(new Uri("/console/signin", UriKind.Relative), new { _csrf = token, key = fixture.Key }))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, json.StatusCode, "JSON is no form");
        }

        token = FormToken().Match(await browser.GetStringAsync("/console/signin")).Groups[1].Value;
        var fields = Enumerable.Range(0, 1100).Select(static i => new KeyValuePair<string, string>($"f{i}", "x"))
            .Append(new("_csrf", token)).Append(new("key", fixture.Key));
        using (var tooMany = await browser.Http.PostAsync(new Uri("/console/signin", UriKind.Relative), new FormUrlEncodedContent(fields)))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, tooMany.StatusCode, "a form over the limits is read as none");
            StringAssert.Contains(await tooMany.Content.ReadAsStringAsync(), ">OCP5350</a>");
        }

        Assert.AreEqual(0, fixture.CountRows("console_sessions"));
    }

    [TestMethod]
    public async Task Signing_out_needs_the_session_s_token_and_without_a_session_just_goes_to_the_form()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        using (var forged = await browser.Http.PostAsync(new Uri("/console/signout", UriKind.Relative),
                   new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = "forged" })))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, forged.StatusCode);
            StringAssert.Contains(await forged.Content.ReadAsStringAsync(), ">OCP5350</a>");
        }

        using (var notAForm = await browser.Http.PostAsJsonAsync(new Uri("/console/signout", UriKind.Relative), new { _csrf = browser.Csrf }))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, notAForm.StatusCode);
        }

        Assert.AreEqual(1, fixture.CountRows("console_sessions"), "a refused sign-out ends nothing");
        StringAssert.Contains(await browser.GetStringAsync("/console/"), "id=\"signed-in-key\">initial<");

        var anonymous = new ConsoleBrowser(fixture);
        using var signedOut = await anonymous.Http.PostAsync(new Uri("/console/signout", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.AreEqual(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.AreEqual("/console/signin", signedOut.Headers.Location?.OriginalString);
        Assert.AreEqual(1, fixture.CountRows("console_sessions"));
    }

    [TestMethod]
    public async Task Help_pages_render_their_lists_and_code_and_an_unknown_code_has_none()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var anonymous = new ConsoleBrowser(fixture);

        var help = await anonymous.GetStringAsync("/console/help/OCP5001");
        StringAssert.Contains(help, "<h1>OCP5001: ");
        StringAssert.Contains(help, "<ul><li>MSBuild: <code>dotnet build -t:OneClickPublish -p:OneClickPublishServer=http://127.0.0.1:5080</code>");
        StringAssert.Contains(help, "<pre><code>");
        Assert.IsFalse(help.Contains("id=\"signed-in-key\"", StringComparison.Ordinal), "help needs no session");

        foreach (var code in new[] { "OCP9999", "nonsense", "ocp5001" })
        {
            var missing = await anonymous.GetStringAsync("/console/help/" + code, HttpStatusCode.NotFound);
            StringAssert.Contains(missing, ">OCP5125</a>", code);
        }
    }

    [TestMethod]
    public async Task The_root_and_assets_answer_as_a_browser_expects()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var browser = new ConsoleBrowser(fixture);

        using (var root = await browser.Http.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.Redirect, root.StatusCode);
            Assert.AreEqual("/console/", root.Headers.Location?.OriginalString);
            Assert.IsTrue(root.Headers.Contains("Content-Security-Policy"));
        }

        using (var favicon = await browser.Http.GetAsync(new Uri("/favicon.ico", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, favicon.StatusCode);
        }

        using (var unknown = await browser.Http.GetAsync(new Uri("/console/assets/nothing.js", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        string etag;
        using (var css = await browser.Http.GetAsync(new Uri("/console/assets/console.css", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, css.StatusCode);
            Assert.AreEqual("text/css", css.Content.Headers.ContentType?.MediaType);
            StringAssert.Contains(css.Headers.CacheControl?.ToString(), "immutable");
            etag = css.Headers.ETag!.Tag;
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/assets/console.css");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var cached = await browser.Http.SendAsync(again);
        Assert.AreEqual(HttpStatusCode.NotModified, cached.StatusCode);
    }

    [TestMethod]
    public async Task The_keys_page_is_for_admin_keys_and_the_publish_page_for_publish_keys()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        var reader = new ConsoleBrowser(fixture);
        await reader.SignInAsync((await keys.CreateAsync("reader", ApiKeyScope.Read)).Key);
        var publisher = new ConsoleBrowser(fixture);
        await publisher.SignInAsync(fixture.Key);

        var keysRefused = await publisher.GetStringAsync("/console/keys", HttpStatusCode.Forbidden);
        StringAssert.Contains(keysRefused, ">OCP5102</a>");
        StringAssert.Contains(keysRefused, "admin");
        StringAssert.Contains(await reader.GetStringAsync("/console/publish", HttpStatusCode.Forbidden), ">OCP5102</a>");
        StringAssert.Contains(await publisher.GetStringAsync("/console/publish"), "<h1>");
    }

    [TestMethod]
    public async Task Behind_a_trusted_proxy_the_pages_link_under_its_prefix()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.ForwardedHeaders = new TrustedProxyOptions { KnownProxies = ["127.0.0.1"] });
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Proxied", "1.0.0").Build())).State);
        var done = await fixture.PublishAsync(new TestXif("Proxied", "1.0.1").Build());
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(await KeyEndpointTests.AdminKeyAsync(fixture));

        foreach (var path in new[]
                 {
                     "/console/", "/console/extensions/Proxied", "/console/extensions/Proxied/versions/1.0.0",
                     "/console/extensions/Proxied/compare?from=1.0.0&to=1.0.1", "/console/operations/" + done.Final.GetProperty("operationId").GetString(),
                     "/console/keys", "/console/server", "/console/publish", "/console/help/OCP5111", "/console/extensions/Nothing",
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Forwarded-Prefix", "/oneclick");
            using var response = await browser.Http.SendAsync(request);
            var page = await response.Content.ReadAsStringAsync();
            StringAssert.Contains(page, "href=\"/oneclick/console/assets/console.css?v=", path);
            Assert.IsFalse(LinkOutsidePrefix().IsMatch(page), $"{path} links outside the prefix: {LinkOutsidePrefix().Match(page).Value}");
        }

        using var signIn = new HttpRequestMessage(HttpMethod.Get, "/console/signin?returnUrl=%2Fconsole%2Fkeys");
        signIn.Headers.Add("X-Forwarded-Prefix", "/oneclick");
        using var back = await browser.Http.SendAsync(signIn);
        Assert.AreEqual("/oneclick/console/keys", back.Headers.Location?.OriginalString);
    }

    private static async Task<HttpResponseMessage> SignInAsync(ConsoleBrowser browser, string key, string returnUrl)
    {
        var token = FormToken().Match(await browser.GetStringAsync("/console/signin")).Groups[1].Value;
        var response = await browser.Http.PostAsync(new Uri("/console/signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = token, ["key"] = key, ["returnUrl"] = returnUrl }));
        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("(?:href|action|src)=\"/(?!oneclick/)[^\"]*\"")]
    private static partial Regex LinkOutsidePrefix();
}
