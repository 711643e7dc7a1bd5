using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneClickPublish.Platform;
using static Microsoft.Playwright.Assertions;

namespace OneClickPublish.EndToEnd.Tests.Console;

/// <summary>
/// The web console in Chromium against a real server process: what a person does with it, keyboard
/// and phone size included. Each test saves the screenshots docs/console.md shows.
/// </summary>
[TestClass]
public sealed class ConsoleBrowserTests
{
    private static ConsoleFixture _fixture = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        if (!File.Exists(ConsoleFixture.Chromium))
        {
            throw MissingTool.Report("Debian's chromium is not installed (.ci/run installs it; apt-get install chromium does it here).");
        }

        _fixture = await ConsoleFixture.StartAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task Extensions_are_listed_filtered_opened_compared_and_rolled_back_with_a_confirmation()
    {
        Assert.AreEqual(PublishState.Succeeded, (await _fixture.PublishAsync(_fixture.Xif("GeoMaps", "1.0.0", payloadBytes: 2048))).State);
        var breaking = ConsoleFixture.DefaultActions.Replace("DataType=\"Integer\"", "DataType=\"Text\"", StringComparison.Ordinal);
        Assert.AreEqual(PublishState.Succeeded, (await _fixture.PublishAsync(_fixture.Xif("GeoMaps", "2.0.0", breaking, payloadBytes: 4096))).State);
        Assert.AreEqual(PublishState.Succeeded, (await _fixture.PublishAsync(_fixture.Xif("Billing", "1.0.0"))).State);

        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/");
        await ConsoleFixture.ScreenshotAsync(page, "signin");
        await ConsoleFixture.SignInAsync(page, _fixture.AdminKey, "admin");
        await Expect(page.Locator("#extensions tbody tr", new() { HasText = "GeoMaps" })).ToContainTextAsync("2.0.0");
        await ConsoleFixture.ScreenshotAsync(page, "extensions");

        // The filter narrows the list as you type (and is a plain GET form without script).
        await page.GetByLabel("Filter by name").FillAsync("geom");
        await Expect(page.Locator("#extensions tbody tr:visible")).ToHaveCountAsync(1);
        await Expect(page.Locator("#extensions-count")).ToContainTextAsync("1 of");

        await page.GetByRole(AriaRole.Link, new() { Name = "GeoMaps", Exact = true }).ClickAsync();
        await Expect(page.Locator("#active-version")).ToHaveTextAsync("2.0.0");
        await Expect(page.Locator("#versions tr.active")).ToContainTextAsync("2.0.0");
        await ConsoleFixture.ScreenshotAsync(page, "extension");

        // The difference in contract between the two versions, with the bump it needed.
        await page.GetByLabel("From", new() { Exact = true }).SelectOptionAsync("1.0.0");
        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync("2.0.0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.Locator("#changes")).ToContainTextAsync("Action SayHello › Input Times");
        await Expect(page.Locator("#bump")).ToContainTextAsync("yes, and it had one");
        await ConsoleFixture.ScreenshotAsync(page, "compare");
        await page.GoBackAsync();

        // The definition, readably.
        await page.GetByRole(AriaRole.Link, new() { Name = "1.0.0", Exact = true }).ClickAsync();
        await Expect(page.Locator("section.action")).ToContainTextAsync("Who to greet.");
        await ConsoleFixture.ScreenshotAsync(page, "version");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the XIF" }).ClickAsync());
        Assert.AreEqual("GeoMaps.1.0.0.xif", download.SuggestedFilename);
        await page.GoBackAsync();

        // Rollback, confirmed in a dialog; the page shows it done without a reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to 1.0.0" }).ClickAsync();
        await Expect(page.Locator("#rollback-dialog")).ToBeVisibleAsync();
        await page.Locator("#rollback-confirm").ClickAsync();
        await Expect(page.Locator("#active-version")).ToHaveTextAsync("1.0.0");
        await Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("rollback");
        Assert.AreEqual("1.0.0", SharedServer.Extension(_fixture.Server, "GeoMaps").ActiveVersion);

        // Readable on a phone too.
        var phone = await _fixture.NewPageAsync(phone: true);
        await ConsoleFixture.SignInAsync(phone, _fixture.AdminKey, "admin");
        await ConsoleFixture.ScreenshotAsync(phone, "extensions-phone");
        Assert.IsTrue(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "the extensions page scrolls sideways on a phone");
    }

    [TestMethod]
    public async Task A_read_key_is_offered_no_rollback_and_the_server_refuses_one_anyway()
    {
        Assert.AreEqual(PublishState.Succeeded, (await _fixture.PublishAsync(_fixture.Xif("ReadOnly", "1.0.0"))).State);
        Assert.AreEqual(PublishState.Succeeded, (await _fixture.PublishAsync(_fixture.Xif("ReadOnly", "1.1.0"))).State);
        var page = await _fixture.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, _fixture.ReadKey, "reader");
        await page.GotoAsync("/console/extensions/ReadOnly");
        await Expect(page.Locator("#versions")).ToContainTextAsync("1.0.0");
        await Expect(page.Locator("button.rollback")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Publish", Exact = true })).ToHaveCountAsync(0);

        // The same call the rollback button makes, token and all: the API refuses the scope.
        var status = await page.EvaluateAsync<string>("""
            async () => {
              const r = await window.OCP.api('POST', '/api/v1/extensions/ReadOnly/rollback', { version: '1.0.0' });
              return r.status + ' ' + (await r.json()).code;
            }
            """);
        Assert.AreEqual("403 OCP5102", status);
        Assert.AreEqual("1.1.0", SharedServer.Extension(_fixture.Server, "ReadOnly").ActiveVersion);
    }

    [TestMethod]
    public async Task A_state_change_without_the_anti_forgery_token_is_refused()
    {
        var page = await _fixture.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, _fixture.AdminKey, "admin");
        var status = await page.EvaluateAsync<string>("""
            async () => {
              const r = await fetch('/api/v1/keys', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'forged' }) });
              return r.status + ' ' + (await r.json()).code;
            }
            """);
        Assert.AreEqual("403 OCP5350", status);
        using var client = new PlatformClient(new PlatformClientOptions { Server = _fixture.Server.Url, ApiKey = _fixture.AdminKey, Retries = 1 });
        Assert.IsFalse((await client.ListKeysAsync(CancellationToken.None)).Any(static k => k.Name == "forged"));
    }

