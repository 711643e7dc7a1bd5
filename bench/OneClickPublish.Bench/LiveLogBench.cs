using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneClickPublish.Platform;
using OneClickPublish.Server;
using OneClickPublish.Server.Publishing;

namespace OneClickPublish.Bench;

/// <summary>
/// Issue 10, "Speed": the console's live log shows a line within 100 ms of the server writing it.
/// A real server in this process, Debian's Chromium driven by Playwright, signed in through the form.
/// Each run holds a publish before Deploy, opens its operation page, and releases it: the lines the
/// server then writes (Deploy started, the deploy's own lines, Deploy succeeded) reach the page through
/// its event stream. For each line: the time the browser added its row (a MutationObserver, the
/// browser's clock) minus the line's own time (the server's clock when it wrote the line; one machine,
/// one clock). The baseline, side by side: the same lines read from the same event stream by a plain
/// HttpClient in this process, which is the floor any page could reach.
/// Options: --runs N (20), --chromium PATH (/usr/bin/chromium).
/// </summary>
public static class LiveLogBench
{
    private const double TargetMs = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var runs = Option(args, "--runs", 20);
        var chromium = args.SkipWhile(static a => a != "--chromium").Skip(1).FirstOrDefault() ?? "/usr/bin/chromium";
        var root = Path.Combine(Path.GetTempPath(), "ocp-bench-livelog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var hold = new Hold();
            var options = new PlatformServerOptions
            {
                DataDirectory = Path.Combine(root, "server"),
                ConfigureServices = services => services.AddSingleton<IPublishCheckpoints>(hold),
            };
            await using var server = await PlatformServer.StartAsync(options).ConfigureAwait(false);
            var key = server.InitialApiKey ?? throw new InvalidOperationException("a new data folder gives an initial key");
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var client = new PlatformClient(new PlatformClientOptions { Server = server.BaseAddress.ToString(), ApiKey = key });

            using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] }).ConfigureAwait(false);
            var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString() }).ConfigureAwait(false);
            await page.GotoAsync("/").ConfigureAwait(false);
            await page.GetByLabel("API key").FillAsync(key).ConfigureAwait(false);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync().ConfigureAwait(false);
            await page.Locator("#signed-in-key").WaitForAsync().ConfigureAwait(false);

            var pageDelays = new List<double>();
            var streamDelays = new List<double>();
            // Run 0 warms the server, the page's scripts and the JIT; it is not counted.
            for (var run = 0; run <= runs; run++)
            {
                var name = $"Live{run:000}";
                var xif = PublishBench.BuildXif(Path.Combine(root, "src", name), name, "1.0.0", [($"bin/{name}.dll", new byte[4096])]);
                var uploadId = await client.UploadAsync(xif, null, CancellationToken.None).ConfigureAwait(false);
                var held = hold.Arm(name);
                using var accepted = await http.PostAsJsonAsync("/api/v1/publish", new { uploadId }).ConfigureAwait(false);
                accepted.EnsureSuccessStatusCode();
                var operationId = accepted.Headers.Location!.OriginalString.Split('/')[^1];
                await held.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

                var heldStatus = await http.GetFromJsonAsync<OperationStatus>($"/api/v1/operations/{operationId}", Json).ConfigureAwait(false);
                var after = heldStatus!.NextAfter ?? 0;
                await page.GotoAsync($"/console/operations/{operationId}").ConfigureAwait(false);
                await page.EvaluateAsync("""
                    () => {
                      window.__arrivals = [];
                      new MutationObserver((records) => {
                        const at = performance.timeOrigin + performance.now();
                        for (const r of records) for (const n of r.addedNodes) if (n.dataset?.seq) window.__arrivals.push([Number(n.dataset.seq), at]);
                      }).observe(document.getElementById('log-lines'), { childList: true });
                    }
                    """).ConfigureAwait(false);
                using var stream = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var streamed = ReadStreamAsync(http, operationId, after, stream.Token);
                // The page's EventSource and the baseline's stream are both open before the release.
                await Task.Delay(500).ConfigureAwait(false);
                hold.Release();

                await page.Locator("#operation-state").Filter(new() { HasTextString = "succeeded" }).WaitForAsync(new() { Timeout = 60_000 }).ConfigureAwait(false);
                var arrivals = await page.EvaluateAsync<double[][]>("() => window.__arrivals").ConfigureAwait(false);
                var streamArrivals = await streamed.ConfigureAwait(false);
                var final = await http.GetFromJsonAsync<OperationStatus>($"/api/v1/operations/{operationId}?after={after}", Json).ConfigureAwait(false);
                var written = final!.Log!.Where(static l => l.Time is not null)
                    .ToDictionary(static l => l.Sequence, static l => Epoch(l.Time!.Value));
                if (run == 0)
                {
                    continue;
                }

                foreach (var arrival in arrivals)
                {
                    if (written.TryGetValue((long)arrival[0], out var at))
                    {
                        pageDelays.Add(arrival[1] - at);
                    }
                }

                foreach (var (sequence, at) in streamArrivals)
                {
                    if (written.TryGetValue(sequence, out var writtenAt))
                    {
                        streamDelays.Add(at - writtenAt);
                    }
                }
            }

            pageDelays.Sort();
            streamDelays.Sort();
            Console.WriteLine($"live-log: {runs} publishes held before Deploy, each released with its operation page open in Chromium ({chromium});");
            Console.WriteLine("  delay from the server writing a line (its time) to it being on the page / read from the event stream");
            Console.WriteLine($"  {"",-34} {"lines",6} {"p50",10} {"p95",10} {"max",10}");
            Row("event stream, HttpClient (baseline)", streamDelays);
            Row("console page, row added", pageDelays);
            if (pageDelays.Count == 0 || streamDelays.Count == 0)
            {
                Console.WriteLine("  no line was measured: FAILED");
                return 1;
            }

            var p95 = Percentile(pageDelays, 0.95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  page p95 / baseline p95 = {p95 / Math.Max(0.1, Percentile(streamDelays, 0.95)):0.00}x; page p95 {p95:0.0} ms (target within {TargetMs:0} ms): {(p95 <= TargetMs ? "OK" : "OVER")}"));
            return p95 <= TargetMs ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Reads the operation's event stream as a plain client would, noting when each line's event arrived (ms since the epoch).</summary>
    private static async Task<List<(long Sequence, double At)>> ReadStreamAsync(HttpClient http, string operationId, long after, CancellationToken ct)
    {
        var arrivals = new List<(long, double)>();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/operations/{operationId}/events?after={after}");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
        string? id = null;
        string? evt = null;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            var now = Now();
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                evt = line[7..];
            }
            else if (line.Length == 0)
            {
                if (evt == "line" && id is not null)
                {
                    arrivals.Add((long.Parse(id, CultureInfo.InvariantCulture), now));
                }

                id = null;
                evt = null;
            }
        }

        return arrivals;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static double Now() => Epoch(DateTimeOffset.UtcNow);

    // Milliseconds since the epoch with their fraction, as the browser's performance.timeOrigin + now() gives them.
    private static double Epoch(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;

    private static void Row(string label, List<double> sorted)
    {
        if (sorted.Count == 0)
        {
            Console.WriteLine($"  {label,-34} {0,6}");
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-34} {sorted.Count,6} {Percentile(sorted, 0.50),7:0.0} ms {Percentile(sorted, 0.95),7:0.0} ms {sorted[^1],7:0.0} ms"));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Holds the publish of the armed extension before Deploy until released.</summary>
    private sealed class Hold : IPublishCheckpoints
    {
        private string? _name;
        private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arm(string name)
        {
            _name = name;
            _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return _held.Task;
        }

        public void Release() => _release.TrySetResult();

        public async Task ReachedAsync(PublishCheckpoint checkpoint, string extension, CancellationToken ct)
        {
            if (checkpoint == PublishCheckpoint.BeforeDeploy && extension == _name)
            {
                _held.TrySetResult();
                await _release.Task.WaitAsync(ct).ConfigureAwait(false);
            }
        }
    }
}
