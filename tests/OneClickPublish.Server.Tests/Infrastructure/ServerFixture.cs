using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OneClickPublish.Server.Publishing;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>A real server on a free loopback port, with its own data directory, and a client that speaks the protocol.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    private ServerFixture(string dataDirectory, PlatformServerOptions options)
    {
        DataDirectory = dataDirectory;
        Options = options;
    }

    public string DataDirectory { get; }

    public PlatformServerOptions Options { get; }

    public PlatformServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string Key { get; private set; } = string.Empty;

    public static async Task<ServerFixture> StartAsync(Action<PlatformServerOptions>? configure = null, string? dataDirectory = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var options = new PlatformServerOptions { DataDirectory = dataDirectory };
        configure?.Invoke(options);
        var fixture = new ServerFixture(dataDirectory, options);
        await fixture.StartServerAsync().ConfigureAwait(false);
        return fixture;
    }

    /// <summary>A further node on data that already has keys (PostgreSQL): it uses <paramref name="key"/>.</summary>
    public static async Task<ServerFixture> StartWithKeyAsync(PlatformServerOptions options, string key)
    {
        var fixture = new ServerFixture(options.DataDirectory, options) { OwnsData = false };
        fixture.Server = await PlatformServer.StartAsync(options).ConfigureAwait(false);
        Assert.IsNull(fixture.Server.InitialApiKey);
        fixture.Key = key;
        fixture.Client = fixture.NewClient(key);
        return fixture;
    }

    private bool OwnsData { get; init; } = true;

    /// <summary>Stops the server (running publishes are abandoned, as by a kill) and starts a new one on the same data.</summary>
    public async Task RestartAsync(Func<PlatformServerOptions, PlatformServerOptions>? change = null)
    {
        await StopServerAsync().ConfigureAwait(false);
        var key = Key;
        var options = change?.Invoke(Options) ?? Options;
        Server = await PlatformServer.StartAsync(options).ConfigureAwait(false);
        Key = key;
        Client = NewClient(key);
    }

    private async Task StartServerAsync()
    {
        Server = await PlatformServer.StartAsync(Options).ConfigureAwait(false);
        Key = Server.InitialApiKey ?? throw new InvalidOperationException("A fresh data directory must yield an initial key.");
        Client = NewClient(Key);
    }

    public HttpClient NewClient(string? key)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task<string> CreateUploadAsync(long length, string sha256, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/uploads", new { length, sha256, fileName = "test.xif" }).ConfigureAwait(false);
        Assert.AreEqual(expected, response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        if (expected != HttpStatusCode.Created)
        {
            return string.Empty;
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
        Assert.AreEqual($"/api/v1/uploads/{body.RootElement.GetProperty("uploadId").GetString()}", response.Headers.Location?.OriginalString);
        return body.RootElement.GetProperty("uploadId").GetString()!;
    }

    public async Task<HttpResponseMessage> PatchAsync(string uploadId, long offset, ReadOnlyMemory<byte> bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/uploads/{uploadId}") { Content = new ReadOnlyMemoryContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await Client.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>Uploads the bytes whole and returns the upload id.</summary>
    public async Task<string> UploadAsync(byte[] bytes)
    {
        var id = await CreateUploadAsync(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))).ConfigureAwait(false);
        using var response = await PatchAsync(id, 0, bytes).ConfigureAwait(false);
        Assert.AreEqual(HttpStatusCode.NoContent, response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return id;
    }

    public async Task<HttpResponseMessage> StartPublishAsync(string uploadId) =>
        await Client.PostAsJsonAsync("/api/v1/publish", new { uploadId }).ConfigureAwait(false);

    /// <summary>Uploads, publishes, follows the operation to its end and returns its final status (with the whole log).</summary>
    public async Task<OperationResult> PublishAsync(byte[] xif)
    {
        var uploadId = await UploadAsync(xif).ConfigureAwait(false);
        using var response = await StartPublishAsync(uploadId).ConfigureAwait(false);
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        Assert.AreEqual("1", response.Headers.RetryAfter?.ToString());
        return await WaitAsync(response.Headers.Location!.OriginalString).ConfigureAwait(false);
    }

    /// <summary>Polls the status URL as a client does, reading the log with ?after= from where it left off.</summary>
    public async Task<OperationResult> WaitAsync(string statusUrl)
    {
        var lines = new List<JsonElement>();
        long after = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await Client.GetAsync($"{statusUrl}?after={after}").ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
            using var body = JsonDocument.Parse(text);
            var root = body.RootElement;
            foreach (var line in root.GetProperty("log").EnumerateArray())
            {
                Assert.IsTrue(line.GetProperty("sequence").GetInt64() > after, "the log must only hold lines after ?after=");
                lines.Add(line.Clone());
            }

            after = root.GetProperty("nextAfter").GetInt64();
            var state = root.GetProperty("state").GetString()!;
            if (state is "succeeded" or "failed")
            {
                return new OperationResult(root.Clone(), state, lines);
            }

            Assert.IsTrue(DateTime.UtcNow < deadline, "the operation did not end in time");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(url).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        using var body = JsonDocument.Parse(text);
        return body.RootElement.Clone();
    }

    public long CountRows(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "metadata.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Table names are constants of the tests.
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
#pragma warning restore CA2100
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The data folder's files with their sizes, but the database and a publish's pins: those are released
    /// just after its operation is marked finished, so a snapshot taken right after a publish may or may not
    /// hold them (GarbageCollectionTests check that pins go).
    /// </summary>
    public string[] SnapshotFiles() =>
        [.. Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)
            .Where(static f => !Path.GetFileName(f).StartsWith("metadata.db", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(DataDirectory, f).Replace('\\', '/').StartsWith("blobs/.pins/", StringComparison.Ordinal))
            .Select(f => $"{Path.GetRelativePath(DataDirectory, f)} {new FileInfo(f).Length}")
            .Order(StringComparer.Ordinal)];

    private async Task StopServerAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        if (!OwnsData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

internal sealed record OperationResult(JsonElement Final, string State, IReadOnlyList<JsonElement> Log)
{
    public IEnumerable<string> Codes(string kind) =>
        Log.Where(l => l.GetProperty("kind").GetString() == kind).Select(static l => l.GetProperty("code").GetString()!);

    public override string ToString() => string.Join(Environment.NewLine, Log.Select(static l => l.GetRawText()));
}
