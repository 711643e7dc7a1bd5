using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Request bodies that Kestrel itself refuses (too large, too slow): the client's mistake is a 4xx
/// with our code and our words, never a 500 with Kestrel's message, and it changes nothing.
/// </summary>
[TestClass]
public sealed class RequestBodyTests
{
    private static readonly byte[] Dll = Encoding.UTF8.GetBytes("MZ pretend this is a library");

    [TestMethod]
    [DataRow("/api/v1/uploads", false)]
    [DataRow("/api/v1/uploads", true)]
    [DataRow("/api/v1/publish", false)]
    [DataRow("/api/v1/publish", true)]
    [DataRow("/api/v1/extensions/Hello/rollback", false)]
    [DataRow("/api/v1/extensions/Hello/rollback", true)]
    public async Task A_json_body_over_one_mebibyte_is_413_with_our_code_and_changes_nothing(string path, bool chunked)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var published = await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", Dll).Build());
        Assert.AreEqual("succeeded", published.State, published.ToString());
        var files = fixture.SnapshotFiles();
        var history = fixture.CountRows("history");

        // Valid JSON as far as it goes, and one mebibyte plus a little of it: the limit is on the body, not on what it means.
        var body = Encoding.UTF8.GetBytes("{\"version\":\"1.0.0\",\"uploadId\":\"" + new string('a', (1 << 20) + 100) + "\"}");
        // The server answers 413 before it reads the body, then closes the connection; a client still
        // writing the body then sees a broken pipe instead of the answer (a race of the sockets, about one
        // run in three here). The answer is what is tested: send again when the race took it away.
        HttpResponseMessage? answered = null;
        for (var attempt = 1; answered is null; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (chunked)
            {
                request.Headers.TransferEncodingChunked = true;
                request.Content.Headers.ContentLength = null;
            }

            try
            {
                answered = await fixture.Client.SendAsync(request);
            }
            catch (HttpRequestException e) when (attempt < 5 && e.InnerException is IOException)
            {
                await Task.Delay(50);
            }
        }

        using var response = answered;
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode, text);
        using var error = JsonDocument.Parse(text);
        Assert.AreEqual("OCP5123", error.RootElement.GetProperty("code").GetString(), text);
        Assert.IsFalse(text.Contains("max request body size", StringComparison.OrdinalIgnoreCase), $"Kestrel's own message reached the client: {text}");
        CollectionAssert.AreEqual(files, fixture.SnapshotFiles(), "the files on disk changed");
        Assert.AreEqual(history, fixture.CountRows("history"));
    }

    [TestMethod]
    [DataRow("{\"length\":\"many\",\"sha256\":\"00\"}", "$.length")]
    [DataRow("{\"length\":", "")]
    public async Task A_body_that_is_not_the_expected_json_is_400_in_our_words_not_the_serializers(string json, string where)
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await fixture.Client.PostAsync("/api/v1/uploads", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        using var error = JsonDocument.Parse(text);
        Assert.AreEqual("OCP5107", error.RootElement.GetProperty("code").GetString(), text);
        var message = error.RootElement.GetProperty("detail").GetString()!;
        StringAssert.Contains(message, where, text);
        Assert.IsFalse(message.Contains("System.", StringComparison.Ordinal) || message.Contains("OneClickPublish.", StringComparison.Ordinal), $"the serializer's text reached the client: {message}");
    }

    [TestMethod]
    public async Task A_body_that_arrives_too_slowly_is_408_or_a_closed_connection_never_a_server_fault()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var files = fixture.SnapshotFiles();

        // Kestrel wants at least 240 bytes/s after a 5 s grace period; send a few bytes of 1,000 and stop.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/v1/uploads HTTP/1.1\r\nHost: {fixture.Server.BaseAddress.Authority}\r\nAuthorization: Bearer {fixture.Key}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"length\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset connection is an acceptable answer too.
        }

        var text = Encoding.UTF8.GetString(answer.ToArray());
        Assert.IsFalse(timeout.IsCancellationRequested, "the server neither answered nor closed the connection");
        if (text.Length > 0)
        {
            StringAssert.StartsWith(text, "HTTP/1.1 408 ", text);
            StringAssert.Contains(text, "\"OCP5124\"", text);
            StringAssert.Contains(text, "Content-Type: application/problem+json", text);
            Assert.IsFalse(text.Contains("Reading the request body timed out", StringComparison.OrdinalIgnoreCase), $"Kestrel's own message reached the client: {text}");
        }

        CollectionAssert.AreEqual(files, fixture.SnapshotFiles(), "the files on disk changed");
    }
}
