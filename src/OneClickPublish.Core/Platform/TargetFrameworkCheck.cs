using NuGet.Frameworks;
using OneClickPublish.Diagnostics;
using OneClickPublish.Frameworks;

namespace OneClickPublish.Platform;

/// <summary>
/// Before an upload: asks the server which target frameworks it runs and refuses (OCP5023) when none of
/// them can run any of the project's, so that nothing is sent for a publish the server would refuse
/// (OCP5118). A project with several frameworks passes when the server runs one of them: the server
/// deploys the whole XIF and loads the folder it can run. A server from before the list is not checked
/// (OCP5024, information).
/// </summary>
public static class TargetFrameworkCheck
{
    /// <summary>
    /// Throws a <see cref="DiagnosticException"/> (OCP5023) when the server cannot run the project; returns
    /// OCP5024 when the server does not say what it runs, null when the check passed or had nothing to check.
    /// </summary>
    /// <param name="projectFrameworks">The project's target frameworks (TargetFrameworks, or TargetFramework); monikers NuGet does not know are left out.</param>
    public static async Task<Diagnostic?> RunAsync(PlatformClient client, IEnumerable<string> projectFrameworks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(projectFrameworks);
        var project = Frameworks(projectFrameworks, FrameworkSupport.Parse);
        if (project.Count == 0)
        {
            return null;
        }

        var info = await client.GetServerInfoAsync(cancellationToken).ConfigureAwait(false);
        if (info?.TargetFrameworks is not { } listed)
        {
            return Diagnostic.Create(PlatformDiagnostics.TargetFrameworksNotChecked, SourceLocation.None, client.Server, FrameworkSupport.Describe(project));
        }

        var server = Frameworks(listed, FrameworkSupport.ParseRuntime);
        if (FrameworkSupport.Runnable(project, server).Count == 0)
        {
            throw DiagnosticException.Create(PlatformDiagnostics.TargetFrameworkNotRunnable, SourceLocation.None,
                client.Server, listed.Count == 0 ? "no framework" : string.Join(", ", listed), FrameworkSupport.Describe(project));
        }

        return null;
    }

    private static List<NuGetFramework> Frameworks(IEnumerable<string> monikers, Func<string?, NuGetFramework?> parse) =>
        [.. monikers.SelectMany(static m => m.Split(';')).Select(parse).OfType<NuGetFramework>().Distinct()];
}
