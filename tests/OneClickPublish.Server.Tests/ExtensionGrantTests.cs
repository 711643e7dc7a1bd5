using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Keys limited to extensions (Geo*, Maps): what they may publish, roll back and read, against a real
/// server; a refusal (403 OCP5242) changes nothing. And the patterns themselves.
/// </summary>
[TestClass]
public sealed class ExtensionGrantTests
{
    private static byte[] Xif(string name, string version) =>
        new TestXif(name, version).Add($"bin/{name}.dll", Encoding.UTF8.GetBytes(name + version)).Build();

    [TestMethod]
    [DataRow("Geo*", "Geo", true)]
    [DataRow("Geo*", "geography", true)]
    [DataRow("geo*", "GeoTools", true)]
    [DataRow("Geo*", "Maps", false)]
    [DataRow("Geo*", "MyGeo", false)]
    [DataRow("Geo", "Geo", true)]
    [DataRow("Geo", "GEO", true)]
    [DataRow("Geo", "Geography", false)]
    [DataRow("*", "Anything", true)]
    public void A_pattern_is_a_name_or_a_beginning_before_a_star_ignoring_case(string pattern, string name, bool matches) =>
        Assert.AreEqual(matches, ApiKeyGrant.Matches(pattern, name));

    [TestMethod]
    public void Patterns_are_checked_trimmed_deduplicated_and_a_star_means_every_extension()
    {
        CollectionAssert.AreEqual(new[] { "Geo*", "Maps" }, ApiKeyGrant.Normalize([" Geo*", "Maps", "GEO*"], out var none)!.ToList());
        Assert.IsNull(none);
        Assert.IsNull(ApiKeyGrant.Normalize(["Geo*", "*"], out _), "'*' among others is every extension");
        Assert.IsNull(ApiKeyGrant.Normalize(null, out _));
        foreach (var bad in new[] { "G*o", "1Geo", "Geo**", "Ge o", "Geo-x", "", "Ge\no", new string('a', 51) })
        {
            Assert.IsNull(ApiKeyGrant.Normalize([bad], out var error), bad);
            Assert.AreEqual("OCP5243", error?.Code, bad);
        }

        Assert.IsNull(ApiKeyGrant.Normalize([.. Enumerable.Range(0, ApiKeyGrant.MaxPatterns + 1).Select(static i => $"E{i}")], out var tooMany));
        Assert.AreEqual("OCP5243", tooMany?.Code);
    }

