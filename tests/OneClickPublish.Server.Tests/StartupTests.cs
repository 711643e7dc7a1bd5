using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>A start that cannot listen, and the periodic work of a running server, driven by a clock of the test.</summary>
[TestClass]
public sealed class StartupTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_start_on_a_taken_port_fails_with_the_address_and_releases_the_data_folder()
    {
        var data = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        try
        {
            var log = new CapturedLog();
            var error = await Assert.ThrowsAsync<IOException>(() => PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data, Urls = $"http://127.0.0.1:{port}", ConfigureLogging = log.AddTo }));

            // What `oneclick server` turns into its one-line error OCP7010: the address, not a stack trace.
            StringAssert.Contains(error.Message, $"127.0.0.1:{port}");
            Assert.IsFalse(log.Text.Contains("   at ", StringComparison.Ordinal), "the log holds no stack trace of it either:\n" + log.Text);
            // Released: the database is not held open, and a start on another port runs on the same data.
            SqliteConnection.ClearAllPools();
            await using var server = await PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data });
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_clean_up_runs_every_ten_minutes_of_the_servers_clock_and_removes_expired_uploads()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.UploadExpiry = TimeSpan.FromHours(1);
            o.ConfigureServices += services => services.AddSingleton<TimeProvider>(clock);
        });
        var uploadId = await fixture.CreateUploadAsync(10, new string('0', 64));
        foreach (var file in Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads"), uploadId + ".*"))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        }

        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(200);
        Assert.AreEqual(HttpStatusCode.OK, (await fixture.Client.GetAsync(new Uri($"/api/v1/uploads/{uploadId}", UriKind.Relative))).StatusCode, "not yet: the clean-up's ten minutes have not passed");

        clock.Advance(TimeSpan.FromMinutes(1));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.Client.GetAsync(new Uri($"/api/v1/uploads/{uploadId}", UriKind.Relative))).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, "the expired upload was not swept");
            await Task.Delay(50);
        }

        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/uploads", new { length = 10, sha256 = new string('0', 64) });
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, "the server goes on serving");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_clean_up_the_disk_refuses_is_logged_and_tried_again_ten_minutes_later()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new CapturedLog();
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ConfigureLogging = log.AddTo;
            o.ConfigureServices += services => services.AddSingleton<TimeProvider>(clock);
        });
        // A real fault of the disk: a file where the collection's trash folder goes.
        var trash = Path.Combine(fixture.DataDirectory, "blobs", ".trash");
        await File.WriteAllTextAsync(trash, "in the way");
        const string Failed = "The clean-up of the data folder failed; it runs again in 10 minutes";

        clock.Advance(TimeSpan.FromMinutes(10));
        await WaitForAsync(() => Count(log.Text, Failed) == 1, log);
        clock.Advance(TimeSpan.FromMinutes(10));
        await WaitForAsync(() => Count(log.Text, Failed) == 2, log);

        Assert.AreEqual(HttpStatusCode.OK, (await fixture.Client.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative))).StatusCode, "the server goes on serving");
        File.Delete(trash);
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    private static async Task WaitForAsync(Func<bool> condition, CapturedLog log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, log.Text);
            await Task.Delay(50);
        }
    }
}
