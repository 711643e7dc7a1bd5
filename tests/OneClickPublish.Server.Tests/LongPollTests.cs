using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OneClickPublish.Platform;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Following a publish live: <c>?wait=</c> on an operation's status and log (a long poll) against the
/// real server, and the Platform client using it from its first request after the 202.
/// </summary>
[TestClass]
public sealed class LongPollTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_long_poll_answers_once_a_line_is_added_and_not_before()
    {
        var hold = new PublishHold("Waiting");
        await using var fixture = await ServerFixture.StartAsync(hold.Configure);
        var statusUrl = await hold.StartAsync(fixture);
        var seen = (await fixture.GetJsonAsync($"{statusUrl}?after=0")).GetProperty("nextAfter").GetInt64();

        var clock = Stopwatch.StartNew();
        var poll = fixture.Client.GetAsync(new Uri($"{statusUrl}/log?after={seen}&wait=30", UriKind.Relative), TestContext.CancellationToken);
        await Task.Delay(200, TestContext.CancellationToken);
        Assert.IsFalse(poll.IsCompleted, "there is no new line yet: the request waits");
        var releasedAt = DateTimeOffset.UtcNow;
        hold.Release();
        using var response = await poll;
        var answeredAt = DateTimeOffset.UtcNow;
        var elapsed = clock.Elapsed;

        var text = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        using var body = JsonDocument.Parse(text);
        var log = body.RootElement.GetProperty("log").EnumerateArray().ToList();
        Assert.IsTrue(log.Count > 0, "it answered with the line that ended the wait: " + text);
        Assert.AreEqual(seen + 1, log[0].GetProperty("sequence").GetInt64(), text);
        var lineTime = log[0].GetProperty("time").GetDateTimeOffset();
        Assert.IsTrue(lineTime >= releasedAt && answeredAt >= lineTime, $"the line was made at {lineTime:O}, after the release ({releasedAt:O}), and answered at {answeredAt:O}");
        // Generous: the point is that it did not sit out the 30 s it was allowed.
        Assert.IsTrue(elapsed < TimeSpan.FromSeconds(10), $"answered after {elapsed.TotalMilliseconds:0} ms");
    }

    [TestMethod]
    public async Task A_long_poll_with_nothing_new_answers_the_empty_list_when_the_wait_is_over()
    {
        var hold = new PublishHold("Quiet");
        await using var fixture = await ServerFixture.StartAsync(hold.Configure);
        var statusUrl = await hold.StartAsync(fixture);
        var seen = (await fixture.GetJsonAsync($"{statusUrl}?after=0")).GetProperty("nextAfter").GetInt64();

        var clock = Stopwatch.StartNew();
        using var response = await fixture.Client.GetAsync(new Uri($"{statusUrl}?after={seen}&wait=1", UriKind.Relative), TestContext.CancellationToken);
        var elapsed = clock.Elapsed;
        var text = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        using var body = JsonDocument.Parse(text);
        Assert.AreEqual(0, body.RootElement.GetProperty("log").GetArrayLength(), text);
        Assert.AreEqual(seen, body.RootElement.GetProperty("nextAfter").GetInt64(), "the client asks again from the same line");
        Assert.AreEqual("running", body.RootElement.GetProperty("state").GetString());
        Assert.AreEqual("1", response.Headers.RetryAfter?.ToString(), "still running: Retry-After as before");
        Assert.IsTrue(elapsed >= TimeSpan.FromMilliseconds(900), $"it waited the second it was given, not {elapsed.TotalMilliseconds:0} ms");

        hold.Release();
        Assert.AreEqual("succeeded", (await fixture.WaitAsync(statusUrl)).State);
    }

    [TestMethod]
    public async Task A_finished_operation_answers_a_long_poll_at_once()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var result = await fixture.PublishAsync(new TestXif("Done", "1.0.0").Add("bin/Done.dll", Encoding.UTF8.GetBytes("done")).Build());
        var id = result.Final.GetProperty("operationId").GetString();
        var last = result.Log[^1].GetProperty("sequence").GetInt64();

        var clock = Stopwatch.StartNew();
        var body = await fixture.GetJsonAsync($"/api/v1/operations/{id}/log?after={last}&wait=60");
        var elapsed = clock.Elapsed;

        Assert.AreEqual("succeeded", body.GetProperty("state").GetString());
        Assert.AreEqual(0, body.GetProperty("log").GetArrayLength());
        Assert.IsTrue(elapsed < TimeSpan.FromSeconds(30), $"a finished operation has nothing more to wait for; answered after {elapsed.TotalMilliseconds:0} ms");
    }

    [TestMethod]
    [DataRow("61")]
    [DataRow("-1")]
    [DataRow("1.5")]
    [DataRow("ten")]
    [DataRow("99999999999")]
    [DataRow(" 5")]
    public async Task A_wait_that_is_not_0_to_60_seconds_is_400_OCP5280(string wait)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var id = (await fixture.PublishAsync(new TestXif("Waits", "1.0.0").Build())).Final.GetProperty("operationId").GetString();

        foreach (var path in new[] { $"/api/v1/operations/{id}", $"/api/v1/operations/{id}/log" })
        {
            using var response = await fixture.Client.GetAsync(new Uri($"{path}?after=0&wait={Uri.EscapeDataString(wait)}", UriKind.Relative), TestContext.CancellationToken);
            await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "OCP5280", $"wait={wait} on {path}");
        }
    }

    [TestMethod]
    public async Task A_bad_after_is_400_OCP5107_and_an_unknown_operation_404_OCP5109_at_once()
    {
        await using var fixture = await ServerFixture.StartAsync();

        using (var badAfter = await fixture.Client.GetAsync(new Uri($"/api/v1/operations/{new string('a', 32)}/log?after=-1&wait=5", UriKind.Relative), TestContext.CancellationToken))
        {
            await ProblemDetailsTests.AssertProblemAsync(badAfter, HttpStatusCode.BadRequest, "OCP5107", "after=-1");
        }

        var clock = Stopwatch.StartNew();
        using var unknown = await fixture.Client.GetAsync(new Uri($"/api/v1/operations/{new string('a', 32)}/log?after=0&wait=60", UriKind.Relative), TestContext.CancellationToken);
        await ProblemDetailsTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "OCP5109", "an operation that does not exist");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(30), "an unknown operation is not waited on");
    }

    [TestMethod]
    public async Task A_stopping_server_answers_the_long_polls_that_wait()
    {
        var hold = new PublishHold("Stopping");
        await using var fixture = await ServerFixture.StartAsync(hold.Configure);
        var statusUrl = await hold.StartAsync(fixture);
        var seen = (await fixture.GetJsonAsync($"{statusUrl}?after=0")).GetProperty("nextAfter").GetInt64();
        var poll = fixture.Client.GetAsync(new Uri($"{statusUrl}?after={seen}&wait=60", UriKind.Relative), TestContext.CancellationToken);
        await Task.Delay(200, TestContext.CancellationToken);
        Assert.IsFalse(poll.IsCompleted);

        var stop = fixture.Server.StopAsync(TestContext.CancellationToken);
        using var response = await poll;

        // Answered, not cut off when the host's shutdown timeout runs out: the client asks again, elsewhere or later.
        var text = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        using var body = JsonDocument.Parse(text);
        Assert.AreEqual(0, body.RootElement.GetProperty("log").GetArrayLength(), text);
        await stop;
    }

    [TestMethod]
    public async Task The_client_follows_a_publish_with_long_polls_and_no_fixed_wait()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"LiveClient.{Guid.NewGuid():N}.xif");
        await File.WriteAllBytesAsync(path, new TestXif("LiveClient", "1.0.0").Add("bin/LiveClient.dll", Encoding.UTF8.GetBytes("live")).Build(), TestContext.CancellationToken);
        using var recorder = new RecordingHandler();
        // Any fixed wait (the 202's Retry-After, or this poll interval) would outlast the timeout: only long polls finish in time.
        using var client = new PlatformClient(new PlatformClientOptions
        {
            Server = fixture.Server.BaseAddress.ToString(),
            ApiKey = fixture.Key,
            PollInterval = TimeSpan.FromHours(1),
            Timeout = TimeSpan.FromSeconds(60),
            HttpMessageHandler = recorder,
        });
        var lines = new List<PlatformLogLine>();
        try
        {
            var result = await client.PublishAsync(await client.UploadAsync(path, null, TestContext.CancellationToken), lines.Add, TestContext.CancellationToken);
            Assert.IsTrue(result.Succeeded, string.Join(Environment.NewLine, lines));
        }
        finally
        {
            File.Delete(path);
        }

        var afterPublish = recorder.Requests.SkipWhile(static r => r != "POST /api/v1/publish").Skip(1).ToList();
        Assert.IsTrue(afterPublish.Count > 0, string.Join(", ", recorder.Requests));
        Assert.IsTrue(afterPublish.All(static r => r.StartsWith("GET /api/v1/operations/", StringComparison.Ordinal) && r.EndsWith("&wait=30", StringComparison.Ordinal)),
            "every status request after the 202 is a long poll: " + string.Join(", ", afterPublish));
        CollectionAssert.AreEqual(Enumerable.Range(1, lines.Count).Select(static i => (long)i).ToList(), lines.Select(static l => l.Sequence).ToList(), "every line once, in order");
    }

    /// <summary>Sends through real sockets and notes each request as "METHOD /path?query".</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
