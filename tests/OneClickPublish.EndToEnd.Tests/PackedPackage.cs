using OneClickPublish.Tests;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// The OneClickPublish package, packed once per test run with a unique version into a private
/// feed, so that every test builds against exactly this code and never a stale cached copy.
/// </summary>
[TestClass]
public static class PackedPackage
{
    private static string? _feed;
    private static string? _version;

    public static string RepositoryRoot { get; } = TestRepository.Root;

    public static string Feed => _feed ?? throw new InvalidOperationException("The package was not packed.");

    public static string Version => _version ?? throw new InvalidOperationException("The package was not packed.");

    public static string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "oneclick-e2e", Guid.NewGuid().ToString("N")[..8]);

    [AssemblyInitialize]
    public static void Pack(TestContext context)
    {
        _ = context;
        Directory.CreateDirectory(WorkRoot);
        _version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        _feed = Path.Combine(WorkRoot, "feed");
        var result = DotNet.Run(RepositoryRoot, "pack", "src/OneClickPublish.Tasks/OneClickPublish.Tasks.csproj",
            "-c", "Release", "-o", _feed, $"-p:Version={_version}", "-nologo");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Packing OneClickPublish failed:\n{result}");
        }
    }

    [AssemblyCleanup]
    public static void Cleanup()
    {
        SharedServer.Stop();
        // Keep the folder when asked, to look at what a failing test built.
        if (Environment.GetEnvironmentVariable("ONECLICK_E2E_KEEP") != "1" && Directory.Exists(WorkRoot))
        {
            try
            {
                Directory.Delete(WorkRoot, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static string NupkgPath => Path.Combine(Feed, $"OneClickPublish.{Version}.nupkg");
}
