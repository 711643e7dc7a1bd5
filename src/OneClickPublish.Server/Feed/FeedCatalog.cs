using System.Collections.Concurrent;
using NuGet.Versioning;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;
using OneClickPublish.Server.Feed.Packaging;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Feed;

/// <summary>An extension as the feed shows it to one caller: its record and its versions, lowest first.</summary>
internal sealed record FeedExtension(ExtensionRecord Record, IReadOnlyList<VersionRecord> Versions);

/// <summary>
/// What the feed offers, read from the metadata store on every request: the extensions and versions
/// published on the server, so a version deleted on the server is gone from the feed at once. Every read
/// passes <see cref="FeedAccess"/>; an extension the caller may not read is one that does not exist.
/// </summary>
internal sealed class FeedCatalog(IMetadataStore store, BlobStore blobs, IXifInspector inspector, FeedAccess access)
{
    // A version is immutable (the XIF's SHA-256 names its content), so its description is kept once made.
    private readonly ConcurrentDictionary<string, FeedVersion> _described = new(StringComparer.Ordinal);

    /// <summary>The extension named <paramref name="packageId"/> (any case) with its versions, or null when there is none the caller may read.</summary>
    public async Task<FeedExtension?> FindAsync(FeedCaller caller, string packageId, CancellationToken ct)
    {
        if (!Names.IsValidExtensionName(packageId))
        {
            return null;
        }

        var record = await store.GetExtensionAsync(Names.KeyOf(packageId), ct).ConfigureAwait(false);
        return record is null ? null : await VisibleAsync(caller, record, ct).ConfigureAwait(false);
    }

    /// <summary>Every extension the caller may read that has a version, by name.</summary>
    public async Task<IReadOnlyList<FeedExtension>> ListAsync(FeedCaller caller, CancellationToken ct)
    {
        var list = new List<FeedExtension>();
        foreach (var record in await store.ListExtensionsAsync(ct).ConfigureAwait(false))
        {
            if (await VisibleAsync(caller, record, ct).ConfigureAwait(false) is { } extension)
            {
                list.Add(extension);
            }
        }

        return list;
    }

    /// <summary>A version as the registration and the search describe it: its definition's description and the frameworks its package carries.</summary>
    public async Task<FeedVersion> DescribeAsync(ExtensionRecord extension, VersionRecord version, CancellationToken ct)
    {
        var key = $"{version.NameKey}/{version.Version}/{version.Sha256}";
        if (_described.TryGetValue(key, out var known))
        {
            return known with { PackageId = extension.Name };
        }

        var definition = inspector.ReadDefinition(version.DefinitionXml, new DiagnosticBag());
        var files = await store.GetVersionFilesAsync(version.NameKey, version.Version, ct).ConfigureAwait(false);
        var frameworks = definition is null
            ? []
            : PackageLayout.Plan(definition, files, blobs.PathOf).Select(static g => g.Framework).OfType<NuGet.Frameworks.NuGetFramework>().ToList();
        var described = new FeedVersion(
            extension.Name,
            NuGetVersion.Parse(version.Version),
            version.PublishedAt,
            definition is null ? $"The extension {extension.Name}." : ExtensionPackageBuilder.DescriptionOf(definition),
            frameworks);
        _described[key] = described;
        return described;
    }

    public async Task<IReadOnlyList<FeedVersion>> DescribeAsync(FeedExtension extension, CancellationToken ct)
    {
        var described = new List<FeedVersion>(extension.Versions.Count);
        foreach (var version in extension.Versions)
        {
            described.Add(await DescribeAsync(extension.Record, version, ct).ConfigureAwait(false));
        }

        return described;
    }

    private async Task<FeedExtension?> VisibleAsync(FeedCaller caller, ExtensionRecord record, CancellationToken ct)
    {
        if (!await access.CanReadAsync(caller, record.Name, ct).ConfigureAwait(false))
        {
            return null;
        }

        var versions = await store.ListVersionsAsync(record.NameKey, ct).ConfigureAwait(false);
        return versions.Count == 0 ? null : new FeedExtension(record, [.. versions.OrderBy(static v => NuGetVersion.Parse(v.Version))]);
    }
}
