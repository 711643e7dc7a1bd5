using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>/api/v1/keys against a real server: create, list, read and revoke with an admin key; refusals coded and changing nothing.</summary>
[TestClass]
public sealed class KeyEndpointTests
{
    private static readonly Uri Keys = new("/api/v1/keys", UriKind.Relative);

    /// <summary>An admin key made on the data folder, as a team makes its first one (the server's first key has the publish scope).</summary>
    internal static async Task<string> AdminKeyAsync(ServerFixture fixture, string name = "boss")
    {
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        return (await keys.CreateAsync(name, ApiKeyScope.Admin)).Key;
    }

    [TestMethod]
    public async Task A_key_is_created_with_its_secret_once_listed_without_it_and_works_until_it_is_revoked()
    {
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o => o.ConfigureLogging = log.AddTo);
        using var admin = fixture.NewClient(await AdminKeyAsync(fixture));

        using var created = await admin.PostAsJsonAsync(Keys, new { name = "ci", scope = "publish", extensions = new[] { " Geo*", "maps", "Maps" } });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode, createdText);
        var body = JsonDocument.Parse(createdText).RootElement;
        var id = body.GetProperty("id").GetString()!;
        var secret = body.GetProperty("key").GetString()!;
        StringAssert.StartsWith(secret, $"ocp_{id}_");
        Assert.AreEqual($"/api/v1/keys/{id}", created.Headers.Location?.OriginalString);
        Assert.AreEqual("publish", body.GetProperty("scope").GetString());
        CollectionAssert.AreEqual(new[] { "Geo*", "maps" }, body.GetProperty("extensions").EnumerateArray().Select(static e => e.GetString()).ToList(), "trimmed, repeats dropped ignoring case");

        var one = await admin.GetFromJsonAsync<JsonElement>(created.Headers.Location);
        Assert.AreEqual("ci", one.GetProperty("name").GetString());
        Assert.IsFalse(one.TryGetProperty("key", out _), "a key is shown once");
        using (var listed = await admin.GetAsync(Keys))
        {
            var text = await listed.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, listed.StatusCode, text);
            var names = JsonDocument.Parse(text).RootElement.EnumerateArray().ToDictionary(static k => k.GetProperty("name").GetString()!);
            CollectionAssert.AreEquivalent(new[] { "initial", "boss", "ci" }, names.Keys.ToList());
            CollectionAssert.AreEqual(new[] { "*" }, names["initial"].GetProperty("extensions").EnumerateArray().Select(static e => e.GetString()).ToList(), "every extension");
            Assert.IsFalse(text.Contains(secret.Split('_', 3)[2], StringComparison.Ordinal), "never the secret");
            Assert.IsFalse(text.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), StringComparison.OrdinalIgnoreCase), "never the hash");
            Assert.IsFalse(text.Contains("\"key\"", StringComparison.Ordinal), text);
        }

        using var ci = fixture.NewClient(secret);
        Assert.AreEqual(HttpStatusCode.OK, (await ci.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative))).StatusCode, "the secret works");

        using (var revoked = await admin.DeleteAsync(new Uri("/api/v1/keys/ci", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NoContent, revoked.StatusCode, await revoked.Content.ReadAsStringAsync());
        }

        await ProblemDetailsTests.AssertProblemAsync(await ci.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative)), HttpStatusCode.Unauthorized, "OCP5101", "a revoked key");
        await ProblemDetailsTests.AssertProblemAsync(await admin.DeleteAsync(new Uri("/api/v1/keys/ci", UriKind.Relative)), HttpStatusCode.NotFound, "OCP5244", "revoked already");
        await ProblemDetailsTests.AssertProblemAsync(await admin.GetAsync(new Uri("/api/v1/keys/nobody", UriKind.Relative)), HttpStatusCode.NotFound, "OCP5244", "no such key");
        var afterRevoke = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/keys/{id}");
        Assert.AreEqual(JsonValueKind.String, afterRevoke.GetProperty("revokedAt").ValueKind, "listed as revoked, by its id");

        StringAssert.Contains(log.Text, "API key ci (" + id + ", scope publish, for Geo*, maps) created by key boss");
        StringAssert.Contains(log.Text, "API key ci revoked by key boss");
        Assert.IsFalse(log.Text.Contains(secret.Split('_', 3)[2], StringComparison.Ordinal), "no secret in the log");
    }

    [TestMethod]
    public async Task Keys_need_the_admin_scope_and_a_refusal_creates_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var publisher = fixture.Client; // the first key: publish
        await ProblemDetailsTests.AssertProblemAsync(await publisher.PostAsJsonAsync(Keys, new { name = "sneaky", scope = "admin" }), HttpStatusCode.Forbidden, "OCP5102", "create");
        await ProblemDetailsTests.AssertProblemAsync(await publisher.GetAsync(Keys), HttpStatusCode.Forbidden, "OCP5102", "list");
        await ProblemDetailsTests.AssertProblemAsync(await publisher.DeleteAsync(new Uri("/api/v1/keys/initial", UriKind.Relative)), HttpStatusCode.Forbidden, "OCP5102", "revoke");
        Assert.AreEqual(1L, fixture.CountRows("api_keys"));
        Assert.AreEqual(HttpStatusCode.OK, (await publisher.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative))).StatusCode, "not revoked");
    }

    [TestMethod]
    [DataRow("""{"name":"not a name"}""", HttpStatusCode.BadRequest, "OCP5247")]
    [DataRow("""{"scope":"publish"}""", HttpStatusCode.BadRequest, "OCP5247")]
    [DataRow("""{"name":"ci","scope":"root"}""", HttpStatusCode.BadRequest, "OCP5248")]
    [DataRow("""{"name":"ci","scope":"3"}""", HttpStatusCode.BadRequest, "OCP5248")]
    [DataRow("""{"name":"ci","extensions":["Geo-*"]}""", HttpStatusCode.BadRequest, "OCP5243")]
    [DataRow("""{"name":"ci","extensions":["*Geo"]}""", HttpStatusCode.BadRequest, "OCP5243")]
    [DataRow("""{"name":"ci","extensions":["Geo,Maps"]}""", HttpStatusCode.BadRequest, "OCP5243")]
    [DataRow("""{"name":"ci","extensions":["Ge\no"]}""", HttpStatusCode.BadRequest, "OCP5243")]
    [DataRow("""{"name":"ci","extensions":[]}""", HttpStatusCode.BadRequest, "OCP5243")]
    [DataRow("""{"name":"ci","extensions":[null]}""", HttpStatusCode.BadRequest, "OCP5243")]
    [DataRow("""{"name":"ci","scope":"admin","extensions":["Geo*"]}""", HttpStatusCode.BadRequest, "OCP5249")]
    [DataRow("""{"name":"boss","scope":"read"}""", HttpStatusCode.Conflict, "OCP5246")]
    [DataRow("""{"name":"ci","extensions":"Geo*"}""", HttpStatusCode.BadRequest, "OCP5107")]
    public async Task A_bad_key_request_is_coded_and_creates_nothing(string json, HttpStatusCode status, string code)
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var admin = fixture.NewClient(await AdminKeyAsync(fixture));
        using var response = await admin.PostAsync(Keys, new StringContent(json, Encoding.UTF8, "application/json"));
        await ProblemDetailsTests.AssertProblemAsync(response, status, code, json);
        Assert.AreEqual(2L, fixture.CountRows("api_keys"), "initial and boss only");
    }

    [TestMethod]
    public async Task The_last_admin_key_cannot_be_revoked_over_http_and_another_one_can()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var boss = fixture.NewClient(await AdminKeyAsync(fixture));
        await ProblemDetailsTests.AssertProblemAsync(await boss.DeleteAsync(new Uri("/api/v1/keys/boss", UriKind.Relative)), HttpStatusCode.Conflict, "OCP5245", "the last admin revoking itself");
        Assert.AreEqual(HttpStatusCode.OK, (await boss.GetAsync(Keys)).StatusCode, "still there");

        using var second = await boss.PostAsJsonAsync(Keys, new { name = "deputy", scope = "admin" });
        Assert.AreEqual(HttpStatusCode.Created, second.StatusCode);
        using var deputy = fixture.NewClient((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
        Assert.AreEqual(HttpStatusCode.NoContent, (await boss.DeleteAsync(new Uri("/api/v1/keys/boss", UriKind.Relative))).StatusCode, "another admin is left");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await boss.GetAsync(Keys)).StatusCode);
        await ProblemDetailsTests.AssertProblemAsync(await deputy.DeleteAsync(new Uri("/api/v1/keys/deputy", UriKind.Relative)), HttpStatusCode.Conflict, "OCP5245", "now the last one");
        Assert.AreEqual(HttpStatusCode.NoContent, (await deputy.DeleteAsync(new Uri("/api/v1/keys/initial", UriKind.Relative))).StatusCode, "other keys go as before");
    }
}
