using System.Net;
using System.Text.RegularExpressions;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The operation page against a real server, in each state an operation goes through: queued with no
/// line yet, running (the current marker highlighted), succeeded with a warning, failed with errors
/// and their locations; for a publish from a build and from the browser (whose Verify marker is the
/// server's own verification). The browser tests watch the same page follow the log live.
/// </summary>
[TestClass]
public sealed partial class ConsoleOperationPageTests
{
    [TestMethod]
    public async Task A_failed_publish_shows_its_errors_with_their_locations_and_the_marker_that_failed()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Op", "1.0.0").Build())).State);
        var changed = Definitions.DefaultActions.Replace("DataType=\"Integer\"", "DataType=\"Text\"", StringComparison.Ordinal);
        var failed = await fixture.PublishAsync(new TestXif("Op", "1.1.0", Definitions.Simple("Op", "1.1.0", changed)).Build());
        Assert.AreEqual("failed", failed.State, failed.ToString());
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var page = await browser.GetStringAsync($"/console/operations/{IdOf(failed)}");

        StringAssert.Contains(page, "<h1>Publish of Op 1.1.0</h1>");
        StringAssert.Contains(page, "class=\"state failed\" role=\"status\"");
        Assert.AreEqual(("succeeded", false), Marker(page, "Verify"), "a build verified it before it was sent");
        Assert.AreEqual(("failed", false), Marker(page, "Publish"));
        Assert.AreEqual(("pending", false), Marker(page, "Deploy"));
        StringAssert.Contains(page, ">Verify<");
        Assert.IsFalse(page.Contains("aria-current=\"step\"", StringComparison.Ordinal), "nothing runs any more");
        StringAssert.Contains(page, "<tr class=\"line error\"");
        StringAssert.Contains(page, "<tr class=\"line stage failed\"");
        StringAssert.Contains(page, "<a href=\"/console/help/OCP5111\" class=\"code\">OCP5111</a>");
        StringAssert.Contains(page, "<span class=\"location\">Action SayHello › Input Times</span>");
        // The details pane holds the first error, as the window selects it, with its help page.
        StringAssert.Contains(page, "<p id=\"details-message\" class=\"msg error\">");
        StringAssert.Contains(page, "<p id=\"details-location\" class=\"location\">Action SayHello › Input");
        StringAssert.Contains(page, ">Help: OCP5111</a>");
        StringAssert.Contains(page, $"data-after=\"{failed.Log[^1].GetProperty("sequence").GetInt64()}\"");

