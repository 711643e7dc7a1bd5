using NuGet.Frameworks;
using NuGet.Versioning;
using OneClickPublish.Server.Feed.Packaging;

namespace OneClickPublish.Server.Feed;

/// <summary>A published version as the feed describes it.</summary>
internal sealed record FeedVersion(string PackageId, NuGetVersion Version, DateTimeOffset Published, string Description, IReadOnlyList<NuGetFramework> Frameworks)
{
    /// <summary>Normalized, as the protocol's URLs and version lists want it (no build metadata).</summary>
    public string NormalizedVersion => Version.ToNormalizedString();
}

/// <summary>
/// Turns published versions into NuGet's V3 documents (<see cref="FeedDocuments"/>), as NuGet's protocol pages
/// define them. Pure: the same versions and URLs give the same documents, which unit tests check member by member.
/// </summary>
internal static class FeedDocumentBuilder
{
    /// <summary>Like nuget.org: an index inlines every version while there are fewer than 128, else refers to pages of 64.</summary>
    public const int InlineLimit = 128;

    public const int PageSize = 64;

    public static ServiceIndex Service(FeedUrls urls) => new("3.0.0",
    [
        new(urls.PackageBaseAddress, "PackageBaseAddress/3.0.0", "Versions, .nupkg and .nuspec of every published extension version."),
        new(urls.RegistrationsBaseUrl, "RegistrationsBaseUrl/3.6.0", "Package metadata, SemVer 2.0.0 versions included."),
        new(urls.Search, "SearchQueryService", "Search by name and description."),
        new(urls.Search, "SearchQueryService/3.0.0-beta", "Search by name and description."),
        new(urls.Search, "SearchQueryService/3.0.0-rc", "Search by name and description."),
    ]);

    public static PackageVersionList Versions(IEnumerable<FeedVersion> versions) =>
        new([.. Sorted(versions).Select(static v => FeedUrls.Lower(v.NormalizedVersion))]);

    public static RegistrationIndex Registration(FeedUrls urls, string packageId, IEnumerable<FeedVersion> versions)
    {
        var sorted = Sorted(versions);
        var inline = sorted.Count < InlineLimit;
        var pages = sorted.Chunk(inline ? Math.Max(1, sorted.Count) : PageSize)
            .Select(chunk => Page(urls, packageId, chunk, inline))
            .ToList();
        return new RegistrationIndex(urls.RegistrationIndex(packageId), pages.Count, pages);
    }

    /// <summary>The page of <paramref name="versions"/> from <paramref name="lower"/> to <paramref name="upper"/> (inclusive), or null when no version falls in it.</summary>
    public static RegistrationPage? Page(FeedUrls urls, string packageId, IEnumerable<FeedVersion> versions, NuGetVersion lower, NuGetVersion upper)
    {
        var inRange = Sorted(versions).Where(v => v.Version >= lower && v.Version <= upper).ToList();
        return inRange.Count == 0 ? null : Page(urls, packageId, inRange, inline: true);
    }

    public static RegistrationLeaf Leaf(FeedUrls urls, FeedVersion version) => new(
        urls.RegistrationLeaf(version.PackageId, version.NormalizedVersion),
        Listed: true,
        urls.PackageContent(version.PackageId, version.NormalizedVersion),
        version.Published,
        urls.RegistrationIndex(version.PackageId));

    /// <summary>One search result per package: its latest version's metadata and every version that matched the query's filters.</summary>
    public static SearchResult SearchResult(FeedUrls urls, IReadOnlyList<FeedVersion> versions)
    {
        var sorted = Sorted(versions);
        var latest = sorted[^1];
        var registration = urls.RegistrationIndex(latest.PackageId);
        return new SearchResult(
            registration,
            "Package",
            registration,
            latest.PackageId,
            latest.NormalizedVersion,
            latest.Description,
            latest.PackageId,
            [latest.PackageId],
            ExtensionPackageBuilder.Tags,
            TotalDownloads: 0,
            Verified: false,
            [new SearchPackageType("Dependency")],
            [.. sorted.Select(v => new SearchResultVersion(urls.RegistrationLeaf(v.PackageId, v.NormalizedVersion), v.NormalizedVersion, 0))]);
    }

    private static RegistrationPage Page(FeedUrls urls, string packageId, IReadOnlyList<FeedVersion> versions, bool inline)
    {
        var lower = versions[0].NormalizedVersion;
        var upper = versions[^1].NormalizedVersion;
        var index = urls.RegistrationIndex(packageId);
        return new RegistrationPage(
            urls.RegistrationPage(packageId, lower, upper),
            versions.Count,
            inline ? [.. versions.Select(v => LeafItem(urls, v))] : null,
            lower,
            upper,
            inline ? index : null);
    }

    private static RegistrationLeafItem LeafItem(FeedUrls urls, FeedVersion version)
    {
        var leaf = urls.RegistrationLeaf(version.PackageId, version.NormalizedVersion);
        var content = urls.PackageContent(version.PackageId, version.NormalizedVersion);
        return new RegistrationLeafItem(
            leaf,
            new CatalogEntry(
                leaf,
                version.PackageId,
                version.NormalizedVersion,
                version.PackageId,
                version.Description,
                version.PackageId,
                ExtensionPackageBuilder.Tags,
                Listed: true,
                version.Published,
                content,
                [.. version.Frameworks.Select(static f => new DependencyGroup(f.GetShortFolderName(), []))]),
            content,
            urls.RegistrationIndex(version.PackageId));
    }

    private static List<FeedVersion> Sorted(IEnumerable<FeedVersion> versions) => [.. versions.OrderBy(static v => v.Version)];
}
