using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Settings read the way oneclick server reads them (the Tool tests run it as a process), at their
/// edges: a single value given as a list, an unknown setting named with where it came from, a
/// connection string file that is empty or not a file; and the server's log in each format.
/// </summary>
[TestClass]
public sealed class ServerConfigurationEdgeTests
{
    [TestMethod]
    public void A_single_setting_given_as_a_list_is_refused_and_a_secret_s_values_are_not_shown()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:NodeName:0"] = "a",
            ["Server:NodeName:1"] = "b",
            ["Server:ConnectionString:0"] = "Host=db;Password=hunter2",
            ["Server:ConnectionString:1"] = "Host=db2;Password=hunter3",
        }).Build();

        var refused = Assert.ThrowsExactly<ServerConfigurationException>(() => ServerConfiguration.Bind(configuration, new PlatformServerOptions { DataDirectory = "data" }));

        var messages = refused.Diagnostics.Select(static d => d.Message).ToList();
        Assert.AreEqual(2, messages.Count, "each setting once, not again for each item of its list: " + string.Join('\n', messages));
        Assert.IsTrue(refused.Diagnostics.All(static d => d.Code == "OCP5230"));
        Assert.IsTrue(messages.Any(static m => m.Contains("Server:NodeName", StringComparison.Ordinal) && m.Contains("'a, b'", StringComparison.Ordinal) && m.Contains("a single value", StringComparison.Ordinal)));
        Assert.IsTrue(messages.Any(static m => m.Contains("Server:ConnectionString", StringComparison.Ordinal) && m.Contains("(a secret, not shown)", StringComparison.Ordinal)));
        Assert.IsFalse(string.Join('\n', messages).Contains("hunter", StringComparison.Ordinal), "a secret's value is not in an error");
    }

    [TestMethod]
    public void An_unknown_setting_is_named_with_its_source()
    {
        var data = Directory.CreateTempSubdirectory("ocp-settings-").FullName;
        try
        {
            var root = ServerConfiguration.Build(new Dictionary<string, string?> { ["Server:DataDirectory"] = data, ["Server:MaxUploadByte"] = "5" }, "unused", data);
            var fromCommandLine = Assert.ThrowsExactly<ServerConfigurationException>(() => ServerConfiguration.Bind(root, new PlatformServerOptions())).Diagnostics.Single();
            Assert.AreEqual("OCP5233", fromCommandLine.Code);
            StringAssert.Contains(fromCommandLine.Message, "Server:MaxUploadByte");
            StringAssert.Contains(fromCommandLine.Message, "the command line");

            // One error for one misspelt key: not a second one for the section above it.
            var nested = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Server:DataDirectory"] = data, ["Server:Limits:Max"] = "1" }).Build();
            var error = Assert.ThrowsExactly<ServerConfigurationException>(() => ServerConfiguration.Bind(nested, new PlatformServerOptions())).Diagnostics.Single();
            Assert.AreEqual("There is no server setting Server:Limits:Max (set in the command line)", error.Message);

            // Configuration that is no root (a section of an application's own) cannot say which source a key came from.
            var embedded = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["App:Server:DataDirectory"] = data, ["App:Server:NodeNam"] = "x" }).Build().GetSection("App");
            var fromSection = Assert.ThrowsExactly<ServerConfigurationException>(() => ServerConfiguration.Bind(embedded, new PlatformServerOptions())).Diagnostics.Single();
            Assert.AreEqual("OCP5233", fromSection.Code);
            StringAssert.Contains(fromSection.Message, "the configuration");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [TestMethod]
    public void A_connection_string_file_that_is_empty_or_a_folder_is_refused_with_OCP5231()
    {
        var folder = Directory.CreateTempSubdirectory("ocp-secret-").FullName;
        try
        {
            var empty = Path.Combine(folder, "empty");
            File.WriteAllText(empty, "\n");
            var emptyError = Assert.ThrowsExactly<ServerConfigurationException>(() =>
                ServerConfiguration.ConnectionStringOf(new PlatformServerOptions { PostgresConnectionStringFile = empty })).Diagnostics.Single();
            Assert.AreEqual("OCP5231", emptyError.Code);
            StringAssert.Contains(emptyError.Message, "it is empty");

            var notAFile = Assert.ThrowsExactly<ServerConfigurationException>(() =>
                ServerConfiguration.ConnectionStringOf(new PlatformServerOptions { PostgresConnectionStringFile = folder })).Diagnostics.Single();
            Assert.AreEqual("OCP5231", notAFile.Code);
            StringAssert.Contains(notAFile.Message, folder);

            var secret = Path.Combine(folder, "secret");
            File.WriteAllText(secret, "Host=db;Username=ocp\n");
            Assert.AreEqual("Host=db;Username=ocp", ServerConfiguration.ConnectionStringOf(new PlatformServerOptions { PostgresConnectionStringFile = secret }), "the mounted secret's line feed is not part of it");
            Assert.IsNull(ServerConfiguration.ConnectionStringOf(new PlatformServerOptions { PostgresConnectionString = " " }), "blank is SQLite");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow(ServerLogFormat.Json)]
    [DataRow(ServerLogFormat.Console)]
    public async Task The_log_goes_to_standard_output_in_its_format_and_the_Logging_section_refines_its_levels(ServerLogFormat format)
    {
        using var output = new StringWriter();
        var original = System.Console.Out;
        System.Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            // The console logger takes standard output when the server starts, and writes it out when the server stops.
            var logging = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:OneClickPublish.Server.Requests"] = "Warning" }).Build();
            await using var fixture = await ServerFixture.StartAsync(o =>
            {
                o.LogFormat = format;
                o.Configuration = logging;
            });
            Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Logged", "1.0.0").Build())).State);
        }
        finally
        {
            System.Console.SetOut(original);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var published = lines.Where(static l => l.Contains("Logged 1.0.0 is active", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, published.Count, output.ToString());
        Assert.IsFalse(lines.Any(static l => l.Contains("/api/v1/uploads", StringComparison.Ordinal)), "request lines are under Warning here");
        if (format == ServerLogFormat.Json)
        {
            using var line = JsonDocument.Parse(published[0]);
            Assert.AreEqual("OneClickPublish.Server", line.RootElement.GetProperty("Category").GetString());
            Assert.AreEqual("Information", line.RootElement.GetProperty("LogLevel").GetString());
            StringAssert.EndsWith(line.RootElement.GetProperty("Timestamp").GetString(), "Z");
        }
        else
        {
            StringAssert.Matches(published[0], new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: OneClickPublish\.Server\[0\] Publish "));
        }
    }
}