        var fromBrowser = await browser.GetStringAsync($"/console/operations/{IdOf(failed)}?origin=browser");
        StringAssert.Contains(fromBrowser, "data-origin=\"browser\"");
        StringAssert.Contains(fromBrowser, ">Verify (server)<");
        Assert.AreEqual(("failed", false), Marker(fromBrowser, "Verify"), "the server's verification is what failed");
        Assert.AreEqual(("pending", false), Marker(fromBrowser, "Publish"), "nothing was stored");
    }

    [TestMethod]
    public async Task A_publish_that_succeeded_with_a_warning_shows_the_warning_as_one_and_every_marker_done()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Warned", "1.0.0").Build())).State);
        var added = Definitions.DefaultActions + """
                <Action Name="Wave" Description="Waves."><Output Name="Done" DataType="Boolean" Description="Done." /></Action>
            """;
        var warned = await fixture.PublishAsync(new TestXif("Warned", "1.0.1", Definitions.Simple("Warned", "1.0.1", added)).Build());
        Assert.AreEqual("succeeded", warned.State, warned.ToString());
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        foreach (var origin in new[] { string.Empty, "?origin=browser" })
        {
            var page = await browser.GetStringAsync($"/console/operations/{IdOf(warned)}{origin}");
            foreach (var stage in new[] { "Verify", "Save", "Upload", "Publish", "Deploy" })
            {
                Assert.AreEqual(("succeeded", false), Marker(page, stage), $"{stage}{origin}");
            }

            StringAssert.Contains(page, "<tr class=\"line warning\"");
            StringAssert.Contains(page, ">OCP5112</a>");
            StringAssert.Contains(page, "<tr class=\"line information\"");
            // No error: the details are those of the last line (Deploy succeeded), with its code's help.
            StringAssert.Contains(page, "<p id=\"details-message\" class=\"msg stage\">");
            StringAssert.Contains(page, ">Help: OCP0002</a>");
        }
    }

    [TestMethod]
    public async Task A_running_publish_highlights_its_stage_and_a_queued_one_has_no_line_yet()
    {
        var hold = new PublishHold("Running");
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            hold.Configure(o);
            o.MaxConcurrentPublishes = 1;
        });
        var running = await hold.StartAsync(fixture);
        var uploadId = await fixture.UploadAsync(new TestXif("Waiting", "1.0.0").Build());
        using var accepted = await fixture.StartPublishAsync(uploadId);
        Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode);
        var queued = accepted.Headers.Location!.OriginalString;
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        try
        {
            var page = await browser.GetStringAsync("/console/operations/" + running.Split('/')[^1]);
            StringAssert.Contains(page, "class=\"state running\" role=\"status\"");
            Assert.AreEqual(("succeeded", false), Marker(page, "Publish"));
            Assert.AreEqual(("running", true), Marker(page, "Deploy"));
            StringAssert.Contains(page, "aria-current=\"step\"");

            var fromBrowser = await browser.GetStringAsync("/console/operations/" + running.Split('/')[^1] + "?origin=browser");
            Assert.AreEqual(("succeeded", false), Marker(fromBrowser, "Verify"), "the files are stored: the server's verification passed");
            Assert.AreEqual(("succeeded", false), Marker(fromBrowser, "Publish"));
            Assert.AreEqual(("running", true), Marker(fromBrowser, "Deploy"));

            // The second publish waits for the only place: no line, nothing to select, the script follows from 0.
            var waiting = await browser.GetStringAsync("/console/operations/" + queued.Split('/')[^1] + "?origin=browser");
            StringAssert.Contains(waiting, "data-state=\"queued\"");
            StringAssert.Contains(waiting, "data-after=\"0\"");
            StringAssert.Contains(waiting, "<p id=\"details-message\">No line yet.</p>");
            Assert.AreEqual(("pending", false), Marker(waiting, "Verify"), "the server has not verified anything yet");
            Assert.AreEqual(("succeeded", false), Marker(waiting, "Upload"));
            Assert.AreEqual(("pending", false), Marker(waiting, "Publish"));
        }
        finally
        {
            hold.Release();
        }

        Assert.AreEqual("succeeded", (await fixture.WaitAsync(running)).State);
        Assert.AreEqual("succeeded", (await fixture.WaitAsync(queued)).State);
    }

    [TestMethod]
    public async Task An_unknown_operation_is_coded_and_one_of_an_extension_the_key_may_not_use_is_refused()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var billing = await fixture.PublishAsync(new TestXif("Billing", "1.0.0").Build());
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        var geo = (await keys.CreateAsync("geo", ApiKeyScope.Read, ["Geo*"])).Key;
        var anonymous = new ConsoleBrowser(fixture);
        using (var redirected = await anonymous.Http.GetAsync(new Uri($"/console/operations/{IdOf(billing)}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.Redirect, redirected.StatusCode);
            Assert.AreEqual($"/console/signin?returnUrl=%2Fconsole%2Foperations%2F{IdOf(billing)}", redirected.Headers.Location?.OriginalString);
        }

        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(geo);
        foreach (var id in new[] { "not-an-id", new string('a', 32), IdOf(billing).ToUpperInvariant() })
        {
            var unknown = await browser.GetStringAsync("/console/operations/" + id, HttpStatusCode.NotFound);
            StringAssert.Contains(unknown, ">OCP5109</a>");
            StringAssert.Contains(unknown, $"There is no operation &#x27;{id}&#x27;");
        }

        var refused = await browser.GetStringAsync($"/console/operations/{IdOf(billing)}", HttpStatusCode.Forbidden);
        StringAssert.Contains(refused, ">OCP5242</a>");
        Assert.IsFalse(refused.Contains("id=\"log\"", StringComparison.Ordinal), "a refused page shows no log");
    }

    private static string IdOf(OperationResult result) => result.Final.GetProperty("operationId").GetString()!;

    /// <summary>The state of a stage's marker and whether it is the highlighted one.</summary>
    private static (string State, bool Current) Marker(string page, string stage)
    {
        var match = MarkerPattern().Matches(page).Single(m => m.Groups["stage"].Value == stage);
        return (match.Groups["state"].Value, match.Groups["current"].Success);
    }

    [GeneratedRegex("<li class=\"marker (?<state>[a-z]+)(?<current> current)?\" data-stage=\"(?<stage>[A-Za-z]+)\"")]
    private static partial Regex MarkerPattern();
}
