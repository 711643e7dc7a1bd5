using System.Net;
using System.Text;
using System.Text.Json;
using OneClickPublish.Platform;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Tool.Tests.Server;

/// <summary>What `oneclick server` writes while it works: a line per request, publish events, no secret.</summary>
[TestClass]
[TestCategory("ServerProcess")]
public sealed class ServerLoggingTests
{
    private string _data = null!;

    [TestInitialize]
    public void CreateData() => _data = Directory.CreateTempSubdirectory("oneclick-logs-").FullName;

    [TestCleanup]
    public void DeleteData()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Console_log_has_requests_with_status_duration_and_key_id_and_the_publish_events_and_no_secret()
    {
        var key = await CreateKeyAsync();
        await using var server = ServerToolProcess.Start(["--data", _data]);
        await server.WaitUntilReadyAsync();

        const string WrongKey = "ocp_0123456789abcdef_ThisIsNotTheSecretButMustNotBeLoggedEither00";
        using (var anonymous = new HttpClient { BaseAddress = new Uri(server.Url) })
        {
            anonymous.DefaultRequestHeaders.Authorization = new("Bearer", WrongKey);
            using var refused = await anonymous.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var xif = Path.Combine(_data, "Hello.1.0.0.xif");
        await File.WriteAllBytesAsync(xif, new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", Encoding.UTF8.GetBytes("hello")).Build());
        using var client = new PlatformClient(new PlatformClientOptions { Server = server.Url, ApiKey = key.Key, PollInterval = TimeSpan.FromMilliseconds(50) });
        var upload = await client.UploadAsync(xif, progress: null, CancellationToken.None);
        var result = await client.PublishAsync(upload, _ => { }, CancellationToken.None);
        Assert.IsTrue(result.Succeeded);

        await server.WaitForOutputAsync($"Publish {result.OperationId}: Hello 1.0.0 is active");
        await server.WaitForOutputAsync($"GET /api/v1/operations/{result.OperationId} 200");
        var output = server.Output;
        StringAssert.Contains(output, "Platform Server ");
        StringAssert.Contains(output, "metadata in SQLite");
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"GET /health 200 in \d+ ms \(from 127\.0\.0\.1, key - -, trace \S+\)"));
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"GET /api/v1/extensions 401 in \d+ ms \(from 127\.0\.0\.1, key - -"));
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex($@"POST /api/v1/publish 202 in \d+ ms \(from 127\.0\.0\.1, key {key.Info.Id} logs-test, trace"));
        StringAssert.Contains(output, $"Publish {result.OperationId} of Hello 1.0.0 accepted from key logs-test");
        AssertNoSecret(output, key.Key, WrongKey);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Json_log_is_one_object_per_line_on_stdout_with_the_level_from_configuration()
    {
        var key = await CreateKeyAsync();
        File.WriteAllText(Path.Combine(_data, "appsettings.json"), """{ "Logging": { "LogLevel": { "OneClickPublish.Server.Requests": "Warning" } } }""");
        await using var server = ServerToolProcess.Start(["--data", _data, "--log-format", "json"]);
        await server.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key.Key);
        using (var response = await http.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        }

        await server.WaitForOutputAsync("started on");
        await Task.Delay(500); // the request line, were it logged, would be written by now
        var lines = server.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.IsTrue(lines.Length > 0, server.Output);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.IsTrue(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.IsTrue(entry.RootElement.TryGetProperty("Timestamp", out _), line);
        }

        Assert.IsTrue(lines.Any(static l => l.Contains("\"Category\":\"OneClickPublish.Server\"", StringComparison.Ordinal) && l.Contains("started on", StringComparison.Ordinal)), server.StandardOutput);
        Assert.IsFalse(server.StandardOutput.Contains("GET /api/v1/extensions", StringComparison.Ordinal), "Logging:LogLevel raised the requests' category to Warning");
        AssertNoSecret(server.Output, key.Key);
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task With_postgresql_the_log_names_host_and_database_and_never_the_password()
    {
        using var postgres = TemporaryPostgres.TryStart();
        if (postgres is null)
        {
            Assert.Fail("PostgreSQL is not installed on this machine (Debian's postgresql package provides initdb and pg_ctl).");
            return;
        }

        // Trust authentication ignores the password, so a secret can ride along to be looked for.
        const string Password = "hunter2-never-logged";
        var connectionString = postgres.ConnectionString + ";Password=" + Password;
        string key;
        using (var keys = await ApiKeyStore.OpenAsync(_data, connectionString))
        {
            key = (await keys.CreateAsync("pg-logs", ApiKeyScope.Publish)).Key;
        }

        await using var server = ServerToolProcess.Start(["--data", _data, "--log-level", "Debug"], new Dictionary<string, string> { ["ONECLICK_Server__ConnectionString"] = connectionString });
        await server.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        using (var response = await http.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        }

        await server.WaitForOutputAsync("GET /api/v1/extensions 200");
        StringAssert.Contains(server.Output, "metadata in PostgreSQL (host 127.0.0.1, database postgres)");
        Assert.IsFalse(server.Output.Contains(Password, StringComparison.Ordinal), "the connection string's password is never logged:\n" + server.Output);
        AssertNoSecret(server.Output, key);
    }

    private static void AssertNoSecret(string output, params string[] keys)
    {
        foreach (var key in keys)
        {
            var secret = key.Split('_', 3)[2]; // ocp_<id>_<secret>: the secret itself may hold '_'
            Assert.IsFalse(output.Contains(secret, StringComparison.Ordinal), "a key's secret is never logged");
        }

        Assert.IsFalse(output.Contains("Bearer ocp_", StringComparison.Ordinal), "the Authorization header is never logged");
    }

    private async Task<CreatedApiKey> CreateKeyAsync()
    {
        using var keys = await ApiKeyStore.OpenAsync(_data);
        return await keys.CreateAsync("logs-test", ApiKeyScope.Publish);
    }
}
