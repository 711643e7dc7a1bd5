using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneClickPublish.Diagnostics;
using OneClickPublish.Frameworks;

namespace OneClickPublish.Server.Configuration;

/// <summary>
/// Checks every value of <see cref="PlatformServerOptions"/> before the server opens anything: one
/// coded error per bad value, whatever source it came from (appsettings.json, the environment, the
/// command line or code that embeds the server).
/// </summary>
public sealed class PlatformServerOptionsValidator : IValidateOptions<PlatformServerOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformServerOptions options)
    {
        var errors = Diagnose(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(static e => e.Error.ToString()));
    }

    /// <summary>Throws <see cref="ServerConfigurationException"/> with every bad value, or returns.</summary>
    public static void ThrowIfInvalid(PlatformServerOptions options)
    {
        var errors = Diagnose(options);
        if (errors.Count > 0)
        {
            throw new ServerConfigurationException([.. errors.Select(static e => e.Error)]);
        }
    }

    /// <summary>Each bad value with the key of its setting.</summary>
    public static List<(string Key, Diagnostic Error)> Diagnose(PlatformServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<(string, Diagnostic)>();
        void Check(bool valid, string key, object? value, string expected)
        {
            if (!valid)
            {
                errors.Add((key, ServerConfiguration.InvalidSetting(key, value?.ToString() ?? "(none)", expected)));
            }
        }

        void Present(object? group, string key, string expected) => Check(group is not null, key, null, expected);

        Check(!string.IsNullOrWhiteSpace(options.DataDirectory), "Server:DataDirectory", options.DataDirectory, "a folder");
        var urls = (options.Urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Check(urls.Length > 0 && urls.All(IsListenUrl), "Server:Urls", options.Urls, "one or more http:// or https:// URLs separated by ';'");
        Check(options.MaxUploadBytes > 0, "Server:MaxUploadBytes", options.MaxUploadBytes, "a positive number of bytes");
        Check(options.UploadExpiry > TimeSpan.Zero, "Server:UploadExpiry", options.UploadExpiry, "a positive duration");
        Check(options.MaxConcurrentPublishes is >= 1 and <= 1000, "Server:MaxConcurrentPublishes", options.MaxConcurrentPublishes, "from 1 to 1000");
        Check(!string.IsNullOrWhiteSpace(options.NodeName), "Server:NodeName", options.NodeName, "a name of 1 to 200 characters");
        var frameworks = options.TargetFrameworks ?? [];
        Check(frameworks.Count > 0, "Server:TargetFrameworks", "(none)", "at least one target framework (a server that runs none could publish nothing)");
        foreach (var framework in frameworks)
        {
            Check(FrameworkSupport.ParseRuntime(framework) is not null, "Server:TargetFrameworks", framework, ServerSettings.ExpectedFramework);
        }

        var xif = options.XifLimits;
        if (xif is null)
        {
            errors.Add(("Server:Xif", ServerConfiguration.InvalidSetting("Server:Xif", "(none)", "the XIF limits")));
        }
        else
        {
            Check(xif.MaxEntryCount > 0, "Server:Xif:MaxEntryCount", xif.MaxEntryCount, "a positive number");
            Check(xif.MaxEntrySize > 0, "Server:Xif:MaxEntrySize", xif.MaxEntrySize, "a positive number of bytes");
            Check(xif.MaxTotalSize > 0, "Server:Xif:MaxTotalSize", xif.MaxTotalSize, "a positive number of bytes");
            Check(xif.MaxCompressionRatio >= 1, "Server:Xif:MaxCompressionRatio", xif.MaxCompressionRatio, "a number of at least 1");
        }

        Check(Enum.IsDefined(options.LogLevel), "Server:LogLevel", options.LogLevel, "a log level");
        Check(Enum.IsDefined(options.LogFormat), "Server:LogFormat", options.LogFormat, "none, console or json");
        // Code that embeds the server may set a group to null (the properties are not nullable, the compiler only warns):
        // refused here, in words, rather than a NullReferenceException once the server has opened its database.
        Present(options.CorsOrigins, "Server:Cors:Origins", "a list of origins (empty for none)");
        Present(options.ForwardedHeaders, "Server:ForwardedHeaders", "the trusted proxies (empty for none)");
        Present(options.Feed, "Server:Feed", "the feed's options");
        Present(options.Retention, "Server:Retention", "the retention's options");
        foreach (var origin in options.CorsOrigins ?? [])
        {
            Check(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/",
                "Server:Cors:Origins", origin, "an origin such as https://console.example.com");
        }

        foreach (var proxy in options.ForwardedHeaders?.KnownProxies ?? [])
        {
            Check(ProxyAddresses.TryParseAddress(proxy, out _), "Server:ForwardedHeaders:KnownProxies", proxy, ProxyAddresses.ExpectedAddress);
        }

        foreach (var network in options.ForwardedHeaders?.KnownNetworks ?? [])
        {
            Check(ProxyAddresses.TryParseNetwork(network, out _), "Server:ForwardedHeaders:KnownNetworks", network, ProxyAddresses.ExpectedNetwork);
        }

        Check(options.Feed is null || options.Feed.PublicUrl is null || (options.Feed.PublicUrl.IsAbsoluteUri && options.Feed.PublicUrl.Scheme is "http" or "https"),
            "Server:Feed:PublicUrl", options.Feed?.PublicUrl, "an http:// or https:// URL such as https://packages.example.com/");
        Check(options.ConsoleSessionLifetime > TimeSpan.Zero && options.ConsoleSessionLifetime <= TimeSpan.FromDays(30), "Server:Console:SessionLifetime", options.ConsoleSessionLifetime, "more than zero and at most 30 days");
        Check(options.MinFreeDiskBytes >= 0, "Server:Health:MinFreeDiskBytes", options.MinFreeDiskBytes, "zero or more bytes");
        if (options.Retention is { } retention)
        {
            Check(retention.KeepVersions is 0 or >= 2, "Server:Retention:KeepVersions", retention.KeepVersions,
                "0 (keep all) or at least 2 (the active version and the one before it are always kept)");
            Check(retention.OperationMaxAge >= TimeSpan.Zero, "Server:Retention:OperationMaxAge", retention.OperationMaxAge, "zero (keep all) or a positive duration");
            Check(retention.BlobGracePeriod >= TimeSpan.Zero, "Server:Retention:BlobGracePeriod", retention.BlobGracePeriod, "zero or a positive duration");
        }

        if (!string.IsNullOrEmpty(options.PostgresConnectionString) && !string.IsNullOrEmpty(options.PostgresConnectionStringFile))
        {
            errors.Add(("Server:ConnectionStringFile", Diagnostic.Create(ServerDiagnostics.ConflictingSettings, SourceLocation.None, "Server:ConnectionString", "Server:ConnectionStringFile")));
        }
        else if (options.PostgresConnectionStringFile is { Length: > 0 } file && !File.Exists(file))
        {
            errors.Add(("Server:ConnectionStringFile", Diagnostic.Create(ServerDiagnostics.SettingsFileUnreadable, SourceLocation.None, file, "Server:ConnectionStringFile", "there is no such file")));
        }

        return errors;
    }

    private static bool IsListenUrl(string url) =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https";
}
