using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace OneClickPublish.Tool.Init;

/// <summary>A NuGet source that could not be asked (down, refused, not a feed) and why.</summary>
internal sealed record UncheckedSource(string Name, string Location, string Reason);

/// <summary>What the project's NuGet sources say about one package version.</summary>
internal sealed record PackageAvailability
{
    /// <summary>The source that has the version, or null when none of those asked has it.</summary>
    public string? FoundOn { get; init; }

    public string? FoundAt { get; init; }

    /// <summary>The sources restore would use for the package (after source mapping), by name.</summary>
    public required IReadOnlyList<string> SourcesAsked { get; init; }

    /// <summary>Every source name the configuration has, enabled or not (a new source needs another name).</summary>
    public required IReadOnlyCollection<string> SourceNames { get; init; }

    public IReadOnlyList<UncheckedSource> Unchecked { get; init; } = [];

    /// <summary>True when packageSourceMapping is on: a new source then also needs a mapping for the package.</summary>
    public bool MappingEnabled { get; init; }

    /// <summary>
    /// Where a new source takes effect for the project: the NuGet.config in its folder or the
    /// nearest above it, else the user's NuGet.config (<see cref="ConfigFileIsUsers"/>).
    /// </summary>
    public required string ConfigFileForNewSource { get; init; }

    public bool ConfigFileIsUsers { get; init; }
}

/// <summary>Asks the NuGet sources of a folder whether they have a package version.</summary>
internal interface IPackageSources
{
    Task<PackageAvailability> FindAsync(string projectDirectory, string packageId, NuGetVersion version, CancellationToken cancellationToken);
}

/// <summary>
/// The sources restore uses for a project folder, with NuGet's own client libraries: the
/// NuGet.config chain of the folder, then the user's and the machine's (NuGet.Configuration), only
/// enabled sources, only those package source mapping allows for the package; each asked through
/// NuGet.Protocol (local folders and V2/V3 feeds alike, with the configured credentials). Local
/// folders are asked first; the first source that has the version ends the search. The NuGet cache
/// (global packages folder) is not a source: a machine or CI without that copy could not restore.
/// </summary>
internal sealed class NuGetPackageSources : IPackageSources
{
    /// <summary>How long one source may take to answer before it is reported as not checked.</summary>
    public TimeSpan SourceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<PackageAvailability> FindAsync(string projectDirectory, string packageId, NuGetVersion version, CancellationToken cancellationToken)
    {
        var settings = Settings.LoadDefaultSettings(projectDirectory);
        var all = new PackageSourceProvider(settings).LoadPackageSources().ToList();
        var mapping = PackageSourceMapping.GetPackageSourceMapping(settings);
        var enabled = all.Where(static s => s.IsEnabled).ToList();
        if (mapping.IsEnabled)
        {
            var allowed = mapping.GetConfiguredPackageSources(packageId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            enabled = enabled.Where(s => allowed.Contains(s.Name)).ToList();
        }

        // Local folders answer at once; feeds may be slow or far away.
        var ordered = enabled.OrderBy(static s => s.IsLocal ? 0 : 1).ToList();
        var notChecked = new List<UncheckedSource>();
        string? foundOn = null;
        string? foundAt = null;
        using var cache = new SourceCacheContext { NoCache = true, DirectDownload = true };
        foreach (var source in ordered)
        {
            var answer = await AskAsync(source, packageId, version, cache, cancellationToken).ConfigureAwait(false);
            if (answer.Reason is not null)
            {
                notChecked.Add(new UncheckedSource(source.Name, source.Source, answer.Reason));
            }
            else if (answer.Found)
            {
                foundOn = source.Name;
                foundAt = source.Source;
                break;
            }
        }

        var nearest = NearestConfigFile(settings, projectDirectory);
        return new PackageAvailability
        {
            FoundOn = foundOn,
            FoundAt = foundAt,
            SourcesAsked = ordered.Select(static s => s.Name).ToList(),
            SourceNames = all.Select(static s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Unchecked = notChecked,
            MappingEnabled = mapping.IsEnabled,
            ConfigFileForNewSource = nearest ?? UserConfigFile(settings),
            ConfigFileIsUsers = nearest is null,
        };
    }

    private async Task<(bool Found, string? Reason)> AskAsync(PackageSource source, string packageId, NuGetVersion version, SourceCacheContext cache, CancellationToken cancellationToken)
    {
        if (source.IsLocal && !Directory.Exists(source.Source))
        {
            return (false, "the folder does not exist");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SourceTimeout);
        try
        {
            var repository = Repository.Factory.GetCoreV3(source);
            var resource = await repository.GetResourceAsync<FindPackageByIdResource>(timeout.Token).ConfigureAwait(false);
            if (resource is null)
            {
                return (false, "it is not a NuGet feed");
            }

            return (await resource.DoesPackageExistAsync(packageId, version, cache, NullLogger.Instance, timeout.Token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {SourceTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // NuGet wraps the cause; its innermost message is the one that says what happened.
            var inner = e;
            while (inner.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            return (false, inner.Message);
        }
    }

    /// <summary>The NuGet.config in the project's folder or the nearest above it; null when only the user's and the machine's exist.</summary>
    private static string? NearestConfigFile(ISettings settings, string projectDirectory)
    {
        var folder = Path.GetFullPath(projectDirectory);
        return settings.GetConfigFilePaths()
            .Select(Path.GetFullPath)
            .Where(path => IsUnder(folder, Path.GetDirectoryName(path)!))
            .OrderByDescending(static path => path.Length)
            .FirstOrDefault();
    }

    /// <summary>The user's NuGet.config (NuGet creates it on first use), as the configuration found it.</summary>
    private static string UserConfigFile(ISettings settings)
    {
        var folder = Path.GetFullPath(NuGetEnvironment.GetFolderPath(NuGetFolderPath.UserSettingsDirectory));
        return settings.GetConfigFilePaths()
            .Select(Path.GetFullPath)
            .FirstOrDefault(path => string.Equals(Path.GetDirectoryName(path), folder.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            ?? Path.Combine(folder, "NuGet.Config");
    }

    private static bool IsUnder(string folder, string ancestor)
    {
        var relative = Path.GetRelativePath(ancestor, folder);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
