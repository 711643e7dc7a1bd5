using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Tests.Infrastructure;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Options a host gives the server in code, or reads with <see cref="ServerConfiguration"/>: every bad value is a
/// coded error, all at once, before the server opens anything; the configuration's Logging section is obeyed.
/// </summary>
[TestClass]
public sealed class ServerOptionsTests
{
    [TestMethod]
    public async Task A_start_with_bad_options_reports_every_bad_value_with_its_key_and_creates_nothing()
    {
        var data = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var options = new PlatformServerOptions
        {
            DataDirectory = data,
            Urls = "http://127.0.0.1:0;ftp://127.0.0.1:21",
            MaxUploadBytes = 0,
            UploadExpiry = TimeSpan.Zero,
            MaxConcurrentPublishes = 0,
            NodeName = " ",
            XifLimits = XifLimits.Default with { MaxEntryCount = 0, MaxEntrySize = 0, MaxTotalSize = 0, MaxCompressionRatio = 0 },
            LogLevel = (LogLevel)42,
            LogFormat = (ServerLogFormat)42,
            CorsOrigins = ["https://console.example.com", "https://console.example.com/path", "not a url"],
            ForwardedHeaders = new TrustedProxyOptions { KnownProxies = ["10.0.0.1", "proxy.example.com"], KnownNetworks = ["10.0.0.0/8", "10.0.0.0/99"] },
            Feed = new FeedOptions { PublicUrl = new Uri("ftp://packages.example.com/") },
            ConsoleSessionLifetime = TimeSpan.FromDays(31),
            MinFreeDiskBytes = -1,
            Retention = new RetentionOptions { KeepVersions = 1, OperationMaxAge = TimeSpan.FromDays(-1), BlobGracePeriod = TimeSpan.FromDays(-1) },
            PostgresConnectionStringFile = Path.Combine(data, "no-such-secret"),
        };

        var refused = await Assert.ThrowsAsync<ServerConfigurationException>(() => PlatformServer.StartAsync(options));

        var keys = PlatformServerOptionsValidator.Diagnose(options).Select(static e => e.Key).ToList();
        CollectionAssert.AreEqual(new[]
        {
            "Server:Urls", "Server:MaxUploadBytes", "Server:UploadExpiry", "Server:MaxConcurrentPublishes", "Server:NodeName",
            "Server:Xif:MaxEntryCount", "Server:Xif:MaxEntrySize", "Server:Xif:MaxTotalSize", "Server:Xif:MaxCompressionRatio",
            "Server:LogLevel", "Server:LogFormat", "Server:Cors:Origins", "Server:Cors:Origins",
            "Server:ForwardedHeaders:KnownProxies", "Server:ForwardedHeaders:KnownNetworks", "Server:Feed:PublicUrl",
            "Server:Console:SessionLifetime", "Server:Health:MinFreeDiskBytes", "Server:Retention:KeepVersions",
            "Server:Retention:OperationMaxAge", "Server:Retention:BlobGracePeriod", "Server:ConnectionStringFile",
        }, keys);
        Assert.AreEqual(keys.Count, refused.Diagnostics.Count);
        Assert.IsTrue(refused.Diagnostics.Take(keys.Count - 1).All(static d => d.Code == "OCP5230"), string.Join("\n", refused.Diagnostics));
        Assert.AreEqual("OCP5231", refused.Diagnostics[^1].Code);
        Assert.IsFalse(Directory.Exists(data), "nothing is created before the options are good");
    }

    [TestMethod]
    public void Options_without_a_data_folder_or_a_group_of_settings_are_refused_and_conflicting_connection_strings_too()
    {
        var options = new PlatformServerOptions
        {
            XifLimits = null!,
            CorsOrigins = null!,
            ForwardedHeaders = null!,
            Feed = null!,
            Retention = null!,
            PostgresConnectionString = "Host=db",
            PostgresConnectionStringFile = "/run/secrets/db",
        };

        var keys = PlatformServerOptionsValidator.Diagnose(options).Select(static e => $"{e.Key} {e.Error.Code}").ToList();

        CollectionAssert.AreEqual(new[]
        {
            "Server:DataDirectory OCP5230", "Server:Xif OCP5230", "Server:Cors:Origins OCP5230", "Server:ForwardedHeaders OCP5230",
            "Server:Feed OCP5230", "Server:Retention OCP5230", "Server:ConnectionStringFile OCP5232",
        }, keys);
    }

