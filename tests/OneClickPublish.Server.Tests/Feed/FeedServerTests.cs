using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests.Feed;

/// <summary>
/// The feed of a real server over loopback: keys as NuGet sends them, the documents and packages of published
/// versions, and every refusal as problem details with a code. The NuGet client itself is run against a server
/// process by the end-to-end tests (FeedEndToEndTests).
/// </summary>
[TestClass]
public sealed class FeedServerTests
{
    private const string Index = "/nuget/v3/index.json";

    [TestMethod]
    public async Task Without_credentials_the_feed_answers_401_with_the_Basic_challenge_NuGet_needs_to_send_its_credentials()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var anonymous = fixture.NewClient(key: null);

        using var response = await anonymous.GetAsync(Index);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        StringAssert.Contains(response.Headers.WwwAuthenticate.Single().Parameter, "realm=");
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("OCP5100", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var api = await anonymous.GetAsync("/api/v1/extensions");
        Assert.AreEqual("Bearer", api.Headers.WwwAuthenticate.Single().Scheme, "the rest of the API keeps its Bearer challenge");
    }

    [TestMethod]
    [DataRow("Basic", true)]
    [DataRow("Bearer", true)]
    [DataRow("BasicWrongKey", false)]
    [DataRow("BasicNotBase64", false)]
    [DataRow("BasicWithoutColon", false)]
    public async Task A_key_as_the_Basic_password_or_as_Bearer_reads_the_feed_and_anything_else_is_401_OCP5101(string how, bool accepted)
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = fixture.NewClient(key: null);
        client.DefaultRequestHeaders.Authorization = how switch
        {
            "Basic" => FeedFixtures.Basic(fixture.Key, user: "whoever"),
            "Bearer" => new("Bearer", fixture.Key),
            "BasicWrongKey" => FeedFixtures.Basic("ocp_0123456789abcdef_wrong"),
            "BasicNotBase64" => new("Basic", "%%%"),
            _ => new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(fixture.Key))),
        };

        using var response = await client.GetAsync(Index);

        Assert.AreEqual(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode, await response.Content.ReadAsStringAsync());
        if (!accepted)
        {
            Assert.AreEqual("OCP5101", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    [TestMethod]
    public async Task Basic_is_taken_on_the_feed_only()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = fixture.NewClient(key: null);
        client.DefaultRequestHeaders.Authorization = FeedFixtures.Basic(fixture.Key);

        using var response = await client.GetAsync("/api/v1/extensions");

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    public async Task With_anonymous_reads_allowed_the_feed_answers_without_credentials_but_never_with_bad_ones_and_the_API_still_needs_a_key()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.Feed = new() { AllowAnonymousRead = true });
        await PublishAsync(fixture, FeedFixtures.GeoXif());
        using var anonymous = fixture.NewClient(key: null);
        using var bad = fixture.NewClient(key: null);
        bad.DefaultRequestHeaders.Authorization = FeedFixtures.Basic("ocp_0123456789abcdef_wrong");

        Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/nuget/v3/flat/geo/index.json")).StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await bad.GetAsync(Index)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/extensions")).StatusCode);
    }

    [TestMethod]
    public async Task A_read_key_reads_the_versions_the_package_and_its_nuspec_and_the_package_is_built_once_then_served_from_its_blob()
    {
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o => o.ConfigureLogging = log.AddTo);
        await PublishAsync(fixture, FeedFixtures.GeoXif("1.0.0"));
        await PublishAsync(fixture, FeedFixtures.GeoXif("1.1.0", extraActions: """<Action Name="Wave" Key="act-wave" Description="Waves." />"""));
        using var reader = await ReaderAsync(fixture, ApiKeyScope.Read);

        var versions = await reader.GetFromJsonAsync<JsonElement>("/nuget/v3/flat/GEO/index.json");
        var first = await reader.GetByteArrayAsync("/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg");
        using var again = await reader.GetAsync("/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg");
        var nuspec = await reader.GetStringAsync("/nuget/v3/flat/geo/1.0.0/geo.nuspec");
        using var head = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg"));

        CollectionAssert.AreEqual(new[] { "1.0.0", "1.1.0" }, versions.GetProperty("versions").EnumerateArray().Select(static v => v.GetString()).ToList());
        CollectionAssert.AreEqual(first, await again.Content.ReadAsByteArrayAsync());
        Assert.AreEqual("application/octet-stream", again.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual($"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(first))}\"", again.Headers.ETag?.Tag, "the blob's SHA-256");
        StringAssert.Contains(nuspec, "<id>Geo</id>");
        StringAssert.Contains(nuspec, "<version>1.0.0</version>");
        Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
        Assert.AreEqual(first.Length, head.Content.Headers.ContentLength);
        using (var zip = new ZipArchive(new MemoryStream(first)))
        {
            CollectionAssert.IsSubsetOf(new[] { "Geo.nuspec", "README.md", "extension.xml", "lib/net8.0/Geo.dll", "lib/net8.0/Geo.xml", "lib/net8.0/Shared.Helpers.dll" },
                zip.Entries.Select(static e => e.FullName).ToList());
        }

        Assert.AreEqual(1L, fixture.CountRows("packages"), "one package built: 1.1.0 was never asked for");
        Assert.AreEqual(1, log.Text.Split('\n').Count(static l => l.Contains("Package Geo 1.0.0 built", StringComparison.Ordinal)), log.Text);
        var blob = Path.Combine(fixture.DataDirectory, "blobs", again.Headers.ETag!.Tag.Trim('"')[..2], again.Headers.ETag.Tag.Trim('"'));
        Assert.IsTrue(File.Exists(blob), "the package is a blob of the blob store");
    }

    [TestMethod]
    public async Task Two_servers_given_the_same_XIF_serve_byte_identical_packages()
    {
        var xif = FeedFixtures.GeoXif();
        await using var one = await ServerFixture.StartAsync();
        await PublishAsync(one, xif);
        var first = await Basic(one).GetByteArrayAsync("/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg");
        await Task.Delay(TimeSpan.FromSeconds(2.1)); // past a ZIP timestamp's 2-second resolution
        await using var two = await ServerFixture.StartAsync();
        await PublishAsync(two, xif);

        var second = await Basic(two).GetByteArrayAsync("/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg");

        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public async Task Unknown_packages_and_versions_are_404_OCP5300_and_change_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await PublishAsync(fixture, FeedFixtures.GeoXif());
        using var client = Basic(fixture);
        var before = fixture.SnapshotFiles();

        foreach (var path in new[]
        {
            "/nuget/v3/flat/nothere/index.json", "/nuget/v3/flat/geo/9.9.9/geo.9.9.9.nupkg", "/nuget/v3/flat/geo/not-a-version/geo.nuspec",
            "/nuget/v3/flat/not.an.extension.name/index.json", "/nuget/v3/registration/nothere/index.json", "/nuget/v3/registration/geo/9.9.9.json",
            "/nuget/v3/registration/geo/page/5.0.0/6.0.0.json", "/nuget/v3/registration/nothere/page/1.0.0/2.0.0.json",
            "/nuget/v3/registration/geo/page/one/2.0.0.json", "/nuget/v3/registration/geo/page/1.0.0/two.json", "/nuget/v3/registration/nothere/1.0.0.json",
        })
        {
            using var response = await client.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, path);
            Assert.AreEqual("OCP5300", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), path);
        }

        // An id of any length is named in the answer, but not at any length.
        using (var longId = await client.GetAsync("/nuget/v3/registration/" + new string('g', 150) + "/index.json"))
        {
            var detail = (await longId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            StringAssert.Contains(detail, new string('g', 100) + "…");
            Assert.IsFalse(detail.Contains(new string('g', 101), StringComparison.Ordinal));
        }

        using var otherFile = await client.GetAsync("/nuget/v3/flat/geo/1.0.0/other.txt");
        Assert.AreEqual(HttpStatusCode.NotFound, otherFile.StatusCode);
        CollectionAssert.AreEqual(before, fixture.SnapshotFiles(), "no package was built for a request that found none");
        Assert.AreEqual(0L, fixture.CountRows("packages"));
    }

    [TestMethod]
    [DataRow("skip=-1", "skip")]
    [DataRow("take=0", "take")]
    [DataRow("take=1001", "take")]
    [DataRow("prerelease=maybe", "prerelease")]
    [DataRow("semVerLevel=two", "semVerLevel")]
    public async Task A_bad_search_parameter_is_400_OCP5301_naming_it(string query, string parameter)
    {
        await using var fixture = await ServerFixture.StartAsync();

        using var response = await Basic(fixture).GetAsync($"/nuget/v3/search?{query}");

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("OCP5301", problem.GetProperty("code").GetString());
        StringAssert.Contains(problem.GetProperty("detail").GetString(), $"'{parameter}'");
    }

    [TestMethod]
    public async Task Search_finds_by_name_and_by_description_leaves_out_prereleases_and_SemVer2_unless_asked_and_pages()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await PublishAsync(fixture, FeedFixtures.GeoXif("1.0.0"));
        await PublishAsync(fixture, FeedFixtures.GeoXif("1.1.0-beta.1", extraActions: """<Action Name="Wave" Key="act-wave" Description="Waves." />"""));
        await PublishAsync(fixture, FeedFixtures.GeoXif("1.0.0", name: "Atlas"));
        using var client = Basic(fixture);

        async Task<List<string>> Ids(string query) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/nuget/v3/search?{query}")).GetProperty("data").EnumerateArray().Select(static r => $"{r.GetProperty("id").GetString()} {r.GetProperty("version").GetString()}")];

        CollectionAssert.AreEqual(new[] { "Geo 1.0.0" }, await Ids("q=geo"));
        CollectionAssert.AreEqual(new[] { "Geo 1.1.0-beta.1" }, await Ids("q=GEO&prerelease=true&semVerLevel=2.0.0"));
        CollectionAssert.AreEqual(new[] { "Geo 1.0.0" }, await Ids("q=GEO&prerelease=true"), "beta.1 is a SemVer 2.0.0 version: only for a client that says it reads them");
        CollectionAssert.AreEqual(new[] { "Atlas 1.0.0", "Geo 1.0.0" }, await Ids("q=routes%20between"), "by words of the description");
        CollectionAssert.AreEqual(new[] { "Atlas 1.0.0" }, await Ids("q=packageid:atlas"));
        CollectionAssert.AreEqual(new[] { "Geo 1.0.0" }, await Ids("skip=1&take=1"));
        Assert.AreEqual(2, (await client.GetFromJsonAsync<JsonElement>("/nuget/v3/search?take=1")).GetProperty("totalHits").GetInt32());
        CollectionAssert.AreEqual(Array.Empty<string>(), await Ids("q=nothing-like-it"));
    }

    [TestMethod]
    public async Task A_rolled_back_version_stays_in_the_feed_beside_the_newer_one()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await PublishAsync(fixture, FeedFixtures.GeoXif("1.0.0"));
        await PublishAsync(fixture, FeedFixtures.GeoXif("2.0.0"));
        using var rollback = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Geo/rollback", new { version = "1.0.0" });
        Assert.AreEqual(HttpStatusCode.OK, rollback.StatusCode);

        var versions = await Basic(fixture).GetFromJsonAsync<JsonElement>("/nuget/v3/flat/geo/index.json");
        var registration = await Basic(fixture).GetFromJsonAsync<JsonElement>("/nuget/v3/registration/geo/index.json");

        CollectionAssert.AreEqual(new[] { "1.0.0", "2.0.0" }, versions.GetProperty("versions").EnumerateArray().Select(static v => v.GetString()).ToList());
        Assert.AreEqual("2.0.0", registration.GetProperty("items")[0].GetProperty("upper").GetString());
    }

    [TestMethod]
    public async Task A_package_whose_files_are_gone_from_the_blob_store_is_500_OCP5302_and_logged()
    {
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o => o.ConfigureLogging = log.AddTo);
        await PublishAsync(fixture, FeedFixtures.GeoXif());
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(fixture.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Where(static f => !f.Contains(".tmp", StringComparison.Ordinal)))
        {
            File.Delete(blob);
        }

        using var response = await Basic(fixture).GetAsync("/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg");

        Assert.AreEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("OCP5302", problem.GetProperty("code").GetString());
        StringAssert.Contains(log.Text, "The package of Geo 1.0.0 cannot be built");
        Assert.AreEqual(0L, fixture.CountRows("packages"));
    }

    [TestMethod]
    public async Task With_a_public_url_the_documents_name_it_instead_of_the_address_the_request_came_to()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.Feed = new() { PublicUrl = new Uri("https://packages.example.com/oneclick/") });
        await PublishAsync(fixture, FeedFixtures.GeoXif());

        var index = await Basic(fixture).GetFromJsonAsync<JsonElement>(Index);
        var registration = await Basic(fixture).GetFromJsonAsync<JsonElement>("/nuget/v3/registration/geo/index.json");

        Assert.IsTrue(index.GetProperty("resources").EnumerateArray().All(static r => r.GetProperty("@id").GetString()!.StartsWith("https://packages.example.com/oneclick/nuget/v3/", StringComparison.Ordinal)));
        Assert.AreEqual("https://packages.example.com/oneclick/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg",
            registration.GetProperty("items")[0].GetProperty("items")[0].GetProperty("packageContent").GetString());
    }

    private static async Task PublishAsync(ServerFixture fixture, byte[] xif)
    {
        var result = await fixture.PublishAsync(xif);
        Assert.AreEqual("succeeded", result.State, result.ToString());
    }

    private static HttpClient Basic(ServerFixture fixture)
    {
        var client = fixture.NewClient(key: null);
        client.DefaultRequestHeaders.Authorization = FeedFixtures.Basic(fixture.Key);
        return client;
    }

    /// <summary>A client with a new key of <paramref name="scope"/>, sent as NuGet sends it.</summary>
    private static async Task<HttpClient> ReaderAsync(ServerFixture fixture, ApiKeyScope scope)
    {
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        var key = await keys.CreateAsync($"feed-{scope}", scope);
        var client = fixture.NewClient(key: null);
        client.DefaultRequestHeaders.Authorization = FeedFixtures.Basic(key.Key);
        return client;
    }
}
