using System.Diagnostics;

namespace OneClickPublish.Tests;

/// <summary>Runs a command line through the shell, as a user pasting a printed command would; fails the test unless it succeeds.</summary>
internal static class UserShell
{
    public static async Task RunAsync(string workingDirectory, string commandLine)
    {
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
        start.ArgumentList.Add(commandLine);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        Assert.AreEqual(0, process.ExitCode, $"{commandLine}\n{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
    }
}
