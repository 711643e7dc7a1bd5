using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneClickPublish.EndToEnd.Tests.Console;

/// <summary>
/// The console follows a publish that `dotnet build -t:OneClickPublish` started in another process, line by
/// line: the server (the test host of `oneclick server`) holds the publish before Deploy until the test lets
/// it go, with the operation's page open in Chromium; the lines written after that reach the page without a
/// reload, each as its own row, and the page ends as the build does.
/// </summary>
[TestClass]
public sealed class ConsoleBuildPublishTests
{
    [TestMethod]
    public async Task The_live_log_of_a_publish_started_by_dotnet_build_appears_line_by_line()
    {
        if (!File.Exists(ConsoleFixture.Chromium))
        {
            throw MissingTool.Report("Debian's chromium is not installed (.ci/run installs it; apt-get install chromium does it here).");
        }

        var release = Path.Combine(PackedPackage.WorkRoot, "release-" + Guid.NewGuid().ToString("N")[..8]);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { [TestServerBuild.ReleaseVariable] = release }, holdAt: "BeforeDeploy");
        var sample = SampleProject.Hello("Watched");

        // 1.0.0 goes through (the hold is released), so the extension has a page; 1.0.1 is held before Deploy.
        await File.WriteAllTextAsync(release, "go");
        var first = SharedServer.Publish(sample, server);
        Assert.IsTrue(first.Succeeded, first + "\n" + server.Output);
        File.Delete(release);
        sample.EditDefinition(xml => xml.Replace("Version=\"1.0.0\"", "Version=\"1.0.1\"", StringComparison.Ordinal));
        var build = DotNet.RunAsync(sample.Directory, new Dictionary<string, string> { ["ONECLICK_API_KEY"] = server.ApiKey }, TimeSpan.FromMinutes(5), CancellationToken.None,
            "build", sample.ProjectFile, "-nologo", "-v:n", "-t:OneClickPublish", $"-p:OneClickPublishServer={server.Url}", "-p:Version=1.0.1",
            "-p:OneClickPublishRetries=1", "-p:OneClickPublishRetryDelay=0", "-p:OneClickPublishTimeout=240");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ConsoleFixture.Chromium, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, BaseURL = server.Url });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, server.ApiKey, "e2e");

        // As a person would: the extension's page, where the running publish of 1.0.1 shows up.
        var running = page.Locator("#operations tr", new() { Has = page.Locator(".state.running") }).Filter(new() { HasTextString = "1.0.1" });
        var deadline = DateTime.UtcNow.AddMinutes(3);
        do
        {
            Assert.IsFalse(build.IsCompleted, "the build ended before its publish was seen running:\n" + (build.IsCompleted ? build.Result.ToString() : string.Empty));
            Assert.IsTrue(DateTime.UtcNow < deadline, "the held publish never showed as running:\n" + server.Output);
            await Task.Delay(250);
            await page.GotoAsync("/console/extensions/Watched");
        }
        while (await running.CountAsync() == 0);
        await running.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/operations/[0-9a-f]{32}$"));

        // Held before Deploy: Verify, Save and Upload were the build's and are done; Publish is done on the server.
        await Expect(page.Locator("#operation-state")).ToHaveTextAsync("running");
        foreach (var stage in new[] { "Verify", "Save", "Upload", "Publish" })
        {
            await Expect(page.Locator($"#markers .marker[data-stage={stage}]")).ToHaveClassAsync(new Regex("succeeded"));
        }

        var shownAtLoad = await page.Locator("#log-lines tr").CountAsync();
        await page.EvaluateAsync("""
            () => {
              window.__sameDocument = true;
              window.__added = [];
              new MutationObserver((records) => {
                for (const r of records) for (const n of r.addedNodes) if (n.dataset?.seq) window.__added.push({ seq: Number(n.dataset.seq), code: n.dataset.code ?? null, kind: n.dataset.kind, at: performance.now() });
              }).observe(document.getElementById('log-lines'), { childList: true });
            }
            """);
        await Task.Delay(500);
        Assert.AreEqual(0, await page.EvaluateAsync<int>("() => window.__added.length"), "nothing is written while the publish is held");

        await File.WriteAllTextAsync(release, "go");
        var result = await build;
        Assert.IsTrue(result.Succeeded, result + "\n" + server.Output);
        await Expect(page.Locator("#operation-state")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("#markers .marker[data-stage=Deploy]")).ToHaveClassAsync(new Regex("succeeded"));

        // The same document all along (no reload), and the lines written after the release arrived as rows of their own, in order.
        Assert.IsTrue(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        var added = await page.EvaluateAsync<AddedRow[]>("() => window.__added");
        Assert.IsTrue(added.Length >= 2, $"{added.Length} line(s) arrived after the release");
        CollectionAssert.AreEqual(added.Select(static a => a.Seq).Order().ToList(), added.Select(static a => a.Seq).ToList(), "rows arrive in the server's order");
        Assert.AreEqual(shownAtLoad + added.Length, await page.Locator("#log-lines tr").CountAsync());

        // What the page shows after the release is what the build printed of the server's Deploy.
        var deployed = added.Where(static a => a.Code is not null).Select(static a => a.Code!).ToList();
        Assert.IsTrue(deployed.Count > 0, "a Deploy line with its code: " + string.Join(", ", added.Select(static a => $"{a.Seq}:{a.Kind}")));
        foreach (var code in deployed)
        {
            StringAssert.Contains(result.Output, code, "the build's log shows the same line");
        }

        await ConsoleFixture.ScreenshotAsync(page, "operation-build");
    }

    // Playwright fills what a script returns into a type with a parameterless constructor and setters.
    private sealed class AddedRow
    {
        public long Seq { get; set; }

        public string? Code { get; set; }

        public string Kind { get; set; } = string.Empty;

        public double At { get; set; }
    }
}
