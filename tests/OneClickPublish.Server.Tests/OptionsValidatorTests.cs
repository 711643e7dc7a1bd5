using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Every bad value of <see cref="PlatformServerOptions"/> is one coded error naming its setting, whether
/// the options come from configuration (oneclick server, the Tool tests) or from code that embeds the
/// server, and a server given one does not start.
/// </summary>
[TestClass]
public sealed class OptionsValidatorTests
{
    private static readonly Dictionary<string, (Action<PlatformServerOptions> Break, string Key, string Code)> Cases = new()
    {
        ["no data folder"] = (static o => o.DataDirectory = " ", "Server:DataDirectory", "OCP5230"),
        ["no urls"] = (static o => o.Urls = null!, "Server:Urls", "OCP5230"),
        ["only separators"] = (static o => o.Urls = " ; ", "Server:Urls", "OCP5230"),
        ["an ftp url"] = (static o => o.Urls = "http://127.0.0.1:0;ftp://127.0.0.1:21", "Server:Urls", "OCP5230"),
        ["a url that is none"] = (static o => o.Urls = "localhost:5000", "Server:Urls", "OCP5230"),
        ["no upload size"] = (static o => o.MaxUploadBytes = 0, "Server:MaxUploadBytes", "OCP5230"),
        ["no upload expiry"] = (static o => o.UploadExpiry = TimeSpan.Zero, "Server:UploadExpiry", "OCP5230"),
        ["no publish at once"] = (static o => o.MaxConcurrentPublishes = 0, "Server:MaxConcurrentPublishes", "OCP5230"),
        ["too many publishes at once"] = (static o => o.MaxConcurrentPublishes = 1001, "Server:MaxConcurrentPublishes", "OCP5230"),
        ["no node name"] = (static o => o.NodeName = string.Empty, "Server:NodeName", "OCP5230"),
        ["no xif limits"] = (static o => o.XifLimits = null!, "Server:Xif", "OCP5230"),
        ["no entry"] = (static o => o.XifLimits = new XifLimits { MaxEntryCount = 0 }, "Server:Xif:MaxEntryCount", "OCP5230"),
        ["no entry size"] = (static o => o.XifLimits = new XifLimits { MaxEntrySize = -1 }, "Server:Xif:MaxEntrySize", "OCP5230"),
        ["no total size"] = (static o => o.XifLimits = new XifLimits { MaxTotalSize = 0 }, "Server:Xif:MaxTotalSize", "OCP5230"),
        ["a ratio under 1"] = (static o => o.XifLimits = new XifLimits { MaxCompressionRatio = 0.5 }, "Server:Xif:MaxCompressionRatio", "OCP5230"),
        ["an unknown log level"] = (static o => o.LogLevel = (LogLevel)42, "Server:LogLevel", "OCP5230"),
        ["an unknown log format"] = (static o => o.LogFormat = (ServerLogFormat)42, "Server:LogFormat", "OCP5230"),
        ["an origin that is no url"] = (static o => o.CorsOrigins = ["console.example.com"], "Server:Cors:Origins", "OCP5230"),
        ["an origin of another scheme"] = (static o => o.CorsOrigins = ["ftp://console.example.com"], "Server:Cors:Origins", "OCP5230"),
        ["an origin with a path"] = (static o => o.CorsOrigins = ["https://console.example.com/app"], "Server:Cors:Origins", "OCP5230"),
        ["a relative feed url"] = (static o => o.Feed = new FeedOptions { PublicUrl = new Uri("/feed", UriKind.Relative) }, "Server:Feed:PublicUrl", "OCP5230"),
        ["a feed url of another scheme"] = (static o => o.Feed = new FeedOptions { PublicUrl = new Uri("ftp://packages.example.com/") }, "Server:Feed:PublicUrl", "OCP5230"),
        ["no session lifetime"] = (static o => o.ConsoleSessionLifetime = TimeSpan.Zero, "Server:Console:SessionLifetime", "OCP5230"),
        ["a session over 30 days"] = (static o => o.ConsoleSessionLifetime = TimeSpan.FromDays(31), "Server:Console:SessionLifetime", "OCP5230"),
        ["negative free disk"] = (static o => o.MinFreeDiskBytes = -1, "Server:Health:MinFreeDiskBytes", "OCP5230"),
        ["keeping one version"] = (static o => o.Retention = new RetentionOptions { KeepVersions = 1 }, "Server:Retention:KeepVersions", "OCP5230"),
        ["a negative operation age"] = (static o => o.Retention = new RetentionOptions { OperationMaxAge = TimeSpan.FromSeconds(-1) }, "Server:Retention:OperationMaxAge", "OCP5230"),
        ["a negative grace period"] = (static o => o.Retention = new RetentionOptions { BlobGracePeriod = TimeSpan.FromSeconds(-1) }, "Server:Retention:BlobGracePeriod", "OCP5230"),
        ["a connection string twice"] = (static o =>
        {
            o.PostgresConnectionString = "Host=db";
            o.PostgresConnectionStringFile = "/run/secrets/db";
        }, "Server:ConnectionStringFile", "OCP5232"),
        ["a connection string file that is not there"] = (static o => o.PostgresConnectionStringFile = "/nonexistent/ocp/connection", "Server:ConnectionStringFile", "OCP5231"),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(static k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public async Task A_bad_value_is_one_coded_error_naming_its_setting_and_the_server_does_not_start(string name)
    {
        var (breakIt, key, code) = Cases[name];
        var options = new PlatformServerOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "ocp-validator", Guid.NewGuid().ToString("N")) };
        breakIt(options);

        var errors = PlatformServerOptionsValidator.Diagnose(options);

        var (errorKey, error) = errors.Single();
        Assert.AreEqual(key, errorKey);
        Assert.AreEqual(code, error.Code);
        StringAssert.Contains(error.Message, key);
        var refused = await Assert.ThrowsExactlyAsync<ServerConfigurationException>(() => PlatformServer.StartAsync(options));
        Assert.AreEqual(code, refused.Diagnostics.Single().Code);
        Assert.IsFalse(Directory.Exists(options.DataDirectory), "nothing is created for a server that does not start");
    }

