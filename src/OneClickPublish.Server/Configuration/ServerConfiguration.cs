using Microsoft.Extensions.Configuration;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Configuration;

/// <summary>
/// Reads the server's settings the standard .NET way, later sources winning: <c>appsettings.json</c>
/// in the data folder, then environment variables with the <c>ONECLICK_</c> prefix (<c>__</c> for
/// <c>:</c>, e.g. <c>ONECLICK_Server__MaxUploadBytes</c>), then the command line. A value that cannot
/// be read is one coded error (OCP5230) naming its setting; a secret's value is never shown.
/// </summary>
public static class ServerConfiguration
{
    public const string EnvironmentPrefix = "ONECLICK_";

    public const string FileName = "appsettings.json";

    /// <summary>
    /// The data folder comes first, from the command line or the environment (appsettings.json is in
    /// it, so it cannot say where it is), then the whole configuration is read with it.
    /// </summary>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> commandLine, string defaultDataDirectory, string currentDirectory)
    {
        var early = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).AddInMemoryCollection(commandLine).Build();
        var data = Path.GetFullPath(early["Server:DataDirectory"] is { Length: > 0 } d ? d : defaultDataDirectory, currentDirectory);
        var file = Path.Combine(data, FileName);
        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(file, optional: true, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(commandLine)
                .AddInMemoryCollection([new("Server:DataDirectory", data)])
                .Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            // The JSON reader's own words say where the file is broken (line and position).
            var reason = (e.InnerException ?? e).Message;
            throw new ServerConfigurationException([Diagnostic.Create(ServerDiagnostics.SettingsFileUnreadable, SourceLocation.None, file, "the server's settings", reason)]);
        }
    }

    /// <summary>
    /// The options from <paramref name="configuration"/> over <paramref name="defaults"/>, checked:
    /// every value that cannot be read and every value out of its range is one error, all reported at once.
    /// </summary>
    public static PlatformServerOptions Bind(IConfiguration configuration, PlatformServerOptions defaults)
    {
        var options = defaults;
        options.Configuration = configuration;
        var errors = new List<Diagnostic>();
        var unreadable = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in ServerSettings.All)
        {
            var section = configuration.GetSection(setting.Key);
            var values = section.Value is { } single ? [single] : section.GetChildren().Select(static c => c.Value).OfType<string>().ToList();
            if (values.Count > 1 && !setting.Repeatable)
            {
                errors.Add(InvalidSetting(setting.Key, setting.Secret ? null : string.Join(", ", values), "a single value"));
                unreadable.Add(setting.Key);
                continue;
            }

            if (values.Count > 0)
            {
                setting.Clear?.Invoke(options);
            }

            foreach (var value in values)
            {
                if (setting.Apply(options, value.Trim()) is { } expected)
                {
                    errors.Add(InvalidSetting(setting.Key, setting.Secret ? null : value, expected));
                    unreadable.Add(setting.Key);
                }
            }
        }

        errors.AddRange(UnknownSettings(configuration, unreadable));

        // A value that could not be read is reported once, not again as out of range.
        errors.AddRange(PlatformServerOptionsValidator.Diagnose(options).Where(e => !unreadable.Contains(e.Key)).Select(static e => e.Error));
        if (errors.Count > 0)
        {
            throw new ServerConfigurationException(errors);
        }

        return options;
    }

    /// <summary>
    /// Keys under <c>Server:</c> that are no setting: a misspelt name would otherwise be ignored without a word.
    /// Each is a key with a value (the section above it is not a second error), and the items of a single
    /// setting given as a list are not either: that setting is reported already.
    /// </summary>
    private static IEnumerable<Diagnostic> UnknownSettings(IConfiguration configuration, HashSet<string> unreadable)
    {
        // Relative paths: configuration handed in by an application may be a section of its own (App:Server:...).
        foreach (var (relative, value) in configuration.GetSection(ServerSettings.Section).AsEnumerable(makePathsRelative: true))
        {
            var key = $"{ServerSettings.Section}:{relative}";
            if (value is null // a section: the keys under it are reported, not it
                || unreadable.Any(u => key.StartsWith(u + ":", StringComparison.OrdinalIgnoreCase))
                || ServerSettings.All.Any(s => key.Equals(s.Key, StringComparison.OrdinalIgnoreCase)
                    || (s.Repeatable && key.StartsWith(s.Key + ":", StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }

            var source = configuration is IConfigurationRoot root ? SourceOf(root, key) : "the configuration";
            yield return Diagnostic.Create(ServerDiagnostics.UnknownSetting, SourceLocation.None, key, source);
        }
    }

    /// <summary>Which source set a key (one with a value, so some source did), in words: the file, the environment or the command line.</summary>
    private static string SourceOf(IConfigurationRoot root, string key) =>
        root.Providers.Reverse().First(p => p.TryGet(key, out _)) switch
        {
            Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider => root["Server:DataDirectory"] is { } data ? Path.Combine(data, FileName) : FileName,
            Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => $"the environment, {EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}",
            _ => "the command line",
        };

    /// <summary>The PostgreSQL connection string, from the options or the file they name; null for SQLite. The server and the tool's key commands read it alike.</summary>
    public static string? ConnectionStringOf(PlatformServerOptions options)
    {
        if (options.PostgresConnectionStringFile is not { Length: > 0 } file)
        {
            return string.IsNullOrWhiteSpace(options.PostgresConnectionString) ? null : options.PostgresConnectionString;
        }

        try
        {
            // A mounted secret usually ends with a line feed that is not part of it.
            var text = File.ReadAllText(file).Trim();
            return text.Length > 0 ? text
                : throw new ServerConfigurationException([Diagnostic.Create(ServerDiagnostics.SettingsFileUnreadable, SourceLocation.None, file, "Server:ConnectionStringFile", "it is empty")]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerConfigurationException([Diagnostic.Create(ServerDiagnostics.SettingsFileUnreadable, SourceLocation.None, file, "Server:ConnectionStringFile", e.Message)]);
        }
    }

    internal static Diagnostic InvalidSetting(string key, string? value, string expected) =>
        Diagnostic.Create(ServerDiagnostics.InvalidSetting, SourceLocation.None, key, value is null ? "(a secret, not shown)" : $"'{value}'", expected);
}
