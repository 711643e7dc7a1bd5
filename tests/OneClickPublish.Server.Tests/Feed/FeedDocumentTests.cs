using System.Text.Json;
using Newtonsoft.Json.Linq;
using NuGet.Frameworks;
using NuGet.Protocol;
using NuGet.Versioning;
using OneClickPublish.Server.Feed;

namespace OneClickPublish.Server.Tests.Feed;

/// <summary>
/// The feed's documents against NuGet's published V3 protocol pages, member by member: the names, the JSON
/// types and the values each page requires; then read by NuGet.Protocol's own models, as the client reads them.
/// </summary>
[TestClass]
public sealed class FeedDocumentTests
{
    private static readonly FeedUrls Urls = new(new Uri("https://packages.example.com/team/"));
    private static readonly DateTimeOffset Published = new(2026, 5, 4, 3, 2, 1, TimeSpan.Zero);

    [TestMethod]
    public void The_service_index_has_version_3_and_absolute_resources_of_the_types_the_client_looks_for()
    {
        var index = Serialize(FeedDocumentBuilder.Service(Urls));

        AssertMembers(index, "version", "resources");
        Assert.AreEqual(3, NuGetVersion.Parse(index.GetProperty("version").GetString()!).Major, "the protocol mandates major version 3");
        foreach (var resource in index.GetProperty("resources").EnumerateArray())
        {
            AssertMembers(resource, "@id", "@type", "comment");
            Assert.IsTrue(Uri.TryCreate(resource.GetProperty("@id").GetString(), UriKind.Absolute, out var id) && id.Scheme == "https", resource.ToString());
        }

        var client = new ServiceIndexResourceV3(JObject.Parse(index.GetRawText()), DateTime.UtcNow);
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/flat/", client.GetServiceEntryUri("PackageBaseAddress/3.0.0")!.AbsoluteUri);
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/registration/", client.GetServiceEntryUri("RegistrationsBaseUrl/3.6.0")!.AbsoluteUri);
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/search", client.GetServiceEntryUri("SearchQueryService")!.AbsoluteUri);
    }

    [TestMethod]
    public void The_version_list_has_lower_case_normalized_versions_without_build_metadata_lowest_first()
    {
        var list = Serialize(FeedDocumentBuilder.Versions([Version("2.0.0-RC.1+build.5"), Version("1.0.0"), Version("10.0.0"), Version("2.0.0")]));

        AssertMembers(list, "versions");
        CollectionAssert.AreEqual(new[] { "1.0.0", "2.0.0-rc.1", "2.0.0", "10.0.0" }, list.GetProperty("versions").EnumerateArray().Select(static v => v.GetString()).ToList());
    }

    [TestMethod]
    public void A_registration_index_inlines_its_versions_in_one_page_with_every_required_member()
    {
        var index = Serialize(FeedDocumentBuilder.Registration(Urls, "Geo", [Version("1.1.0", "net48", "net8.0"), Version("1.0.0", "net8.0")]));

        AssertMembers(index, "@id", "count", "items");
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/registration/geo/index.json", index.GetProperty("@id").GetString());
        Assert.AreEqual(1, index.GetProperty("count").GetInt32());
        var page = index.GetProperty("items")[0];
        AssertMembers(page, "@id", "count", "items", "lower", "upper", "parent");
        Assert.AreEqual(2, page.GetProperty("count").GetInt32());
        Assert.AreEqual("1.0.0", page.GetProperty("lower").GetString());
        Assert.AreEqual("1.1.0", page.GetProperty("upper").GetString());
        Assert.AreEqual(index.GetProperty("@id").GetString(), page.GetProperty("parent").GetString());

        var leaf = page.GetProperty("items")[1];
        AssertMembers(leaf, "@id", "catalogEntry", "packageContent", "registration");
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/registration/geo/1.1.0.json", leaf.GetProperty("@id").GetString());
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/flat/geo/1.1.0/geo.1.1.0.nupkg", leaf.GetProperty("packageContent").GetString());
        var entry = leaf.GetProperty("catalogEntry");
        AssertMembers(entry, "@id", "id", "version", "authors", "description", "title", "tags", "listed", "published", "packageContent", "dependencyGroups");
        Assert.AreEqual(JsonValueKind.True, entry.GetProperty("listed").ValueKind);
        Assert.AreEqual(Published, DateTimeOffset.Parse(entry.GetProperty("published").GetString()!, System.Globalization.CultureInfo.InvariantCulture), "an ISO 8601 timestamp");
        var group = entry.GetProperty("dependencyGroups")[0];
        AssertMembers(group, "targetFramework", "dependencies");
        Assert.AreEqual(0, group.GetProperty("dependencies").GetArrayLength(), "a XIF ships every assembly: no dependency");

        // As NuGet's client reads a catalog entry (PackageMetadataResourceV3).
        var metadata = JsonExtensions.FromJson<PackageSearchMetadataRegistration>(entry.GetRawText())!;
        Assert.AreEqual("Geo", metadata.Identity.Id);
        Assert.AreEqual(NuGetVersion.Parse("1.1.0"), metadata.Identity.Version);
        Assert.IsTrue(metadata.IsListed);
        Assert.AreEqual(Published, metadata.Published);
        Assert.AreEqual("The Geo extension.", metadata.Description);
        CollectionAssert.AreEquivalent(new[] { NuGetFramework.Parse("net48"), NuGetFramework.Parse("net8.0") }, metadata.DependencySets.Select(static d => d.TargetFramework).ToList());
    }