    [TestMethod]
    public void The_defaults_are_valid_and_the_options_validator_says_so_as_IValidateOptions()
    {
        var validator = new PlatformServerOptionsValidator();
        var valid = new PlatformServerOptions { DataDirectory = "data", Urls = "http://*:5080;https://+:5443", CorsOrigins = ["https://console.example.com"], Feed = new FeedOptions { PublicUrl = new Uri("https://packages.example.com/") } };
        Assert.IsTrue(validator.Validate(null, valid).Succeeded);
        PlatformServerOptionsValidator.ThrowIfInvalid(valid);
        // Code that embeds the server and sets a group to null gets one coded error per group, naming it, not a NullReferenceException later.
        var nulls = PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions { DataDirectory = "data", CorsOrigins = null!, ForwardedHeaders = null!, Feed = null! });
        Assert.AreEqual(3, nulls.Count, string.Join("\n", nulls));
        Assert.IsTrue(nulls.All(static d => d.Error.Code == "OCP5230"), string.Join("\n", nulls));
        CollectionAssert.AreEquivalent(new[] { "Server:Cors:Origins", "Server:ForwardedHeaders", "Server:Feed" }, nulls.Select(static d => d.Key).ToList());

        Assert.AreEqual(0, PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions
        {
            DataDirectory = "data",
            ForwardedHeaders = new TrustedProxyOptions { KnownProxies = null!, KnownNetworks = null! },
            Feed = new FeedOptions { PublicUrl = null },
            PostgresConnectionStringFile = string.Empty,
        }).Count, "an empty file name is no file to read");

        var invalid = new PlatformServerOptions { DataDirectory = string.Empty, MaxUploadBytes = 0 };
        var result = validator.Validate(null, invalid);
        Assert.IsTrue(result.Failed);
        Assert.AreEqual(2, result.Failures!.Count());
        StringAssert.Contains(result.FailureMessage, "OCP5230");
        var thrown = Assert.ThrowsExactly<ServerConfigurationException>(() => PlatformServerOptionsValidator.ThrowIfInvalid(invalid));
        Assert.AreEqual(2, thrown.Diagnostics.Count);
    }

    [TestMethod]
    public void A_missing_value_is_named_none()
    {
        var (_, error) = PlatformServerOptionsValidator.Diagnose(new PlatformServerOptions { DataDirectory = null! }).Single();
        StringAssert.Contains(error.Message, "'(none)'");
    }
}
