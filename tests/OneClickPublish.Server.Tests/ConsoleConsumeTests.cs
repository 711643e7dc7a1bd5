using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>A version's page tells another project how to take it from the feed (docs/feed.md), without the signed-in key.</summary>
[TestClass]
public sealed class ConsoleConsumeTests
{
    [TestMethod]
    public async Task A_version_page_gives_the_feed_source_and_the_add_package_command_for_that_version()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Geo", "1.2.0").Build())).State);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var page = await browser.GetStringAsync("/console/extensions/Geo/versions/1.2.0");

        StringAssert.Contains(page, $"<code id=\"consume-package\">dotnet add package Geo --version 1.2.0</code>");
        // Without a public address, the feed's address is the one the request came to.
        StringAssert.Contains(page, $"dotnet nuget add source {new Uri(fixture.Server.BaseAddress, "/nuget/v3/index.json")} -n oneclick -u any -p &lt;read key&gt;");
        Assert.IsFalse(page.Contains(fixture.Key, StringComparison.Ordinal), "the signed-in key must never appear in a page");
    }

    [TestMethod]
    public async Task Behind_a_proxy_the_command_names_the_feed_s_public_address()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.Feed = new FeedOptions { PublicUrl = new Uri("https://packages.example.com/team/") });
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Geo", "2.0.0").Build())).State);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var page = await browser.GetStringAsync("/console/extensions/Geo/versions/2.0.0");

        StringAssert.Contains(page, "dotnet nuget add source https://packages.example.com/team/nuget/v3/index.json -n oneclick");
        StringAssert.Contains(page, "dotnet add package Geo --version 2.0.0");
    }
}