    [TestMethod]
    public void From_128_versions_the_index_refers_to_pages_of_64_and_a_page_holds_its_range()
    {
        var versions = Enumerable.Range(0, 130).Select(static i => Version($"1.{i}.0")).ToList();

        var index = Serialize(FeedDocumentBuilder.Registration(Urls, "Geo", versions));

        Assert.AreEqual(3, index.GetProperty("count").GetInt32());
        var pages = index.GetProperty("items").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { 64, 64, 2 }, pages.Select(static p => p.GetProperty("count").GetInt32()).ToList());
        foreach (var page in pages)
        {
            AssertMembers(page, "@id", "count", "lower", "upper");
        }

        Assert.AreEqual("https://packages.example.com/team/nuget/v3/registration/geo/page/1.64.0/1.127.0.json", pages[1].GetProperty("@id").GetString());
        var second = Serialize(FeedDocumentBuilder.Page(Urls, "Geo", versions, NuGetVersion.Parse("1.64.0"), NuGetVersion.Parse("1.127.0")));
        AssertMembers(second, "@id", "count", "items", "lower", "upper", "parent");
        Assert.AreEqual(64, second.GetProperty("items").GetArrayLength());
        Assert.IsNull(FeedDocumentBuilder.Page(Urls, "Geo", versions, NuGetVersion.Parse("3.0.0"), NuGetVersion.Parse("4.0.0")));
    }

    [TestMethod]
    public void A_registration_leaf_has_its_own_url_listed_content_published_and_registration()
    {
        var leaf = Serialize(FeedDocumentBuilder.Leaf(Urls, Version("1.0.0")));

        AssertMembers(leaf, "@id", "listed", "packageContent", "published", "registration");
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/registration/geo/index.json", leaf.GetProperty("registration").GetString());
    }

    [TestMethod]
    public void A_search_result_has_the_latest_version_s_metadata_and_every_version_with_its_leaf()
    {
        var response = Serialize(new SearchResponse(1, [FeedDocumentBuilder.SearchResult(Urls, [Version("1.0.0"), Version("1.2.0")])]));

        AssertMembers(response, "totalHits", "data");
        var result = response.GetProperty("data")[0];
        AssertMembers(result, "@id", "@type", "registration", "id", "version", "description", "title", "authors", "tags", "totalDownloads", "verified", "packageTypes", "versions");
        Assert.AreEqual("1.2.0", result.GetProperty("version").GetString());
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/registration/geo/index.json", result.GetProperty("registration").GetString());
        var version = result.GetProperty("versions")[0];
        AssertMembers(version, "@id", "version", "downloads");
        Assert.AreEqual("https://packages.example.com/team/nuget/v3/registration/geo/1.0.0.json", version.GetProperty("@id").GetString());

        // As NuGet's client reads a search result (PackageSearchResourceV3).
        var metadata = JsonExtensions.FromJson<PackageSearchMetadata>(result.GetRawText())!;
        Assert.AreEqual("Geo", metadata.Identity.Id);
        Assert.AreEqual(NuGetVersion.Parse("1.2.0"), metadata.Identity.Version);
        Assert.AreEqual("The Geo extension.", metadata.Description);
    }

    private static FeedVersion Version(string version, params string[] frameworks) =>
        new("Geo", NuGetVersion.Parse(version), Published, "The Geo extension.", [.. frameworks.Select(NuGetFramework.Parse)]);

    private static JsonElement Serialize<T>(T document) => JsonSerializer.SerializeToElement(document, FeedJson.Options);

    /// <summary>The object has exactly these members: none missing, none the protocol does not define.</summary>
    private static void AssertMembers(JsonElement element, params string[] names) =>
        CollectionAssert.AreEquivalent(names, element.EnumerateObject().Select(static p => p.Name).ToList(), element.ToString());
}
