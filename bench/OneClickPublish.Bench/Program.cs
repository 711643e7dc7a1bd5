using OneClickPublish.Bench;

// In-process benchmarks: each prints its figures and ratios against a baseline run side by side
// in this same process. bench/run.sh runs them all, plus the ones that time whole commands.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["verify"] = VerifyBench.RunAsync,
    ["savexif"] = SaveXifBench.RunAsync,
    ["upload"] = UploadBench.RunAsync,
    ["publish"] = PublishBench.RunAsync,
    ["studio"] = StudioXifBench.RunAsync,
    ["gc"] = GcBench.RunAsync,
    ["live-log"] = LiveLogBench.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: OneClickPublish.Bench <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

return await run(args[1..]).ConfigureAwait(false);