    [TestMethod]
    public async Task A_Geo_key_publishes_and_reads_Geo_only_and_a_refusal_for_Maps_changes_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var admin = fixture.NewClient(await KeyEndpointTests.AdminKeyAsync(fixture));
        using var created = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "geo-team", scope = "publish", extensions = new[] { "Geo*" } });
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode, await created.Content.ReadAsStringAsync());
        using var geo = fixture.NewClient((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());

        // Maps is published by the first key (every extension), twice, so there is something to roll back.
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Maps", "1.0.0"))).State);
        var mapsOperation = (await fixture.PublishAsync(Xif("Maps", "1.1.0"))).Final.GetProperty("operationId").GetString();
        var before = fixture.SnapshotFiles();
        var operationsBefore = fixture.CountRows("operations");

        // The Geo key uploads Maps (an upload names no extension) but may not publish it.
        var geoAsCaller = await UploadAsync(geo, Xif("Maps", "1.2.0"));
        using (var refused = await geo.PostAsJsonAsync("/api/v1/publish", new { uploadId = geoAsCaller }))
        {
            await ProblemDetailsTests.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "OCP5242", "publish of Maps with a Geo* key");
        }

        var upload = await fixture.GetJsonAsync($"/api/v1/uploads/{geoAsCaller}");
        Assert.IsTrue(upload.GetProperty("complete").GetBoolean(), "the upload is left as it was, for a key that may publish it");
        Assert.AreEqual(operationsBefore, fixture.CountRows("operations"), "no operation was recorded");
        CollectionAssert.AreEqual(before, fixture.SnapshotFiles().Where(f => !f.StartsWith("uploads", StringComparison.Ordinal)).ToArray(), "no blob, no deployment");

        await ProblemDetailsTests.AssertProblemAsync(await geo.PostAsJsonAsync("/api/v1/extensions/Maps/rollback", new { version = "1.0.0" }), HttpStatusCode.Forbidden, "OCP5242", "rollback");
        Assert.AreEqual("1.1.0", (await fixture.GetJsonAsync("/api/v1/extensions/Maps")).GetProperty("activeVersion").GetString(), "not rolled back");
        await ProblemDetailsTests.AssertProblemAsync(await geo.GetAsync(new Uri("/api/v1/extensions/maps", UriKind.Relative)), HttpStatusCode.Forbidden, "OCP5242", "read");
        await ProblemDetailsTests.AssertProblemAsync(await geo.GetAsync(new Uri("/api/v1/extensions/Maps/history", UriKind.Relative)), HttpStatusCode.Forbidden, "OCP5242", "history");
        await ProblemDetailsTests.AssertProblemAsync(await geo.GetAsync(new Uri($"/api/v1/operations/{mapsOperation}", UriKind.Relative)), HttpStatusCode.Forbidden, "OCP5242", "operation");
        await ProblemDetailsTests.AssertProblemAsync(await geo.GetAsync(new Uri("/api/v1/extensions/Nowhere", UriKind.Relative)), HttpStatusCode.Forbidden, "OCP5242", "a name not granted is refused whether or not it exists");
        using (var detail = await geo.GetAsync(new Uri("/api/v1/extensions/Maps", UriKind.Relative)))
        {
            StringAssert.Contains((await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), "'geo-team' may not use the extension 'Maps'; it is granted Geo*");
        }

        // Geo itself: published, rolled back and read with the Geo key; the list shows Geo only.
        var geoUpload = await UploadAsync(geo, Xif("GeoTools", "1.0.0"));
        using (var accepted = await geo.PostAsJsonAsync("/api/v1/publish", new { uploadId = geoUpload }))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
            using var status = await geo.GetAsync(accepted.Headers.Location);
            Assert.AreEqual(HttpStatusCode.OK, status.StatusCode, "its own operation");
            // Ended before the next publish of GeoTools: a second one while it runs would be OCP5103.
            Assert.AreEqual("succeeded", (await fixture.WaitAsync(accepted.Headers.Location!.OriginalString)).State);
        }

        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("GeoTools", "1.1.0"))).State);
        using (var rollback = await geo.PostAsJsonAsync("/api/v1/extensions/geotools/rollback", new { version = "1.0.0" }))
        {
            Assert.AreEqual(HttpStatusCode.OK, rollback.StatusCode, await rollback.Content.ReadAsStringAsync());
        }

        var listed = await geo.GetFromJsonAsync<JsonElement>("/api/v1/extensions");
        CollectionAssert.AreEqual(new[] { "GeoTools" }, listed.EnumerateArray().Select(static e => e.GetProperty("name").GetString()).ToList());
        Assert.AreEqual(2, (await fixture.GetJsonAsync("/api/v1/extensions")).GetArrayLength(), "a key for every extension lists every one");
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] xif)
    {
        using var created = await client.PostAsJsonAsync("/api/v1/uploads", new { length = xif.Length, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(xif)), fileName = "x.xif" });
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uploadId").GetString()!;
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{id}") { Content = new ByteArrayContent(xif) };
        patch.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/offset+octet-stream");
        patch.Headers.Add("Upload-Offset", "0");
        using var sent = await client.SendAsync(patch);
        Assert.AreEqual(HttpStatusCode.NoContent, sent.StatusCode, await sent.Content.ReadAsStringAsync());
        return id;
    }
}
