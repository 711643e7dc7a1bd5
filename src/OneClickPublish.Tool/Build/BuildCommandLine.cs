namespace OneClickPublish.Tool.Build;

/// <summary>
/// The command line of the extension's own build: <c>dotnet build &lt;project&gt; -t:&lt;target&gt;
/// -nologo -noconsolelogger [-verbosity:&lt;level&gt;] [-bl:LogFile=&lt;path&gt;] -p:Name=Value…
/// -logger:EventStreamLogger,&lt;Tasks.dll&gt;;LogFile=&lt;events&gt;</c>.
/// </summary>
internal static class BuildCommandLine
{
    public const string LoggerType = "OneClickPublish.Tasks.Logging.EventStreamLogger";

    /// <summary>The logger's assembly, copied into the tool's folder by the project reference.</summary>
    public static string DefaultLoggerAssembly => Path.Combine(AppContext.BaseDirectory, "OneClickPublish.Tasks.dll");

    /// <summary>The import hook the tool takes: Microsoft.Common.targets and its cross-targeting twin import it last.</summary>
    public const string InjectionProperty = "DirectoryBuildTargetsPath";

    /// <summary>
    /// The properties that give the extension's build the pipeline from the tool's own folder: its
    /// tasks (OneClickPublishTasksAssembly, which also makes the sample skip its package reference),
    /// and its targets imported after the project's, for single- and multi-targeted projects.
    /// </summary>
    /// <remarks>
    /// A global property silently replaces the value a project gives it, so the tool takes the one
    /// hook whose value it can rebuild: DirectoryBuildTargetsPath, whose default is a lookup by file
    /// name from the project's folder. The injected file makes that lookup and imports the project's
    /// own Directory.Build.targets, then the pipeline. CustomAfterMicrosoftCommonTargets, which the
    /// tool used to set, stays the project's.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> ToolProperties(string toolDirectory) => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["OneClickPublishTasksAssembly"] = Path.Combine(toolDirectory, "OneClickPublish.Tasks.dll"),
        [InjectionProperty] = Path.Combine(toolDirectory, "OneClickPublish.Injected.targets"),
    };

    public static IReadOnlyList<string> Arguments(BuildRequest request, string loggerAssembly, string eventsFile)
    {
        var arguments = new List<string>
        {
            "build",
            request.ProjectPath,
            $"-t:{request.Target}",
            "-nologo",
            // The tool renders the log itself from the event stream; the console logger would
            // only duplicate it (and the terminal logger would fight the window for the screen).
            "-noconsolelogger",
        };

        if (request.Verbosity is { } verbosity)
        {
            // Also the verbosity of the event logger: at detailed and above it streams the build's own messages.
            arguments.Add($"-verbosity:{verbosity}");
        }

        if (request.BinaryLog is { } binaryLog)
        {
            arguments.Add($"-bl:LogFile={binaryLog}");
        }

        foreach (var (name, value) in request.Properties.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            arguments.Add($"-p:{name}={EscapeProperty(value)}");
        }

        arguments.Add($"-logger:{LoggerType},{loggerAssembly};LogFile={eventsFile}");
        return arguments;
    }

    /// <summary>MSBuild splits -p values on ';' and ','; %3B and %2C keep them in one value.</summary>
    internal static string EscapeProperty(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
             .Replace(";", "%3B", StringComparison.Ordinal)
             .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>
    /// The dotnet host: the one running this tool when it runs through <c>dotnet</c>, else the
    /// one the SDK names in DOTNET_HOST_PATH, else <c>dotnet</c> on the PATH.
    /// </summary>
    public static string DotnetHost()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(hostPath) && File.Exists(hostPath) ? hostPath : "dotnet";
    }
}
