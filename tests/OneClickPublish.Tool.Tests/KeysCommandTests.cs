using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OneClickPublish.Server;
using OneClickPublish.Server.Security;
using OneClickPublish.Tool.Cli;
using Spectre.Console.Testing;

namespace OneClickPublish.Tool.Tests;

/// <summary>
/// <c>oneclick keys</c> against a real Platform Server on loopback (<c>--server</c>, an admin key) and on
/// its data folder (no <c>--server</c>): the command line as a user types it, the real services behind it.
/// </summary>
[TestClass]
public sealed class KeysCommandTests
{
    private string _folder = null!;
    private string _data = null!;
    private PlatformServer _server = null!;
    private string _admin = null!;

    [TestInitialize]
    public async Task StartServer()
    {
        _folder = Directory.CreateTempSubdirectory("oneclick-keys-").FullName;
        _data = Path.Combine(_folder, "server");
        _server = await PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = _data });
        using var keys = await ApiKeyStore.OpenAsync(_data);
        _admin = (await keys.CreateAsync("boss", ApiKeyScope.Admin)).Key;
    }

    [TestCleanup]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Url => _server.BaseAddress.ToString().TrimEnd('/');

    private async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new ToolContext
        {
            Out = output,
            Error = error,
            BuildRunner = static () => throw new InvalidOperationException("no build in a keys command"),
            IsTerminal = false,
            Console = static () => new TestConsole(),
            Environment = static _ => null,
            CurrentDirectory = _folder,
            Platform = new PlatformServices(),
        };
        var exitCode = await new OneClickCli(context).InvokeAsync(args);
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task<HttpStatusCode> ListExtensionsWithAsync(string key)
    {
        using var client = new HttpClient { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative));
        return response.StatusCode;
    }

    [TestMethod]
    public async Task Keys_are_created_listed_and_revoked_on_a_running_server_and_the_data_folder_sees_the_same_keys()
    {
        var (created, createdOut, createdError) = await RunAsync("keys", "create", "--name", "geo-ci", "--extensions", "Geo*, Maps", "--server", Url, "--api-key", _admin);
        Assert.AreEqual(0, created, createdError);
        StringAssert.Contains(createdOut, "Created API key 'geo-ci' (scope publish, for Geo*, Maps). It is shown once — keep it:");
        var key = createdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        StringAssert.StartsWith(key, "ocp_");
        Assert.AreEqual(HttpStatusCode.OK, await ListExtensionsWithAsync(key), "the key works");

        var (listed, listedOut, _) = await RunAsync("keys", "list", "--server", Url, "--api-key", _admin, "--json");
        Assert.AreEqual(0, listed);
        Assert.IsFalse(listedOut.Contains(key.Split('_', 3)[2], StringComparison.Ordinal), "never the key");
        var geo = JsonDocument.Parse(listedOut).RootElement.EnumerateArray().Single(static k => k.GetProperty("name").GetString() == "geo-ci");
        CollectionAssert.AreEqual(new[] { "Geo*", "Maps" }, geo.GetProperty("extensions").EnumerateArray().Select(static e => e.GetString()).ToList());

        // The same keys on the data folder, without --server.
        var (local, localOut, _) = await RunAsync("server", "keys", "list", "--data", _data);
        Assert.AreEqual(0, local);
        StringAssert.Contains(localOut, "Extensions");
        Assert.IsTrue(localOut.Split('\n').Any(static l => l.StartsWith("geo-ci ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("Geo*, Maps", StringComparison.Ordinal)), localOut);
        Assert.IsTrue(localOut.Split('\n').Any(static l => l.StartsWith("initial ", StringComparison.Ordinal) && l.TrimEnd().EndsWith('*')), localOut);

        var (revoked, revokedOut, revokedError) = await RunAsync("keys", "revoke", "geo-ci", "--server", Url, "--api-key", _admin);
        Assert.AreEqual(0, revoked, revokedError);
        StringAssert.Contains(revokedOut, "Revoked API key 'geo-ci'");
        Assert.AreEqual(HttpStatusCode.Unauthorized, await ListExtensionsWithAsync(key), "refused from now on");

        var (again, _, againError) = await RunAsync("keys", "revoke", "geo-ci", "--server", Url, "--api-key", _admin);
        Assert.AreEqual(1, again);
        StringAssert.Contains(againError, "error OCP5244: There is no API key with the name or id 'geo-ci' that is not revoked");
    }

    [TestMethod]
    public async Task A_key_made_on_the_data_folder_is_limited_the_same_way_and_a_bad_pattern_is_a_usage_error_either_way()
    {
        var (created, createdOut, createdError) = await RunAsync("keys", "create", "--name", "maps-only", "--extensions", "Maps", "--data", _data);
        Assert.AreEqual(0, created, createdError);
        StringAssert.Contains(createdOut, "(scope publish, for Maps)");
        using (var keys = await ApiKeyStore.OpenAsync(_data))
        {
            CollectionAssert.AreEqual(new[] { "Maps" }, (await keys.ListAsync()).Single(static k => k.Name == "maps-only").Extensions!.ToList());
        }

        var (remote, _, remoteError) = await RunAsync("keys", "create", "--name", "x", "--extensions", "Geo-*", "--server", Url, "--api-key", _admin);
        Assert.AreEqual(3, remote);
        StringAssert.Contains(remoteError, "error OCP5243: 'Geo-*' is not an extension pattern");
        var (local, _, localError) = await RunAsync("keys", "create", "--name", "x", "--extensions", "Geo-*", "--data", _data);
        Assert.AreEqual(3, local);
        StringAssert.Contains(localError, "'Geo-*' is not an extension pattern");
        var (admin, _, adminError) = await RunAsync("keys", "create", "--name", "x", "--scope", "admin", "--extensions", "Geo*", "--server", Url, "--api-key", _admin);
        Assert.AreEqual(3, admin);
        StringAssert.Contains(adminError, "error OCP5249");

        using var all = await ApiKeyStore.OpenAsync(_data);
        Assert.IsFalse((await all.ListAsync()).Any(static k => k.Name == "x"), "no key made by a refused request");
    }

    [TestMethod]
    public async Task A_key_without_the_admin_scope_cannot_manage_keys_and_exits_2()
    {
        using var keys = await ApiKeyStore.OpenAsync(_data);
        var publisher = (await keys.CreateAsync("publisher", ApiKeyScope.Publish)).Key;

        var (exitCode, _, error) = await RunAsync("keys", "list", "--server", Url, "--api-key", publisher);
        Assert.AreEqual(2, exitCode, "a key lacking the scope is a server that cannot be used");
        StringAssert.Contains(error, "OCP5102");
    }

    [TestMethod]
    public async Task A_data_folder_of_a_newer_server_is_one_coded_line_and_exit_code_2()
    {
        var newer = Path.Combine(_folder, "newer");
        Directory.CreateDirectory(newer);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(newer, "metadata.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL);"
                + "INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01T00:00:00.0000000Z', 'a newer server');";
            command.ExecuteNonQuery();
        }

        var (keys, _, keysError) = await RunAsync("keys", "list", "--data", newer);
        Assert.AreEqual(2, keys);
        StringAssert.StartsWith(keysError, "error OCP5240: The metadata database is at schema version 999");
        var (server, _, serverError) = await RunAsync("server", "--data", newer, "--urls", "http://127.0.0.1:0");
        Assert.AreEqual(2, server);
        StringAssert.StartsWith(serverError, "error OCP5240:");
        Assert.AreEqual(1, serverError.Trim().Split('\n').Length, "one line, no stack trace: " + serverError);
    }
}
