using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneClickPublish.Server.Feed;

// The JSON documents of NuGet's V3 protocol as the feed writes them, member for member as NuGet's published
// protocol pages name them (service index, package base address, registration, search). Members the feed has
// no value for (icons, licenses, owners) are left out, as the protocol allows.

/// <summary>The service index: <c>{"version":"3.0.0","resources":[…]}</c>.</summary>
internal sealed record ServiceIndex(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("resources")] IReadOnlyList<ServiceResource> Resources);

internal sealed record ServiceResource(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("comment")] string? Comment);

/// <summary>The package base address's version list: lower-case normalized versions, no build metadata.</summary>
internal sealed record PackageVersionList(
    [property: JsonPropertyName("versions")] IReadOnlyList<string> Versions);

/// <summary>A registration index: the package's versions in pages, inlined while there are few.</summary>
internal sealed record RegistrationIndex(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("items")] IReadOnlyList<RegistrationPage> Items);

/// <summary>A registration page; in an index its <see cref="Items"/> (and <see cref="Parent"/>) are there only when inlined.</summary>
internal sealed record RegistrationPage(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("items")] IReadOnlyList<RegistrationLeafItem>? Items,
    [property: JsonPropertyName("lower")] string Lower,
    [property: JsonPropertyName("upper")] string Upper,
    [property: JsonPropertyName("parent")] string? Parent);

/// <summary>One version in a registration page.</summary>
internal sealed record RegistrationLeafItem(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("catalogEntry")] CatalogEntry CatalogEntry,
    [property: JsonPropertyName("packageContent")] string PackageContent,
    [property: JsonPropertyName("registration")] string Registration);

/// <summary>A version's metadata. <c>listed</c> is always true: a published version is never hidden.</summary>
internal sealed record CatalogEntry(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("id")] string PackageId,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("authors")] string Authors,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("listed")] bool Listed,
    [property: JsonPropertyName("published")] DateTimeOffset Published,
    [property: JsonPropertyName("packageContent")] string PackageContent,
    [property: JsonPropertyName("dependencyGroups")] IReadOnlyList<DependencyGroup> DependencyGroups);

/// <summary>The dependencies for one framework: none, since a XIF ships every assembly it needs; the group names the framework.</summary>
internal sealed record DependencyGroup(
    [property: JsonPropertyName("targetFramework")] string TargetFramework,
    [property: JsonPropertyName("dependencies")] IReadOnlyList<PackageDependency> Dependencies);

internal sealed record PackageDependency(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("range")] string Range);

/// <summary>A registration leaf on its own (its URL is the <c>@id</c> of a leaf in a page).</summary>
internal sealed record RegistrationLeaf(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("listed")] bool Listed,
    [property: JsonPropertyName("packageContent")] string PackageContent,
    [property: JsonPropertyName("published")] DateTimeOffset Published,
    [property: JsonPropertyName("registration")] string Registration);

/// <summary>A page of search results.</summary>
internal sealed record SearchResponse(
    [property: JsonPropertyName("totalHits")] int TotalHits,
    [property: JsonPropertyName("data")] IReadOnlyList<SearchResult> Data);

/// <summary>One package in search results, with the metadata of its latest matching version.</summary>
internal sealed record SearchResult(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("registration")] string Registration,
    [property: JsonPropertyName("id")] string PackageId,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("authors")] IReadOnlyList<string> Authors,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("totalDownloads")] long TotalDownloads,
    [property: JsonPropertyName("verified")] bool Verified,
    [property: JsonPropertyName("packageTypes")] IReadOnlyList<SearchPackageType> PackageTypes,
    [property: JsonPropertyName("versions")] IReadOnlyList<SearchResultVersion> Versions);

internal sealed record SearchResultVersion(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("downloads")] long Downloads);

internal sealed record SearchPackageType(
    [property: JsonPropertyName("name")] string Name);

/// <summary>How the feed's documents are written: the names above as they are, nulls left out.</summary>
internal static class FeedJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
