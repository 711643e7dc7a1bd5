using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>What the console's pages show, against a real server: lists, a definition, a comparison, values as text, the XIF kept for download.</summary>
[TestClass]
public sealed class ConsolePagesTests
{
    private const string Hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    [TestMethod]
    public async Task A_description_holding_markup_is_rendered_as_text()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var actions = $"""
                <Action Name="Inject" Description="{WebUtility.HtmlEncode(Hostile)}">
                  <Input Name="Payload" DataType="Text" Description="{WebUtility.HtmlEncode(Hostile)}" />
                </Action>
            """;
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Xss", "1.0.0", Definitions.Simple("Xss", "1.0.0", actions)).Build())).State);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var page = await browser.GetStringAsync("/console/extensions/Xss/versions/1.0.0");

        Assert.IsFalse(page.Contains("<script>alert", StringComparison.Ordinal), "the description's markup reached the page as markup");
        Assert.IsFalse(page.Contains("<img src=x", StringComparison.Ordinal));
        StringAssert.Contains(page, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
        StringAssert.Contains(page, ">Payload<");
    }

    [TestMethod]
    public async Task The_extensions_page_shows_each_extension_s_last_publish_and_filters_by_name()
    {
        await using var fixture = await ServerFixture.StartAsync();
        foreach (var name in new[] { "GeoMaps", "GeoRoutes", "Billing" })
        {
            Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif(name, "1.0.0").Build())).State);
        }

        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);
        var all = await browser.GetStringAsync("/console/");
        StringAssert.Contains(all, "3 of 3 extension(s)");
        StringAssert.Contains(all, ">succeeded (1.0.0)<");
        StringAssert.Contains(all, "<td>initial</td>");

        var filtered = await browser.GetStringAsync("/console/?q=geo");
        StringAssert.Contains(filtered, "2 of 3 extension(s)");
        Assert.IsFalse(filtered.Contains(">Billing<", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Comparing_two_versions_shows_the_breaking_change_with_its_code_and_the_bump_it_needed()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Cmp", "1.0.0").Build())).State);
        var changed = Definitions.DefaultActions.Replace("DataType=\"Integer\"", "DataType=\"Text\"", StringComparison.Ordinal);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Cmp", "2.0.0", Definitions.Simple("Cmp", "2.0.0", changed)).Build())).State);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var page = await browser.GetStringAsync("/console/extensions/Cmp/compare?from=2.0.0&to=1.0.0");

        StringAssert.Contains(page, "Cmp: 1.0.0 → 2.0.0");
        StringAssert.Contains(page, "Action SayHello › Input Times");
        StringAssert.Contains(page, "major (breaking)");
        StringAssert.Contains(page, "yes, and it had one");
        Assert.IsFalse(page.Contains("OCP5111", StringComparison.Ordinal), "a major bump reports no OCP5111");

        // 2.1.0 goes back to Integer: checked against the active 1.0.0 after a rollback it passes, but
        // against 2.0.0 it is a breaking change with only a minor bump, which the comparison reports as a publish would.
        using (var rollback = await fixture.Client.PostAsJsonAsync(new Uri("/api/v1/extensions/Cmp/rollback", UriKind.Relative), new { version = "1.0.0" }))
        {
            Assert.AreEqual(HttpStatusCode.OK, rollback.StatusCode);
        }

        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Cmp", "2.1.0", Definitions.Simple("Cmp", "2.1.0")).Build())).State);
        var unbumped = await browser.GetStringAsync("/console/extensions/Cmp/compare?from=2.0.0&to=2.1.0");
        StringAssert.Contains(unbumped, "yes, and it did not have one");
        StringAssert.Contains(unbumped, ">OCP5111</a>");
        StringAssert.Contains(unbumped, "class=\"msg error\"");
    }

    [TestMethod]
    public async Task A_published_version_s_xif_is_downloaded_byte_for_byte_and_an_unknown_version_is_coded()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var xif = new TestXif("Down", "1.0.0").Add("bin/Down.dll", new byte[] { 1, 2, 3 }).Build();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(xif)).State);

        using var response = await fixture.Client.GetAsync(new Uri("/api/v1/extensions/down/versions/1.0.0/xif", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        CollectionAssert.AreEqual(xif, await response.Content.ReadAsByteArrayAsync());
        Assert.AreEqual("Down.1.0.0.xif", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var unknown = await fixture.Client.GetAsync(new Uri("/api/v1/extensions/Down/versions/9.0.0/xif", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.AreEqual("OCP5114", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // A version whose XIF the server does not have (published before it kept them): coded, not a 500.
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(fixture.DataDirectory, "blobs"), "*", SearchOption.AllDirectories)
                     .Where(f => Path.GetFileName(f) == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(xif))))
        {
            File.Delete(blob);
        }

        using var notKept = await fixture.Client.GetAsync(new Uri("/api/v1/extensions/Down/versions/1.0.0/xif", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, notKept.StatusCode);
        Assert.AreEqual("OCP5352", (await notKept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [TestMethod]
    public async Task The_server_page_names_the_database_its_health_and_this_node_as_seen()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.NodeName = "node-a");
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);
        var page = await browser.GetStringAsync("/console/server");
        StringAssert.Contains(page, "SQLite");
        StringAssert.Contains(page, "id=\"server-health\" class=\"state succeeded\">Healthy<");
        StringAssert.Contains(page, "<td>node-a</td>");
        StringAssert.Contains(page, $">{PlatformServer.Version}<");
    }
}
