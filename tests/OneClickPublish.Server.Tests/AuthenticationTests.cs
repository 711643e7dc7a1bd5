using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

[TestClass]
public sealed class AuthenticationTests
{
    [TestMethod]
    public async Task Health_needs_no_key_and_reports_the_version()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var anonymous = fixture.NewClient(key: null);
        var health = await anonymous.GetFromJsonAsync<JsonElement>("/health");
        Assert.AreEqual("ok", health.GetProperty("status").GetString());
        Assert.AreEqual(PlatformServer.Version, health.GetProperty("version").GetString());
    }

    [TestMethod]
    public async Task First_start_creates_one_key_and_the_next_start_none()
    {
        await using var fixture = await ServerFixture.StartAsync();
        StringAssert.StartsWith(fixture.Key, "ocp_");
        await fixture.RestartAsync();
        Assert.IsNull(fixture.Server.InitialApiKey);
        Assert.AreEqual(1L, fixture.CountRows("api_keys"));
    }

    [TestMethod]
    [DataRow(null, "OCP5100")]
    [DataRow("ocp_0123456789abcdef_nope", "OCP5101")]
    [DataRow("garbage", "OCP5101")]
    public async Task Missing_or_unknown_key_is_401_with_a_code(string? key, string code)
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = fixture.NewClient(key);
        using var response = await client.GetAsync("/api/v1/extensions");
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(code, error.GetProperty("code").GetString());
        Assert.IsFalse(string.IsNullOrEmpty(error.GetProperty("title").GetString()));
    }

    [TestMethod]
    public async Task Tampered_key_with_a_real_id_is_401()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var tampered = fixture.Key[..^1] + (fixture.Key[^1] == 'A' ? 'B' : 'A');
        using var client = fixture.NewClient(tampered);
        using var response = await client.GetAsync("/api/v1/extensions");
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    public async Task Read_key_can_list_but_not_upload_and_revoked_key_is_refused()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        var reader = await keys.CreateAsync("ci-reader", ApiKeyScope.Read);
        using var client = fixture.NewClient(reader.Key);

        using (var list = await client.GetAsync("/api/v1/extensions"))
        {
            Assert.AreEqual(HttpStatusCode.OK, list.StatusCode);
        }

        using (var upload = await client.PostAsJsonAsync("/api/v1/uploads", new { length = 10, sha256 = new string('0', 64) }))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, upload.StatusCode);
            var error = await upload.Content.ReadFromJsonAsync<JsonElement>();
            Assert.AreEqual("OCP5102", error.GetProperty("code").GetString());
            StringAssert.Contains(error.GetProperty("detail").GetString(), "ci-reader");
        }

        Assert.IsTrue(await keys.RevokeAsync("ci-reader"));
        using var revoked = await client.GetAsync("/api/v1/extensions");
        Assert.AreEqual(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [TestMethod]
    public async Task Key_store_stores_only_hashes_lists_and_refuses_duplicate_names()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        using var keys = await ApiKeyStore.OpenAsync(directory);
        var created = await keys.CreateAsync("alice", ApiKeyScope.Admin);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => keys.CreateAsync("alice", ApiKeyScope.Read));
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => keys.CreateAsync("not a name", ApiKeyScope.Read));

        var listed = await keys.ListAsync();
        Assert.AreEqual(1, listed.Count);
        Assert.AreEqual(ApiKeyScope.Admin, listed[0].Scope);
        Assert.IsFalse(listed[0].IsRevoked);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = await File.ReadAllBytesAsync(Path.Combine(directory, "metadata.db"));
        // ocp_<hex id>_<secret>: the secret is base64url and may itself contain '_'.
        var secret = created.Key.Split('_', 3)[2];
        Assert.IsFalse(System.Text.Encoding.UTF8.GetString(database).Contains(secret, StringComparison.Ordinal), "the key itself must not be stored");

        Assert.IsTrue(await keys.RevokeAsync(created.Info.Id));
        Assert.IsFalse(await keys.RevokeAsync("alice"), "already revoked");
        Assert.IsTrue((await keys.ListAsync())[0].IsRevoked);
        _ = await keys.CreateAsync("alice", ApiKeyScope.Read); // The name is free again once revoked.
    }

    [TestMethod]
    [DataRow("/api/v1/extensions/1abc")]
    [DataRow("/api/v1/extensions/has-dash/history")]
    [DataRow("/api/v1/extensions/ThisNameIsWayTooLongForAnExtensionBecauseItHasMoreThanFifty")]
    public async Task Invalid_names_in_urls_are_400(string url)
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var response = await fixture.Client.GetAsync(url);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("OCP5105", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [TestMethod]
    public async Task Invalid_version_in_rollback_is_400()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.0" });
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("OCP5106", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