    [TestMethod]
    public void The_validator_answers_the_options_framework_with_every_error_or_success()
    {
        var validator = new PlatformServerOptionsValidator();

        var good = validator.Validate(null, new PlatformServerOptions { DataDirectory = "data" });
        var bad = validator.Validate(null, new PlatformServerOptions { DataDirectory = "data", MaxUploadBytes = -5, NodeName = string.Empty });

        Assert.IsTrue(good.Succeeded);
        Assert.IsTrue(bad.Failed);
        Assert.AreEqual(2, bad.Failures!.Count());
        StringAssert.Contains(bad.Failures!.First(), "Server:MaxUploadBytes");
    }

    [TestMethod]
    public void A_list_where_one_value_belongs_and_a_setting_that_does_not_exist_are_errors_naming_their_source()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:DataDirectory"] = "data",
            ["Server:MaxUploadBytes:0"] = "1000",
            ["Server:MaxUploadBytes:1"] = "2000",
            ["Server:ConnectionString:0"] = "Host=a;Password=hunter2",
            ["Server:ConnectionString:1"] = "Host=b;Password=hunter2",
            ["Server:MaxUploadByte"] = "1000",
        }).Build();

        var refused = Assert.ThrowsExactly<ServerConfigurationException>(() => ServerConfiguration.Bind(configuration, new PlatformServerOptions()));

        var messages = refused.Diagnostics.Select(static d => $"{d.Code} {d.Message}").ToList();
        Assert.IsTrue(messages.Any(static m => m.StartsWith("OCP5230 The setting Server:MaxUploadBytes is '1000, 2000'; it must be a single value", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(static m => m.Contains("Server:ConnectionString is (a secret, not shown)", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(static m => m.StartsWith("OCP5233", StringComparison.Ordinal) && m.Contains("Server:MaxUploadByte", StringComparison.Ordinal) && m.Contains("the command line", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsFalse(messages.Any(static m => m.Contains("hunter2", StringComparison.Ordinal)), "a secret is never shown");
    }

    [TestMethod]
    public void A_connection_string_file_that_is_empty_or_not_a_file_is_a_coded_error()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var empty = Path.Combine(folder, "empty.secret");
            File.WriteAllText(empty, "\n");

            var whenEmpty = Assert.ThrowsExactly<ServerConfigurationException>(() => ServerConfiguration.ConnectionStringOf(new PlatformServerOptions { PostgresConnectionStringFile = empty }));
            var whenFolder = Assert.ThrowsExactly<ServerConfigurationException>(() => ServerConfiguration.ConnectionStringOf(new PlatformServerOptions { PostgresConnectionStringFile = folder }));

            Assert.AreEqual("OCP5231", whenEmpty.Diagnostics.Single().Code);
            StringAssert.Contains(whenEmpty.Diagnostics.Single().Message, "it is empty");
            Assert.AreEqual("OCP5231", whenFolder.Diagnostics.Single().Code);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_Logging_section_of_the_configuration_sets_the_level_of_each_category()
    {
        var log = new CapturedLog();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:OneClickPublish.Server.Requests"] = "None",
        }).Build();
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.Configuration = configuration;
            o.ConfigureLogging = log.AddTo;
        });

        Assert.AreEqual(HttpStatusCode.OK, (await fixture.Client.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative))).StatusCode);

        StringAssert.Contains(log.Text, "OneClickPublish.Server: Platform Server", "the server's own category still logs");
        Assert.IsFalse(log.Text.Contains("OneClickPublish.Server.Requests", StringComparison.Ordinal), log.Text);
    }

    [TestMethod]
    [DataRow(ServerLogFormat.Console)]
    [DataRow(ServerLogFormat.Json)]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Each_log_format_writes_one_line_per_entry_with_a_UTC_time_to_standard_output(ServerLogFormat format)
    {
        var output = new StringWriter();
        var original = System.Console.Out;
        System.Console.SetOut(output);
        try
        {
            // Disposed before the output is read: the console logger writes from a queue that its disposal flushes.
            await using (var fixture = await ServerFixture.StartAsync(o => o.LogFormat = format))
            {
                Assert.AreEqual(HttpStatusCode.OK, (await fixture.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
            }
        }
        finally
        {
            System.Console.SetOut(original);
        }

        var started = output.ToString().Split('\n').Single(static l => l.Contains("Platform Server", StringComparison.Ordinal) && l.Contains("started on", StringComparison.Ordinal));
        if (format == ServerLogFormat.Json)
        {
            using var entry = System.Text.Json.JsonDocument.Parse(started);
            Assert.AreEqual("OneClickPublish.Server", entry.RootElement.GetProperty("Category").GetString());
            StringAssert.EndsWith(entry.RootElement.GetProperty("Timestamp").GetString(), "Z");
        }
        else
        {
            StringAssert.Matches(started, new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info: OneClickPublish\.Server\[0\] Platform Server"));
        }
    }
}
