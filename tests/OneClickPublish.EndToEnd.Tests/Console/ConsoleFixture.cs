using Microsoft.Playwright;
using OneClickPublish.Platform;
using OneClickPublish.Server.Security;
using OneClickPublish.Tests;
using OneClickPublish.Xif;

namespace OneClickPublish.EndToEnd.Tests.Console;

/// <summary>
/// One real server process (`oneclick server`) and one Chromium for all the console's browser tests:
/// Debian's /usr/bin/chromium driven by Playwright (never a browser Playwright downloads), with keys of
/// each scope made on the server's data folder as a team makes its first admin key.
/// </summary>
internal sealed class ConsoleFixture : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    private ConsoleFixture(ServerProcess server) => Server = server;

    public ServerProcess Server { get; }

    public IBrowser Browser { get; private set; } = null!;

    public string AdminKey { get; private set; } = string.Empty;

    public string ReadKey { get; private set; } = string.Empty;

    /// <summary>The key with the publish scope the server process was started with.</summary>
    public string PublishKey => Server.ApiKey;

    public string Folder { get; } = Path.Combine(PackedPackage.WorkRoot, "console-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Where the tests save their screenshots, used by docs/console.md.</summary>
    public static string Screenshots { get; } = Path.Combine(TestRepository.Root, "docs", "console");

    public static async Task<ConsoleFixture> StartAsync()
    {
        var fixture = new ConsoleFixture(await ServerProcess.StartAsync());
        Directory.CreateDirectory(fixture.Folder);
        using (var keys = await ApiKeyStore.OpenAsync(fixture.Server.DataDirectory))
        {
            fixture.AdminKey = (await keys.CreateAsync("admin", ApiKeyScope.Admin)).Key;
            fixture.ReadKey = (await keys.CreateAsync("reader", ApiKeyScope.Read)).Key;
        }

        fixture._playwright = await Playwright.CreateAsync();
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        fixture.Browser = await fixture._playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        return fixture;
    }

    /// <summary>A new browser profile (its own cookies) at a desktop size, or a phone's.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1280, Height = 800 },
            BaseURL = Server.Url,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        // A script error fails the test that meets it, with the browser's own words in its output.
        page.PageError += (_, error) => System.Console.WriteLine($"page error: {error}");
        page.Console += (_, message) => System.Console.WriteLine($"console {message.Type}: {message.Text}");
        return page;
    }

    /// <summary>Signs in through the form, as a person does, and waits for the extensions page.</summary>
    public static async Task SignInAsync(IPage page, string key, string expectedName)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#signed-in-key")).ToHaveTextAsync(expectedName);
    }

    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        return page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    /// <summary>A XIF made by Core's writer (as SaveXif makes it) with the given actions and an optional binary of <paramref name="payloadBytes"/> random bytes.</summary>
    public string Xif(string name, string version, string? actions = null, int payloadBytes = 0)
    {
        var folder = Path.Combine(Folder, $"{name}-{version}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(folder);
        var definition = Path.Combine(folder, "extension.xml");
        File.WriteAllText(definition, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <Extension xmlns="urn:oneclickpublish:extension:v1" Name="{name}" Version="{version}" Namespace="{name}" Description="Made by the console tests.">
              <Actions>
            {actions ?? DefaultActions}
              </Actions>
            </Extension>
            """);
        var entries = new List<XifSourceEntry>();
        if (payloadBytes > 0)
        {
            var dll = Path.Combine(folder, name + ".dll");
            File.WriteAllBytes(dll, System.Security.Cryptography.RandomNumberGenerator.GetBytes(payloadBytes));
            entries.Add(new XifSourceEntry(dll, $"bin/{name}.dll", XifEntryKind.Binary));
        }

        var xif = Path.Combine(folder, $"{name}.{version}.xif");
        XifWriter.Write(new XifPackageSpec { ExtensionName = name, ExtensionVersion = version, DefinitionPath = definition, Entries = entries }, xif);
        return xif;
    }

    public const string DefaultActions = """
            <Action Name="SayHello" Key="act-sayhello" Description="Greets someone.">
              <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who to greet." />
              <Input Name="Times" DataType="Integer" Description="How often." />
              <Output Name="Greeting" DataType="Text" Description="The greeting." />
            </Action>
        """;

    /// <summary>Publishes through the API with the publish key (not through the browser), for pages to have something to show.</summary>
    public async Task<PublishResult> PublishAsync(string xif)
    {
        using var client = new PlatformClient(new PlatformClientOptions { Server = Server.Url, ApiKey = PublishKey, Retries = 1 });
        var upload = await client.UploadAsync(xif, null, CancellationToken.None);
        return await client.PublishAsync(upload, static _ => { }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
