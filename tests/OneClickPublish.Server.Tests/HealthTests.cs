using System.Net;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>/health/live and /health/ready: anonymous, the status only, the causes in the server's log.</summary>
[TestClass]
public sealed class HealthTests
{
    [TestMethod]
    public async Task Live_and_ready_answer_anonymously_with_the_status_only()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var anonymous = fixture.NewClient(key: null);

        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, path);
            Assert.AreEqual("""{"status":"Healthy"}""", await response.Content.ReadAsStringAsync(), path);
            Assert.IsTrue(response.Headers.CacheControl?.NoCache ?? response.Headers.CacheControl?.NoStore ?? false, "a probe never reads a cached answer");
        }

        using var legacy = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, legacy.StatusCode, "/health stays for the clients that ask it (liveness and version)");
        StringAssert.Contains(await legacy.Content.ReadAsStringAsync(), "\"version\"");
    }

    [TestMethod]
    public async Task A_disk_with_less_free_space_than_the_threshold_makes_ready_unhealthy_and_live_stays_healthy()
    {
        var log = new CapturedLog();
        // No disk has this much free: the threshold simulates a full one.
        await using var fixture = await ServerFixture.StartAsync(o => { o.MinFreeDiskBytes = long.MaxValue; o.ConfigureLogging = log.AddTo; });
        using var anonymous = fixture.NewClient(key: null);

        using var ready = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.AreEqual("""{"status":"Unhealthy"}""", await ready.Content.ReadAsStringAsync(), "no detail to an anonymous caller");
        using var live = await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode);
        StringAssert.Contains(log.Text, "Health check free-disk is Unhealthy", "the cause is in the server's log");
    }
}
