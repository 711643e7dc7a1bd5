namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// A Debian package a test needs (nginx, chromium) that is not installed: on CI, where .ci/run installs it,
/// the test fails; on a developer's machine it is inconclusive with the command that installs it.
/// </summary>
internal static class MissingTool
{
    public static bool OnCi =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0";

    /// <summary>Never returns: fails on CI, else marks the test inconclusive.</summary>
    public static InvalidOperationException Report(string missing)
    {
        if (OnCi)
        {
            Assert.Fail(missing);
        }

        Assert.Inconclusive(missing + " Skipped outside CI.");
        return new InvalidOperationException(missing);
    }
}
