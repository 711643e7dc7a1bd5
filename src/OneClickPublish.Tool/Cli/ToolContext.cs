using OneClickPublish.Tool.Build;
using OneClickPublish.Tool.Window;
using Spectre.Console;

namespace OneClickPublish.Tool.Cli;

/// <summary>
/// What the commands touch of the outside world, so tests run them with a recorded build, a test
/// console and captured output: the build runner, the terminal, the environment, the clock.
/// </summary>
internal sealed class ToolContext
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<IBuildRunner> BuildRunner { get; init; }

    /// <summary>True when stdout and stdin are a terminal the window can draw on and read keys from.</summary>
    public required bool IsTerminal { get; init; }

    /// <summary>Creates the console the window draws on (only asked for when <see cref="IsTerminal"/>).</summary>
    public required Func<IAnsiConsole> Console { get; init; }

    public Func<IAnsiConsole, IKeySource> Keys { get; init; } = static console => new ConsoleKeySource(console.Input);

    public Func<string, IChangeSource> Watcher { get; init; } = static directory => new FileChangeWatcher(directory);

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public string CurrentDirectory { get; init; } = System.Environment.CurrentDirectory;

    /// <summary>Where the tool's tasks, targets and help pages are.</summary>
    public string ToolDirectory { get; init; } = AppContext.BaseDirectory;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public IPlatformServices Platform { get; init; } = new PlatformServices();

    public bool NoColor => !string.IsNullOrEmpty(Environment("NO_COLOR"));

    /// <param name="configureServer">Applied to the options of <c>oneclick server</c> (see <see cref="PlatformServices"/>); null for the tool itself.</param>
    public static ToolContext ForProcess(Action<OneClickPublish.Server.PlatformServerOptions>? configureServer = null)
    {
        var terminal = !System.Console.IsOutputRedirected && !System.Console.IsInputRedirected
            && !string.Equals(System.Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new ToolContext
        {
            Out = System.Console.Out,
            Error = System.Console.Error,
            BuildRunner = static () => new DotnetBuildRunner(),
            Platform = new PlatformServices(System.Console.Error, configureServer),
            IsTerminal = terminal,
            Console = static () => AnsiConsole.Create(new AnsiConsoleSettings
            {
                // Spectre reads NO_COLOR itself; saying so here keeps it explicit.
                ColorSystem = string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.Yes,
            }),
        };
    }
}
