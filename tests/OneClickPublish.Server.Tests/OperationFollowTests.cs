using System.Net;
using System.Net.Http.Headers;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>Following an operation by long poll or event stream: a client that goes away, and a key not granted the extension.</summary>
[TestClass]
public sealed class OperationFollowTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_long_poll_and_an_event_stream_the_client_abandons_end_quietly_and_the_publish_goes_on()
    {
        var log = new CapturedLog();
        var hold = new PublishHold("Followed");
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ConfigureLogging = log.AddTo;
            hold.Configure(o);
        });
        var statusUrl = await hold.StartAsync(fixture);
        var after = (await fixture.GetJsonAsync(statusUrl)).GetProperty("nextAfter").GetInt64();

        using (var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<OperationCanceledException>(() => fixture.Client.GetAsync(new Uri($"{statusUrl}?after={after}&wait=30", UriKind.Relative), gone.Token));
        }

        using (var events = new HttpRequestMessage(HttpMethod.Get, $"{statusUrl}/events?after={after}"))
        {
            events.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var stream = await fixture.Client.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
            Assert.AreEqual(HttpStatusCode.OK, stream.StatusCode);
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
            Assert.AreEqual("retry: 1000", await reader.ReadLineAsync());
        }

        // Both requests are over for the server too (it noticed the client leave), without an error.
        await Task.Delay(500);
        hold.Release();
        Assert.AreEqual("succeeded", (await fixture.WaitAsync(statusUrl)).State);
        Assert.IsFalse(log.Text.Contains("Error ", StringComparison.Ordinal), log.Text);
        Assert.IsFalse(log.Text.Contains(" failed (trace ", StringComparison.Ordinal), log.Text);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_events_of_an_operation_of_an_extension_the_key_is_not_granted_are_403()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var result = await fixture.PublishAsync(new TestXif("Secret", "1.0.0").Add("bin/Secret.dll", "one").Build());
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        using var other = fixture.NewClient((await keys.CreateAsync("other", ApiKeyScope.Read, ["Other*"])).Key);

        using var refused = await other.GetAsync(new Uri($"/api/v1/operations/{result.Final.GetProperty("operationId").GetString()}/events", UriKind.Relative));

        await ProblemDetailsTests.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "OCP5242", "events of another extension");
    }
}
