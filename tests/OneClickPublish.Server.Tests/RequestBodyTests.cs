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
        var (status, text) = await PostRawAsync(fixture, path, body, chunked);

        Assert.AreEqual(413, status, text);
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

    /// <summary>
    /// Posts over a raw connection, reading the answer while the body is still being written. The server answers
    /// 413 as soon as it knows and closes the connection: HttpClient, still writing, would fail with a broken pipe
    /// before it read that answer (it did, now and then), which says nothing about the server.
    /// </summary>
    private static async Task<(int Status, string Body)> PostRawAsync(ServerFixture fixture, string path, byte[] body, bool chunked)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {fixture.Server.BaseAddress.Authority}\r\nAuthorization: Bearer {fixture.Key}\r\n"
            + "Content-Type: application/json\r\n" + (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n") + "Connection: close\r\n\r\n";
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                if (!chunked)
                {
                    await stream.WriteAsync(body);
                    return;
                }

                for (var offset = 0; offset < body.Length; offset += 64 * 1024)
                {
                    var length = Math.Min(64 * 1024, body.Length - offset);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:x}\r\n"));
                    await stream.WriteAsync(body.AsMemory(offset, length));
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (IOException)
            {
                // The server closed the connection once it had answered: that is the point.
            }
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
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
            // A reset after the answer arrived: the answer is what counts.
        }

        await writing;
        var text = Encoding.UTF8.GetString(answer.ToArray());
        Assert.IsTrue(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"no HTTP answer: {text}");
        var status = int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var headers = text[..bodyStart];
        var payload = text[bodyStart..];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            payload = Unchunk(payload);
        }

        return (status, payload);
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
