using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Names are checked whole: in .NET a pattern's '$' also matches before a final line feed, so
/// "Hello\n" must not pass for "Hello" anywhere a name is checked (URLs, manifests, key names).
/// A manifest naming "Hello\n" is in <see cref="HostileXifTests"/>.
/// </summary>
[TestClass]
public sealed class NameRuleTests
{
    [TestMethod]
    [DataRow("GET", "/api/v1/extensions/Hello%0A")]
    [DataRow("GET", "/api/v1/extensions/Hello%0A/history")]
    [DataRow("POST", "/api/v1/extensions/Hello%0A/rollback")]
    public async Task An_extension_name_with_a_trailing_line_feed_is_400_not_looked_up(string method, string url)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var published = await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", Encoding.UTF8.GetBytes("MZ")).Build());
        Assert.AreEqual("succeeded", published.State, published.ToString());

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { version = "1.0.0" });
        }

        using var response = await fixture.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        Assert.AreEqual("OCP5105", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString(), text);
        Assert.AreEqual(1L, fixture.CountRows("history"), "a refused rollback changes nothing");
    }

    [TestMethod]
    public async Task A_version_with_a_trailing_line_feed_is_400_in_rollback()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.0.0\n" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        Assert.AreEqual("OCP5106", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString(), text);
    }

    [TestMethod]
    [DataRow("ci\n")]
    [DataRow("ci\r\n")]
    [DataRow("\nci")]
    public async Task A_key_name_with_a_line_feed_is_refused(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        using var keys = await ApiKeyStore.OpenAsync(directory);

        Assert.IsFalse(ApiKeyStore.IsValidName(name));
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => keys.CreateAsync(name, ApiKeyScope.Read));
        Assert.AreEqual(0, (await keys.ListAsync()).Count);
    }
}
