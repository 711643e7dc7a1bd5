using System.CommandLine;
using System.CommandLine.Invocation;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Init;
using OneClickPublish.Tool.Operation;
using OneClickPublish.Tool.Output;
using OneClickPublish.Tool.Window;

using OneClickPublish.Server.Configuration;

namespace OneClickPublish.Tool.Cli;

/// <summary>
/// The oneclick command line, in the dotnet CLI's conventions: <c>publish</c>, <c>verify</c>,
/// <c>save</c>, <c>upload</c> (the pipeline, each one build of the extension), <c>status</c>,
/// <c>rollback</c>, <c>server</c> (with <c>keys</c> and <c>gc</c>) and <c>keys</c>, each with <c>--help</c>.
/// </summary>
internal sealed class OneClickCli
{
    public const string DefaultDataDirectory = ".oneclick/server";

    /// <summary>Where --binlog without a path writes, in the current folder (dotnet build's own default is msbuild.binlog).</summary>
    public const string DefaultBinaryLog = "oneclick.binlog";

    private readonly ToolContext _context;

    public OneClickCli(ToolContext context)
    {
        _context = context;
        Root = new RootCommand("oneclick: verify, save, upload and publish .NET extensions to a Platform Server — the 1-Click Publish window in the terminal.");
        Root.Subcommands.Add(PipelineCommand(OneClickStep.Publish, "publish",
            "Run the whole chain (Verify, Save, Upload, Publish, Deploy). In a terminal it opens the 1-Click Publish window; without --server it publishes to a Platform Server it starts on this machine."));
        Root.Subcommands.Add(PipelineCommand(OneClickStep.Verify, "verify",
            "Verify the extension: its definition, the generated code and the implementation (compiled and checked)."));
        Root.Subcommands.Add(PipelineCommand(OneClickStep.Save, "save",
            "Verify the extension and save it to a .xif file."));
        Root.Subcommands.Add(PipelineCommand(OneClickStep.Upload, "upload",
            "Verify, save and upload the extension to the Platform Server, without publishing it."));
        Root.Subcommands.Add(StatusCommand());
        Root.Subcommands.Add(RollbackCommand());
        Root.Subcommands.Add(ServerCommand());
        Root.Subcommands.Add(KeysCommand("keys", "Manage the API keys of the local Platform Server (same as 'server keys')."));
        Root.Subcommands.Add(InitCommand.Create(_context, ResolveProject));
        Root.Subcommands.Add(Import.ImportCommand.Create(_context));
        Root.Subcommands.Add(Import.ExportCommand.Create(_context, ResolveProject));
    }

    public RootCommand Root { get; }