    [TestMethod]
    public async Task A_xif_uploaded_from_the_browser_resumes_after_a_cut_connection_and_its_publish_is_followed_live()
    {
        var xif = _fixture.Xif("Uploaded", "1.0.0", payloadBytes: 3 * 1024 * 1024 + 123);
        var page = await _fixture.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, _fixture.PublishKey, "e2e");
        await page.GetByRole(AriaRole.Link, new() { Name = "Publish", Exact = true }).ClickAsync();
        await ConsoleFixture.ScreenshotAsync(page, "publish");

        // The second part of the upload loses its connection: the page asks the server where it stands and continues.
        var patches = 0;
        await page.RouteAsync("**/api/v1/uploads/*", async route =>
        {
            if (route.Request.Method == "PATCH" && Interlocked.Increment(ref patches) == 2)
            {
                await route.AbortAsync("connectionreset");
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GetByLabel("Extension file (.xif)").SetInputFilesAsync(xif);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/console/operations/[0-9a-f]{32}\\?origin=browser$"));
        await Expect(page.Locator("#operation-state")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("#markers .marker[data-stage=Deploy]")).ToHaveClassAsync(new Regex("succeeded"));
        await Expect(page.Locator("#markers .marker[data-stage=Verify]")).ToHaveClassAsync(new Regex("succeeded"));
        await Expect(page.Locator("#log-lines tr")).ToContainTextAsync(["Publish", "OCP5140", "Deploy", "OCP5141"]);
        await ConsoleFixture.ScreenshotAsync(page, "operation");
        Assert.IsTrue(patches > 4, $"the upload was sent in parts ({patches} PATCH requests)");

        using var client = new PlatformClient(new PlatformClientOptions { Server = _fixture.Server.Url, ApiKey = _fixture.AdminKey, Retries = 1 });
        var version = (await client.GetExtensionAsync("Uploaded", CancellationToken.None)).Versions.Single();
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(xif))), version.Sha256, "what was published is the file, byte for byte");
    }

    [TestMethod]
    public async Task A_publish_with_verify_errors_shows_them_as_errors_with_their_locations_and_a_studio_xif_is_refused_with_its_code()
    {
        var invalid = """
                <Action Name="Broken" Description="Has an input of no known type.">
                  <Input Name="Value" DataType="Nope" Description="What." />
                </Action>
            """;
        var page = await _fixture.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, _fixture.PublishKey, "e2e");
        await page.GotoAsync("/console/publish");
        await page.GetByLabel("Extension file (.xif)").SetInputFilesAsync(_fixture.Xif("Invalid", "1.0.0", invalid));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/operations/"));
        await Expect(page.Locator("#operation-state")).ToHaveTextAsync("failed", new() { Timeout = 60_000 });
        var error = page.Locator("#log-lines tr.error").First;
        await Expect(error).ToContainTextAsync("Nope");
        await Expect(error.Locator(".location")).ToContainTextAsync("Action Broken");
        await Expect(page.Locator("#markers .marker[data-stage=Verify]")).ToHaveClassAsync(new Regex("failed"));
        await Expect(page.Locator("#details-message")).ToHaveClassAsync(new Regex("error"));
        await Expect(page.Locator("#details-help")).ToHaveAttributeAsync("href", new Regex("/console/help/OCP1"));
        await ConsoleFixture.ScreenshotAsync(page, "operation-errors");
        await page.Locator("#details-help").ClickAsync();
        await Expect(page.Locator("article.help")).ToContainTextAsync("What it means");

        var studio = Path.Combine(_fixture.Folder, "Geo.xif");
        await File.WriteAllBytesAsync(studio, OneClickPublish.Tests.IntegrationStudio.StudioXifFixtures.Xif(OneClickPublish.Tests.IntegrationStudio.StudioXifFixtures.GeoXml));
        await page.GotoAsync("/console/publish");
        await page.GetByLabel("Extension file (.xif)").SetInputFilesAsync(studio);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.Locator("#publish-messages .msg.error")).ToContainTextAsync("OCP4027");
        await Expect(page.Locator("#publish-messages .msg.error")).ToContainTextAsync("oneclick import");
    }

    [TestMethod]
    public async Task Markup_in_a_description_and_in_a_log_line_stays_inert_text()
    {
        var alerts = 0;
        var described = """
                <Action Name="Describe" Description="&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;">
                  <Input Name="Value" DataType="Text" Description="&lt;b&gt;bold?&lt;/b&gt;" />
                </Action>
            """;
        Assert.AreEqual(PublishState.Succeeded, (await _fixture.PublishAsync(_fixture.Xif("Markup", "1.0.0", described))).State);
        var page = await _fixture.NewPageAsync();
        page.Dialog += (_, dialog) => { Interlocked.Increment(ref alerts); _ = dialog.DismissAsync(); };
        await ConsoleFixture.SignInAsync(page, _fixture.PublishKey, "e2e");
        await page.GotoAsync("/console/extensions/Markup/versions/1.0.0");
        await Expect(page.Locator("section.action .description")).ToHaveTextAsync("<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">");
        Assert.AreEqual(0, await page.Locator("main script, main img, main b").CountAsync());

        // A log line quoting what the extension named: an action whose name is markup fails verification.
        var hostile = """
                <Action Name="&lt;img src=x onerror=alert(1)&gt;" Description="x" />
            """;
        await page.GotoAsync("/console/publish");
        await page.GetByLabel("Extension file (.xif)").SetInputFilesAsync(_fixture.Xif("Hostile", "1.0.0", hostile));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.Locator("#operation-state")).ToHaveTextAsync("failed", new() { Timeout = 60_000 });
        await Expect(page.Locator("#log-lines")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        Assert.AreEqual(0, await page.Locator("#log-lines img, #details img").CountAsync());
        Assert.IsNull(await page.EvaluateAsync<int?>("window.pwned ?? null"));
        Assert.AreEqual(0, alerts, "a script from the extension ran");
    }

    [TestMethod]
    public async Task Keys_are_created_with_the_secret_shown_once_used_to_sign_in_and_revoked()
    {
        var page = await _fixture.NewPageAsync();
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await ConsoleFixture.SignInAsync(page, _fixture.AdminKey, "admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys", Exact = true }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("ci-maps");
        await page.GetByLabel("Scope").SelectOptionAsync("publish");
        await page.GetByLabel("Extensions").FillAsync("Geo*, Maps");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var secret = page.Locator("#new-key-value");
        await Expect(secret).ToHaveValueAsync(new Regex("^ocp_[0-9a-f]{16}_"));
        var key = await secret.InputValueAsync();
        await Expect(page.Locator("#keys")).ToContainTextAsync("ci-maps");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await ConsoleFixture.ScreenshotAsync(page, "keys");

        // The page shows the secret once: reloaded, it is gone.
        await page.ReloadAsync();
        Assert.IsFalse((await page.ContentAsync()).Contains(key, StringComparison.Ordinal));

        var other = await _fixture.NewPageAsync();
        await ConsoleFixture.SignInAsync(other, key, "ci-maps");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci-maps" }).ClickAsync();
        await Expect(page.Locator("#key-messages")).ToContainTextAsync("revoked");
        await other.ReloadAsync();
        await Expect(other.GetByLabel("API key")).ToBeVisibleAsync();
        await Expect(other.Locator(".msg")).ToContainTextAsync("OCP5351");
    }

    [TestMethod]
    public async Task The_server_page_shows_version_health_storage_database_and_nodes()
    {
        var page = await _fixture.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, _fixture.PublishKey, "e2e");
        await page.GetByRole(AriaRole.Link, new() { Name = "Server", Exact = true }).ClickAsync();
        await Expect(page.Locator("#server-health")).ToHaveTextAsync("Healthy");
        await Expect(page.Locator("#server-database")).ToContainTextAsync("SQLite");
        await Expect(page.Locator("#nodes tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#storage")).ToContainTextAsync("blobs/");
        await ConsoleFixture.ScreenshotAsync(page, "server");

        // Usable by keyboard: the first Tab reaches the skip link, which moves to the content.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
    }
}
