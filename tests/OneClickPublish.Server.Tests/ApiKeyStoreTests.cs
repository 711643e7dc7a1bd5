using System.Net;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The key store as <c>oneclick server key</c> uses it, on a real server's data: what it throws for
/// each refusal, keys that are not ours at all, a scope it does not know in the database, and a
/// database it cannot open.
/// </summary>
[TestClass]
public sealed class ApiKeyStoreTests
{
    [TestMethod]
    public async Task Creating_a_key_throws_for_each_refusal_with_the_reason()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);

        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(() => keys.CreateAsync("odd", (ApiKeyScope)42));
        var badName = await Assert.ThrowsExactlyAsync<ArgumentException>(() => keys.CreateAsync("has space", ApiKeyScope.Read));
        Assert.AreEqual("name", badName.ParamName);
        StringAssert.Contains(badName.Message, "has space");
        var badPattern = await Assert.ThrowsExactlyAsync<ArgumentException>(() => keys.CreateAsync("geo", ApiKeyScope.Read, ["Geo**/x"]));
        Assert.AreEqual("extensions", badPattern.ParamName);
        var limitedAdmin = await Assert.ThrowsExactlyAsync<ArgumentException>(() => keys.CreateAsync("boss", ApiKeyScope.Admin, ["Geo*"]));
        Assert.AreEqual("extensions", limitedAdmin.ParamName);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => keys.CreateAsync("initial", ApiKeyScope.Read));
        Assert.IsFalse(ApiKeyStore.IsValidName(null));
        Assert.AreEqual(1, (await keys.ListAsync()).Count, "no refusal made a key");
    }

    [TestMethod]
    public async Task A_key_of_another_shape_is_refused_like_a_wrong_one()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var id = fixture.Key.Split('_')[1];
        foreach (var presented in new[] { "Bearer-nothing", fixture.Key.Replace("ocp_", "xyz_", StringComparison.Ordinal), $"ocp_{id}0_{new string('a', 43)}", "ocp_short_x" })
        {
            using var client = fixture.NewClient(presented);
            using var response = await client.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, presented);
        }
    }

    [TestMethod]
    public async Task A_stored_scope_the_server_does_not_know_counts_as_read_only()
    {
        await using var fixture = await ServerFixture.StartAsync();
        // Written by hand, or by a newer server: the least a key can do, not the most.
        fixture.Execute("UPDATE api_keys SET scope = 'superuser'");
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);

        Assert.AreEqual(ApiKeyScope.Read, (await keys.ListAsync()).Single().Scope);
        using var refused = await fixture.Client.PostAsync(new Uri("/api/v1/publish", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
        using var read = await fixture.Client.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, read.StatusCode);
        Assert.IsFalse(ApiKeyStore.TryParseScope("2", out _), "a number is no scope name");
    }

    [TestMethod]
    public async Task A_database_that_cannot_be_opened_is_an_error_and_leaves_no_pool_behind()
    {
        var data = Directory.CreateTempSubdirectory("ocp-keys-").FullName;
        try
        {
            // Nothing listens on port 1.
            await Assert.ThrowsExactlyAsync<Npgsql.NpgsqlException>(() => ApiKeyStore.OpenAsync(data, "Host=127.0.0.1;Port=1;Username=x;Timeout=2"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