    public async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken = default, TimeSpan? processTerminationTimeout = null)
    {
        var parse = Root.Parse(args);
        if (parse.Action is ParseErrorAction || (parse.Errors.Count > 0 && parse.Action is null))
        {
            foreach (var error in parse.Errors)
            {
                await _context.Error.WriteLineAsync(Diagnostic.Create(ToolDiagnostics.UsageError, SourceLocation.None, error.Message).ToString()).ConfigureAwait(false);
            }

            var command = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(static c => c.Name).Append(parse.CommandResult.Command.Name));
            await _context.Error.WriteLineAsync($"Run '{command} --help' to see the command's options and arguments.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var configuration = new InvocationConfiguration
        {
            Output = _context.Out,
            Error = _context.Error,
            ProcessTerminationTimeout = processTerminationTimeout,
        };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    // ---- options shared by several commands -------------------------------------------------

    private static Argument<string?> ProjectArgument() => new("project")
    {
        Description = "The extension's project file, or a folder holding exactly one. Default: the current folder.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static Option<string?> ServerOption() => new("--server")
    {
        Description = "The Platform Server's URL. Without it, the embedded server with its data in .oneclick/server is used.",
        HelpName = "URL",
    };

    private static Option<string?> ApiKeyOption() => new("--api-key")
    {
        Description = "The API key for --server. Default: the ONECLICK_API_KEY environment variable.",
        HelpName = "KEY",
    };

    private static Option<bool> JsonOption() => new("--json")
    {
        Description = "Print one JSON object per event (or the answer as JSON), for other tools.",
    };

    private static Option<string> DataOption() => new("--data")
    {
        Description = "The embedded/local server's data folder (SQLite metadata, blobs, deployments).",
        HelpName = "DIR",
        DefaultValueFactory = static _ => DefaultDataDirectory,
    };

    // ---- publish, verify, save, upload -------------------------------------------------------

    private Command PipelineCommand(OneClickStep step, string name, string description)
    {
        var project = ProjectArgument();
        var json = JsonOption();
        var watch = new Option<bool>("--watch") { Description = "Verify again by itself whenever a file of the project changes; Ctrl+C ends." };
        var properties = new Option<string[]>("--property", "-p")
        {
            Description = "An MSBuild property for the extension's build, as Name=Value (repeatable).",
            HelpName = "Name=Value",
            AllowMultipleArgumentsPerToken = false,
        };
        var verbosity = new Option<string?>("--verbosity", "-v")
        {
            Description = "MSBuild's verbosity for the extension's build: q[uiet], m[inimal], n[ormal], d[etailed] or diag[nostic]. At detailed and diagnostic the build's own messages are lines of the log.",
            HelpName = "LEVEL",
        };
        verbosity.AcceptOnlyFromAmong([.. Build.BuildVerbosity.Accepted]);
        var binlog = new Option<string?>("--binlog")
        {
            Description = "Write a binary log of the extension's build (for the MSBuild Structured Log Viewer), to PATH or oneclick.binlog. Later builds of the same run write PATH-2.binlog, -3…",
            HelpName = "PATH",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command(name, description) { project, json, watch, properties, verbosity, binlog };

        Option<string?>? server = null;
        Option<string?>? apiKey = null;
        Option<string>? data = null;
        if (step.NeedsServer())
        {
            server = ServerOption();
            apiKey = ApiKeyOption();
            data = DataOption();
            command.Options.Add(server);
            command.Options.Add(apiKey);
            command.Options.Add(data);
        }

        Option<bool>? noWindow = null;
        if (step == OneClickStep.Publish)
        {
            noWindow = new Option<bool>("--no-window") { Description = "Print plain log lines even in a terminal." };
            command.Options.Add(noWindow);
        }

        command.SetAction((parse, cancellationToken) => Guard(async () =>
        {
            var request = new PipelineRequest(
                step,
                ResolveProject(parse.GetValue(project)),
                parse.GetValue(json),
                parse.GetValue(watch),
                noWindow is not null && parse.GetValue(noWindow),
                server is null ? null : parse.GetValue(server),
                apiKey is null ? null : parse.GetValue(apiKey),
                data is null ? DefaultDataDirectory : parse.GetValue(data) ?? DefaultDataDirectory,
                ParseProperties(parse.GetValue(properties)))
            {
                Verbosity = Build.BuildVerbosity.Normalize(parse.GetValue(verbosity)),
                // --binlog alone (no PATH) is still --binlog: ask whether the option was given, not its value.
                BinaryLog = parse.GetResult(binlog) is null ? null : Path.GetFullPath(parse.GetValue(binlog) ?? DefaultBinaryLog, _context.CurrentDirectory),
            };
            return await new PipelineCommandRunner(_context).RunAsync(request, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>A project file, or the one project file in a folder.</summary>
    internal string ResolveProject(string? argument)
    {
        var path = Path.GetFullPath(argument ?? ".", _context.CurrentDirectory);
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw DiagnosticException.Create(ToolDiagnostics.ProjectNotFound, SourceLocation.None, argument ?? ".");
        }

        var projects = Directory.GetFiles(path, "*.*proj").Where(static p => !p.EndsWith(".shproj", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        return projects.Count switch
        {
            1 => projects[0],
            0 => throw DiagnosticException.Create(ToolDiagnostics.ProjectNotFound, SourceLocation.None, argument ?? "."),
            _ => throw DiagnosticException.Create(ToolDiagnostics.SeveralProjects, SourceLocation.None, argument ?? ".", string.Join(", ", projects.Select(Path.GetFileName))),
        };
    }

    private static Dictionary<string, string> ParseProperties(string[]? values)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw DiagnosticException.Create(ToolDiagnostics.UsageError, SourceLocation.None, $"'{value}' is not a property: write it as Name=Value");
            }

            properties[value[..equals].Trim()] = value[(equals + 1)..];
        }

        return properties;
    }

    // ---- status, rollback --------------------------------------------------------------------

    private Command StatusCommand()
    {
        var extension = new Argument<string?>("extension") { Description = "One extension to show in detail, with its versions and history.", Arity = ArgumentArity.ZeroOrOne };
        var server = ServerOption();
        var apiKey = ApiKeyOption();
        var data = DataOption();
        var json = JsonOption();
        var command = new Command("status", "Show the extensions on a Platform Server, their versions and the active one.") { extension, server, apiKey, data, json };
        command.SetAction((parse, cancellationToken) => Guard(() =>
            _context.Platform.StatusAsync(Target(parse.GetValue(server), parse.GetValue(apiKey), parse.GetValue(data)), parse.GetValue(extension), parse.GetValue(json), _context.Out, cancellationToken)));
        return command;
    }

    private Command RollbackCommand()
    {
        var extension = new Argument<string>("name") { Description = "The extension's name." };
        var version = new Argument<string>("version") { Description = "The earlier version to make active again; it must have been published." };
        var server = ServerOption();
        var apiKey = ApiKeyOption();
        var data = DataOption();
        var json = JsonOption();
        var command = new Command("rollback", "Make an earlier version of an extension active again, atomically.") { extension, version, server, apiKey, data, json };
        command.SetAction((parse, cancellationToken) => Guard(() =>
            _context.Platform.RollbackAsync(Target(parse.GetValue(server), parse.GetValue(apiKey), parse.GetValue(data)), parse.GetValue(extension)!, parse.GetValue(version)!, parse.GetValue(json), _context.Out, cancellationToken)));
        return command;
    }

    /// <summary>A running server when --server is given (its key from --api-key or ONECLICK_API_KEY), else the local data folder.</summary>
    internal ServerTarget Target(string? server, string? apiKey, string? data)
    {
        var dataDirectory = Path.GetFullPath(data ?? DefaultDataDirectory, _context.CurrentDirectory);
        return new ServerTarget(server is null ? null : Endpoint(server, apiKey, _context), dataDirectory);
    }

    internal static ServerEndpoint Endpoint(string server, string? apiKey, ToolContext context)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw DiagnosticException.Create(ToolDiagnostics.ServerUrlNotValid, SourceLocation.None, server);
        }

        var key = apiKey ?? context.Environment(OneClickSession.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw DiagnosticException.Create(ToolDiagnostics.ApiKeyMissing, SourceLocation.None, server);
        }

        return new ServerEndpoint(url, key);
    }

    // ---- server, keys ------------------------------------------------------------------------

    private Command ServerCommand()
    {
        var command = new Command("server",
            "Run a Platform Server until Ctrl+C. At its first start it creates an API key with publish rights and shows it once. "
            + "Every setting also comes from appsettings.json in the data folder and from ONECLICK_Server__<Name> environment variables; "
            + "the command line wins over the environment, which wins over the file.");
        var options = new List<(ServerSetting Setting, Option Option)>();
        foreach (var setting in ServerSettings.All.Where(static s => s.Option is not null))
        {
            var help = $"{setting.Description} Default: {setting.Default}. ({setting.Key})";
            Option option = setting.Repeatable
                ? new Option<string[]>(setting.Option!) { Description = help, HelpName = "VALUE", AllowMultipleArgumentsPerToken = false }
                : new Option<string?>(setting.Option!) { Description = help, HelpName = "VALUE" };
            command.Options.Add(option);
            options.Add((setting, option));
        }

        command.Subcommands.Add(KeysCommand("keys", "Manage the server's API keys."));
        command.Subcommands.Add(GcCommand());
        command.SetAction((parse, cancellationToken) => Guard(() =>
            _context.Platform.RunServerAsync(CommandLineSettings(parse, options), _context.CurrentDirectory, _context.Out, _context.Error, cancellationToken)));
        return command;
    }

    /// <summary>The settings given on the command line, as configuration keys (the last source, so they win).</summary>
    private static Dictionary<string, string?> CommandLineSettings(ParseResult parse, List<(ServerSetting Setting, Option Option)> options)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (setting, option) in options)
        {
            if (option is Option<string[]> list && parse.GetValue(list) is { Length: > 0 } values)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    settings[$"{setting.Key}:{i}"] = values[i];
                }
            }
            else if (option is Option<string?> single && parse.GetValue(single) is { } value)
            {
                settings[setting.Key] = value;
            }
        }

        return settings;
    }

    private Command GcCommand()
    {
        var data = DataOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Change nothing; print what would be removed." };
        var json = JsonOption();
        var gc = new Command("gc",
            "Clean the server's data folder once, as the server does every 10 minutes: versions beyond Server:Retention:KeepVersions, "
            + "operations older than Server:Retention:OperationMaxAge, and blobs no version uses. Safe while the server runs.") { data, dryRun, json };
        gc.SetAction((parse, cancellationToken) => Guard(() =>
            _context.Platform.CollectGarbageAsync(Path.GetFullPath(parse.GetValue(data) ?? DefaultDataDirectory, _context.CurrentDirectory), parse.GetValue(dryRun), parse.GetValue(json), _context.Out, cancellationToken)));
        return gc;
    }

    private Command KeysCommand(string name, string description)
    {
        var keys = new Command(name, description + " Without --server, on the local server's data folder (its database, no key needed); with --server, over HTTP with an admin key.");

        var createName = new Option<string>("--name") { Description = "A name for the key (shown in the history as who published).", Required = true };
        var scope = new Option<string>("--scope") { Description = "What the key may do: read, publish (implies read) or admin (implies all).", DefaultValueFactory = static _ => "publish" };
        scope.AcceptOnlyFromAmong("read", "publish", "admin");
        var extensions = new Option<string?>("--extensions")
        {
            Description = "The extensions the key may use, comma-separated: names, or a name's beginning followed by * (quote it: 'Geo*,Maps'). Default: every extension. Not for admin keys.",
            HelpName = "PATTERNS",
        };
        var (createServer, createKey, createData) = (ServerOption(), ApiKeyOption(), DataOption());
        var create = new Command("create", "Create an API key and show it once.") { createName, scope, extensions, createServer, createKey, createData };
        create.SetAction((parse, cancellationToken) => Guard(() =>
            _context.Platform.CreateKeyAsync(KeysTarget(parse, createServer, createKey, createData), parse.GetValue(createName)!, parse.GetValue(scope)!,
                ParsePatterns(parse.GetValue(extensions)), _context.Out, cancellationToken)));

        var (listServer, listKey, listData) = (ServerOption(), ApiKeyOption(), DataOption());
        var listJson = JsonOption();
        var list = new Command("list", "List the API keys (names, scopes, extensions, when created, whether revoked; never the keys).") { listServer, listKey, listData, listJson };
        list.SetAction((parse, cancellationToken) => Guard(() =>
            _context.Platform.ListKeysAsync(KeysTarget(parse, listServer, listKey, listData), parse.GetValue(listJson), _context.Out, cancellationToken)));

        var revokeName = new Argument<string>("name") { Description = "The name (or id) of the key to revoke." };
        var (revokeServer, revokeKey, revokeData) = (ServerOption(), ApiKeyOption(), DataOption());
        var revoke = new Command("revoke", "Revoke an API key: requests with it are refused from now on.") { revokeName, revokeServer, revokeKey, revokeData };
        revoke.SetAction((parse, cancellationToken) => Guard(() =>
            _context.Platform.RevokeKeyAsync(KeysTarget(parse, revokeServer, revokeKey, revokeData), parse.GetValue(revokeName)!, _context.Out, cancellationToken)));

        keys.Subcommands.Add(create);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(revoke);
        return keys;
    }

    private ServerTarget KeysTarget(ParseResult parse, Option<string?> server, Option<string?> apiKey, Option<string> data) =>
        Target(parse.GetValue(server), parse.GetValue(apiKey), parse.GetValue(data));

    /// <summary>"Geo*, Maps" as a list; null (every extension) when the option is not given.</summary>
    private static List<string>? ParsePatterns(string? value) =>
        value is null ? null : [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Coded errors of the command line become one error line and exit code 3 (usage) or 2 (server), never a stack trace.</summary>
    private async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (DiagnosticException e)
        {
            await _context.Error.WriteLineAsync(e.Diagnostic.ToString()).ConfigureAwait(false);
            return SessionSettings.DefaultServerUnreachableCodes.Contains(e.Diagnostic.Code) ? ExitCodes.ServerUnreachable
                : IsUsage(e.Diagnostic.Code) ? ExitCodes.UsageError
                : ExitCodes.ExtensionErrors;
        }
        catch (ServerConfigurationException e)
        {
            // The server's configuration (read by the key commands too): one line per bad value.
            foreach (var diagnostic in e.Diagnostics)
            {
                await _context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }
    }

    private static bool IsUsage(string code) =>
        code == ToolDiagnostics.UsageError.Code || code == ToolDiagnostics.ProjectNotFound.Code || code == ToolDiagnostics.SeveralProjects.Code
        || code == ToolDiagnostics.ServerUrlNotValid.Code || code == ToolDiagnostics.ApiKeyMissing.Code || KeyRequestCodes.Contains(code);

    /// <summary>What a server answers to a key the command line asked for wrongly: the same exit code as when the data folder refuses it.</summary>
    private static readonly HashSet<string> KeyRequestCodes = new(StringComparer.Ordinal)
    {
        ServerDiagnostics.InvalidExtensionPattern.Code, ServerDiagnostics.ApiKeyNameTaken.Code, ServerDiagnostics.InvalidApiKeyName.Code,
        ServerDiagnostics.InvalidApiKeyScope.Code, ServerDiagnostics.AdminKeyLimited.Code,
    };
}
