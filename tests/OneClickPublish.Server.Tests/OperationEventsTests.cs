using System.Net;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary><c>GET /api/v1/operations/{id}/events</c>: the operation's lines and states as server-sent events, from the real server.</summary>
[TestClass]
public sealed class OperationEventsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_stream_sends_each_line_once_with_its_sequence_as_id_then_the_final_status_and_ends()
    {
        var hold = new PublishHold("Streamed");
        await using var fixture = await ServerFixture.StartAsync(hold.Configure);
        var statusUrl = await hold.StartAsync(fixture);
        using var response = await fixture.Client.GetAsync(new Uri($"{statusUrl}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.CancellationToken), Encoding.UTF8);

        // What exists is sent at once; the stream then waits on the held publish.
        var events = new List<ServerSentEvent>();
        while (events.LastOrDefault()?.Name != "status")
        {
            events.Add(await ServerSentEvent.ReadAsync(reader, TestContext.CancellationToken) ?? throw new AssertFailedException("the stream ended early"));
        }

        Assert.AreEqual("running", events[^1].Json.GetProperty("state").GetString());
        hold.Release();
        while (await ServerSentEvent.ReadAsync(reader, TestContext.CancellationToken) is { } next)
        {
            events.Add(next);
        }

        var log = (await fixture.GetJsonAsync($"{statusUrl}?after=0")).GetProperty("log").EnumerateArray().ToList();
        var lines = events.Where(static e => e.Name == "line").ToList();
        CollectionAssert.AreEqual(log.Select(static l => l.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            lines.Select(static e => e.Id).ToList(), "every line of the log, once, in order, its sequence as the event id");
        CollectionAssert.AreEqual(log.Select(static l => l.GetProperty("message").GetString()).ToList(), lines.Select(static e => e.Json.GetProperty("message").GetString()).ToList());
        var last = events[^1];
        Assert.AreEqual("status", last.Name, "the stream ends with the operation's final status");
        Assert.AreEqual("succeeded", last.Json.GetProperty("state").GetString());
        Assert.AreEqual(log.Count, last.Json.GetProperty("nextAfter").GetInt64());
        Assert.IsFalse(string.IsNullOrEmpty(last.Json.GetProperty("deploymentPath").GetString()));
    }

    [TestMethod]
    public async Task A_reconnect_with_Last_Event_ID_resumes_after_it_and_a_finished_operation_ends_at_once()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var result = await fixture.PublishAsync(new TestXif("Resumed", "1.0.0").Add("bin/Resumed.dll", Encoding.UTF8.GetBytes("resumed")).Build());
        var id = result.Final.GetProperty("operationId").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/operations/{id}/events?after=1");
        request.Headers.Add("Last-Event-ID", "3");

        using var response = await fixture.Client.SendAsync(request, TestContext.CancellationToken);
        var events = await ServerSentEvent.ReadAllAsync(await response.Content.ReadAsStringAsync(TestContext.CancellationToken));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var ids = events.Where(static e => e.Name == "line").Select(static e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(4, result.Log.Count - 3).Select(static i => (long)i).ToList(), ids, "Last-Event-ID wins over ?after=");
        Assert.AreEqual("succeeded", events[^1].Json.GetProperty("state").GetString());
    }

    [TestMethod]
    public async Task A_bad_Last_Event_ID_is_400_OCP5107_and_an_unknown_operation_404_OCP5109()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/operations/{new string('b', 32)}/events");
        request.Headers.Add("Last-Event-ID", "three");
        using (var bad = await fixture.Client.SendAsync(request, TestContext.CancellationToken))
        {
            await ProblemDetailsTests.AssertProblemAsync(bad, HttpStatusCode.BadRequest, "OCP5107", "Last-Event-ID: three");
        }

        using var unknown = await fixture.Client.GetAsync(new Uri($"/api/v1/operations/{new string('b', 32)}/events", UriKind.Relative), TestContext.CancellationToken);
        await ProblemDetailsTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "OCP5109", "events of an operation that does not exist");
    }

    /// <summary>One event of a text/event-stream, read as the format says (fields up to a blank line; comments skipped).</summary>
    private sealed record ServerSentEvent(string? Id, string Name, string Data)
    {
        public JsonElement Json
        {
            get
            {
                using var document = JsonDocument.Parse(Data);
                return document.RootElement.Clone();
            }
        }

        public static async Task<ServerSentEvent?> ReadAsync(TextReader reader, CancellationToken ct)
        {
            string? id = null, name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length == 0)
                {
                    if (name is not null || data.Length > 0)
                    {
                        return new ServerSentEvent(id, name ?? "message", data.ToString());
                    }

                    continue; // after a comment or the retry field
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id":
                        id = value;
                        break;
                    case "event":
                        name = value;
                        break;
                    case "data":
                        data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value);
                        break;
                    default:
                        break; // "" is a comment (the keep-alive); "retry" is for EventSource
                }
            }

            return null;
        }

        public static async Task<List<ServerSentEvent>> ReadAllAsync(string text)
        {
            using var reader = new StringReader(text);
            var events = new List<ServerSentEvent>();
            while (await ReadAsync(reader, CancellationToken.None) is { } next)
            {
                events.Add(next);
            }

            return events;
        }
    }
}
