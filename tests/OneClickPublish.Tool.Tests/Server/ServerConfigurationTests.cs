using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Tests.Infrastructure;
using OneClickPublish.Tests;

namespace OneClickPublish.Tool.Tests.Server;

/// <summary>
/// `oneclick server` configured as a team would: appsettings.json in the data folder, ONECLICK_
/// environment variables, the command line, in that order of strength; every bad value refused at
/// start with its own coded line, no stack trace, no secret.
/// </summary>
[TestClass]
[TestCategory("ServerProcess")]
public sealed class ServerConfigurationTests
{
    private const string Sha = "0000000000000000000000000000000000000000000000000000000000000000";
    private string _data = null!;

    [TestInitialize]
    public void CreateData() => _data = Directory.CreateTempSubdirectory("oneclick-config-").FullName;

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
    public async Task The_command_line_wins_over_the_environment_which_wins_over_appsettings_json()
    {
        var key = await KeyAsync();
        File.WriteAllText(Path.Combine(_data, "appsettings.json"), """{ "Server": { "MaxUploadBytes": 1000, "MaxConcurrentPublishes": 2 } }""");

        Assert.AreEqual(1000, await UploadLimitAsync(key, environment: null, arguments: []), "from appsettings.json");
        Assert.AreEqual(3000, await UploadLimitAsync(key, new() { ["ONECLICK_Server__MaxUploadBytes"] = "3000" }, arguments: []), "the environment over the file");
        Assert.AreEqual(5000, await UploadLimitAsync(key, new() { ["ONECLICK_Server__MaxUploadBytes"] = "3000" }, ["--max-upload-bytes", "5000"]), "the command line over both");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Every_bad_value_is_one_coded_line_and_the_server_does_not_start()
    {
        File.WriteAllText(Path.Combine(_data, "appsettings.json"), """{ "Server": { "UploadExpiry": "soon", "Xif": { "MaxCompressionRatio": 0.5 } } }""");
        await using var server = ServerToolProcess.Start(
            ["--data", _data, "--max-upload-bytes", "lots", "--log-format", "xml", "--cors-origin", "https://console.example.com/path",
                "--known-proxy", "127.0.0.1", "--known-proxy", "10.1", "--known-network", "10.0.0.1/8", "--feed-anonymous-read", "maybe"],
            new Dictionary<string, string> { ["ONECLICK_Server__MaxConcurrentPublishes"] = "0", ["ONECLICK_Server__Feed__PublicUrl"] = "ftp://packages.example.com/", ["ONECLICK_Server__ConnectionString"] = "Host=db;Password=hunter2", ["ONECLICK_Server__ConnectionStringFile"] = "/no/such/file" });

        Assert.AreEqual(3, await server.WaitForExitAsync(), server.Output);
        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.AreEquivalent(
            new[]
            {
                "error OCP5230: The setting Server:MaxUploadBytes is 'lots'; it must be a whole number of bytes",
                "error OCP5230: The setting Server:UploadExpiry is 'soon'; it must be a duration as d.hh:mm:ss",
                "error OCP5230: The setting Server:MaxConcurrentPublishes is '0'; it must be from 1 to 1000",
                "error OCP5230: The setting Server:Xif:MaxCompressionRatio is '0.5'; it must be a number of at least 1",
                "error OCP5230: The setting Server:LogFormat is 'xml'; it must be one of none, console, json",
                "error OCP5230: The setting Server:Cors:Origins is 'https://console.example.com/path'; it must be an origin such as https://console.example.com",
                "error OCP5230: The setting Server:ForwardedHeaders:KnownProxies is '10.1'; it must be an IP address such as 10.0.0.5 or 2001:db8::5",
                "error OCP5230: The setting Server:ForwardedHeaders:KnownNetworks is '10.0.0.1/8'; it must be a network in CIDR notation such as 10.0.0.0/8 or 2001:db8::/32, with no bits set after the prefix",
                "error OCP5230: The setting Server:Feed:AllowAnonymousRead is 'maybe'; it must be true or false",
                "error OCP5230: The setting Server:Feed:PublicUrl is 'ftp://packages.example.com/'; it must be an http:// or https:// URL such as https://packages.example.com/",
                "error OCP5232: Server:ConnectionString and Server:ConnectionStringFile are both set; set only one of them",
            },
            lines,
            server.Output);
        Assert.IsFalse(server.Output.Contains("hunter2", StringComparison.Ordinal), "a secret is never shown");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_misspelt_setting_is_refused_with_where_it_was_set_and_names_are_not_case_sensitive()
    {
        var file = Path.Combine(_data, "appsettings.json");
        File.WriteAllText(file, """{ "Server": { "MaxUploadByte": 5, "nodename": "node-a", "Cors": { "Origins": [ "https://console.example.com" ] } } }""");
        await using var server = ServerToolProcess.Start(["--data", _data], new Dictionary<string, string> { ["ONECLICK_Server__Xif__MaxEntries"] = "5", ["ONECLICK_SERVER__LOGLEVEL"] = "Debug" });

        Assert.AreEqual(3, await server.WaitForExitAsync(), server.Output);
        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.AreEquivalent(
            new[]
            {
                $"error OCP5233: There is no server setting Server:MaxUploadByte (set in {file})",
                "error OCP5233: There is no server setting Server:Xif:MaxEntries (set in the environment, ONECLICK_Server__Xif__MaxEntries)",
            },
            lines,
            server.Output);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_broken_appsettings_json_is_one_coded_line()
    {
        File.WriteAllText(Path.Combine(_data, "appsettings.json"), """{ "Server": { "MaxUploadBytes": """);
        await using var server = ServerToolProcess.Start(["--data", _data]);

        Assert.AreEqual(3, await server.WaitForExitAsync(), server.Output);
        StringAssert.StartsWith(server.Output.Trim(), $"error OCP5231: The file '{Path.Combine(_data, "appsettings.json")}' (the server's settings) cannot be read");
        Assert.AreEqual(1, server.Output.Trim().Split('\n').Length, server.Output);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_connection_string_comes_from_a_file_and_its_password_is_never_shown()
    {
        var secret = Path.Combine(_data, "..", Path.GetFileName(_data) + ".secret");
        File.WriteAllText(secret, "Host=127.0.0.1;Port=9;Username=oneclick;Password=hunter2;Timeout=2\n");
        try
        {
            // Nothing listens on port 9: the server read the file (else it would have used SQLite and started).
            await using var server = ServerToolProcess.Start(["--data", _data, "--connection-string-file", secret]);

            Assert.AreNotEqual(0, await server.WaitForExitAsync(), server.Output);
            StringAssert.Contains(server.Output, "error OCP7010");
            Assert.IsFalse(server.Output.Contains("hunter2", StringComparison.Ordinal), server.Output);
            Assert.IsFalse(server.Output.Contains("   at ", StringComparison.Ordinal), "no stack trace:\n" + server.Output);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Server_keys_use_the_database_the_configuration_names_so_the_server_accepts_the_key()
    {
        using var postgres = TemporaryPostgres.TryStart();
        if (postgres is null)
        {
            Assert.Fail("PostgreSQL is not installed on this machine (Debian's postgresql package provides initdb and pg_ctl).");
            return;
        }

        var secret = Path.Combine(_data, "connection-string");
        File.WriteAllText(secret, postgres.ConnectionString + "\n");
        File.WriteAllText(Path.Combine(_data, "appsettings.json"), $$"""{ "Server": { "ConnectionStringFile": "{{secret.Replace("\\", "\\\\", StringComparison.Ordinal)}}" } }""");

        await using (var create = ServerToolProcess.Start(["keys", "create", "--name", "ci", "--data", _data]))
        {
            Assert.AreEqual(0, await create.WaitForExitAsync(), create.Output);
            var key = create.Output.Split('\n').Select(static l => l.Trim()).Single(static l => l.StartsWith("ocp_", StringComparison.Ordinal));

            await using var server = ServerToolProcess.Start(["--data", _data]);
            await server.WaitUntilReadyAsync();
            StringAssert.Contains(server.Output, "metadata in PostgreSQL");
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            using var response = await http.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, "the key is in PostgreSQL, where the server looks");
        }

        Assert.IsFalse(File.Exists(Path.Combine(_data, "metadata.db")), "nothing went to SQLite");
    }

    [TestMethod]
    public void Help_and_docs_server_md_list_every_setting_with_its_default()
    {
        var docs = File.ReadAllText(Path.Combine(TestRepository.Root, "docs", "server.md"));
        foreach (var setting in ServerSettings.All)
        {
            StringAssert.Contains(docs, $"`{setting.Key}`", "docs/server.md documents every setting");
            if (setting.Option is { } option)
            {
                StringAssert.Contains(docs, $"`{option}`", $"docs/server.md names the option of {setting.Key}");
            }
        }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Server_help_lists_every_setting_that_has_an_option()
    {
        await using var help = ServerToolProcess.Start(["--help"]);
        Assert.AreEqual(0, await help.WaitForExitAsync(), help.Output);
        foreach (var setting in ServerSettings.All.Where(static s => s.Option is not null))
        {
            StringAssert.Contains(help.Output, setting.Option!);
            StringAssert.Contains(help.Output, $"({setting.Key})");
        }
    }

    /// <summary>Starts the server, asks for an upload too large for any limit, and reads the limit from the 413.</summary>
    private async Task<long> UploadLimitAsync(string key, Dictionary<string, string>? environment, string[] arguments)
    {
        await using var server = ServerToolProcess.Start(["--data", _data, .. arguments], environment);
        await server.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        using var response = await http.PostAsJsonAsync("/api/v1/uploads", new { length = 1L << 40, sha256 = Sha, fileName = "a.xif" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode, text);
        using var body = JsonDocument.Parse(text);
        StringAssert.Contains(text, "OCP5200");
        var words = text.Split(' ', '"');
        return long.Parse(words[Array.IndexOf(words, "limit") + 2], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> KeyAsync()
    {
        using var keys = await OneClickPublish.Server.Security.ApiKeyStore.OpenAsync(_data);
        return (await keys.CreateAsync("config-test", OneClickPublish.Server.Security.ApiKeyScope.Publish)).Key;
    }
}
