using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// What a browser does with the console over plain HTTP: keeps cookies, follows no redirect by itself
/// (tests look at them), signs in through the form and reads the session's anti-forgery token from a page.
/// </summary>
internal sealed partial class ConsoleBrowser(ServerFixture fixture)
{
    public HttpClient Http { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
    {
        BaseAddress = fixture.Server.BaseAddress,
    };

    public string Csrf { get; private set; } = string.Empty;

    /// <summary>The sign-in form, then its POST; on success the anti-forgery token of the session's pages.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key, HttpStatusCode expected = HttpStatusCode.Redirect)
    {
        var form = await GetStringAsync("/console/signin");
        var token = Token().Match(form).Groups[1].Value;
        var response = await Http.PostAsync(new Uri("/console/signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = token, ["key"] = key }));
        Assert.AreEqual(expected, response.StatusCode, await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.Redirect)
        {
            Csrf = PageToken().Match(await GetStringAsync("/console/")).Groups[1].Value;
            Assert.AreNotEqual(string.Empty, Csrf);
        }

        return response;
    }

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"GET {path}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A page answered with <paramref name="expected"/> (an error page, say), its body.</summary>
    public async Task<string> GetStringAsync(string path, HttpStatusCode expected)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(expected, response.StatusCode, $"GET {path}: {body}");
        return body;
    }

    /// <summary>A JSON request with the cookie and the session's token (or <paramref name="token"/>), as the pages' script sends it.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body, string? token = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", token ?? Csrf);
        return Http.SendAsync(request);
    }

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"ocp-csrf\" content=\"([^\"]+)\"")]
    private static partial Regex PageToken();
}
