using System.Text.Json;
using OneClickPublish.Server.Security;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// Published extensions used in other projects through the Platform Server's NuGet feed, with the real NuGet
/// client of the SDK (`dotnet add package`, `dotnet restore`, `dotnet list package`, `dotnet package search`)
/// against the shared server process: extensions published by `dotnet build -t:OneClickPublish`, consumers
/// with a nuget.config and a read key, as a team sets them up (docs/feed.md).
/// </summary>
[TestClass]
public sealed class FeedEndToEndTests
{
    private const string Hello = "FeedHello";
    private const string HelloProgram = """
        new FeedHello.FeedHelloActions().SayHello("Feed", 2, out var greeting);
        System.Console.WriteLine(greeting);
        """;

    private static string _readKey = string.Empty;

    private static ServerProcess Server => SharedServer.Server;

    [ClassInitialize]
    public static void PublishAnExtensionAndCreateAReadKey(TestContext context)
    {
        _ = context;
        var published = SharedServer.Publish(SampleProject.Hello(Hello), Server);
        Assert.IsTrue(published.Succeeded, published + Server.Output);
        using var keys = ApiKeyStore.OpenAsync(Server.DataDirectory).GetAwaiter().GetResult();
        _readKey = keys.CreateAsync("feed-reader", ApiKeyScope.Read).GetAwaiter().GetResult().Key;
    }

    [TestMethod]
    public void A_console_project_adds_the_extension_from_the_feed_with_a_read_key_and_runs_an_action()
    {
        var consumer = FeedConsumer.Create(Server, _readKey, "net10.0", HelloProgram, Hello);

        var add = consumer.Dotnet("add", "package", Hello);
        var run = consumer.Dotnet("run");

        Assert.IsTrue(add.Succeeded, add + Server.Output);
        StringAssert.Contains(add.Output, $"PackageReference for package '{Hello}' version '1.0.0' added");
        Assert.IsTrue(run.Succeeded, run.ToString());
        StringAssert.Contains(run.Output, "Hello, Feed! Hello, Feed!");
        CollectionAssert.IsSubsetOf(
            new[] { $"{Hello}.nuspec", "README.md", "extension.xml", "lib/net10.0/HelloExtension.dll", "lib/net10.0/HelloExtension.xml" },
            consumer.PackageEntries(Hello, "1.0.0").ToList());
        StringAssert.Contains(consumer.ReadPackageFile(Hello, "1.0.0", "lib/net10.0/HelloExtension.xml"),
            "<member name=\"M:FeedHello.FeedHelloActions.SayHello(System.String,System.Int32,System.String@)\">");
        StringAssert.Contains(Server.Output, "GET /nuget/v3/flat/feedhello/1.0.0/feedhello.1.0.0.nupkg 200", "the package came from the feed, with the key of the request logged");
    }

    [TestMethod]
    public void A_key_the_server_does_not_know_gets_401_and_the_restore_fails_with_NuGets_own_message()
    {
        var consumer = FeedConsumer.Create(Server, _readKey, "net10.0", HelloProgram, Hello);
        Assert.IsTrue(consumer.Dotnet("add", "package", Hello, "--no-restore").Succeeded);

        var restore = consumer.DotnetWithKey("ocp_0123456789abcdef_not-a-key-of-this-server", "restore");

        Assert.IsFalse(restore.Succeeded, restore.ToString());
        StringAssert.Contains(restore.Output, "error NU1301");
        StringAssert.Contains(restore.Output, "401 (Unauthorized)");
        Assert.IsFalse(Directory.Exists(Path.Combine(consumer.PackagesFolder, Hello.ToLowerInvariant())), "nothing was restored");
    }

    [TestMethod]
    public void A_key_granted_another_extension_cannot_see_this_one()
    {
        string otherKey;
        using (var keys = ApiKeyStore.OpenAsync(Server.DataDirectory).GetAwaiter().GetResult())
        {
            otherKey = keys.CreateAsync("feed-maps-only", ApiKeyScope.Read, ["Maps*"]).GetAwaiter().GetResult().Key;
        }

        var consumer = FeedConsumer.Create(Server, _readKey, "net10.0", HelloProgram, Hello);
        Assert.IsTrue(consumer.Dotnet("add", "package", Hello, "--no-restore").Succeeded);

        var restore = consumer.DotnetWithKey(otherKey, "restore");
        var search = consumer.DotnetWithKey(otherKey, "package", "search", Hello, "--source", "team", "--format", "json");

        Assert.IsFalse(restore.Succeeded, restore.ToString());
        StringAssert.Contains(restore.Output, "error NU1101", "NuGet's own 'unable to find package': the feed does not say the name exists");
        Assert.IsFalse(Directory.Exists(Path.Combine(consumer.PackagesFolder, Hello.ToLowerInvariant())), "nothing was restored");
        Assert.IsFalse(search.Output.Contains($"\"{Hello}\"", StringComparison.Ordinal), search.ToString());
    }

    [TestMethod]
    public void Search_finds_the_extension_by_name_and_by_a_word_of_its_description()
    {
        var consumer = FeedConsumer.Create(Server, _readKey, "net10.0", HelloProgram, Hello);

        var byName = Search(consumer, Hello);
        var byDescription = Search(consumer, "greeted");

        CollectionAssert.Contains(byName, $"{Hello} 1.0.0");
        CollectionAssert.Contains(byDescription, $"{Hello} 1.0.0", "the sample's description: 'Greets people and keeps a list of greeted customers.'");
        CollectionAssert.DoesNotContain(Search(consumer, "no-extension-is-described-like-this"), $"{Hello} 1.0.0");
    }

    [TestMethod]
    public void A_newer_version_shows_as_outdated_and_taking_a_breaking_one_fails_the_consumer_s_compile_on_exactly_the_removed_action()
    {
        const string name = "FeedBreak";
        var extension = SampleProject.Hello(name);
        Assert.IsTrue(SharedServer.Publish(extension, Server).Succeeded, Server.Output);
        var consumer = FeedConsumer.Create(Server, _readKey, "net10.0", $$"""
            var actions = new {{name}}.{{name}}Actions();
            actions.SayHello("Feed", 1, out var greeting);
            actions.Describe(new {{name}}.Person { Name = "Ada" }, out var text);
            System.Console.WriteLine(greeting + " " + text);
            """, name);
        Assert.IsTrue(consumer.Dotnet("add", "package", name, "--version", "1.0.0").Succeeded);
        Assert.IsTrue(consumer.Dotnet("build", "-nologo", "-v:q").Succeeded, "1.0.0 has both actions");

        // 2.0.0 removes Describe: a breaking change, so a major version.
        extension.EditDefinition(xml => System.Text.RegularExpressions.Regex.Replace(
            xml.Replace("Version=\"1.0.0\"", "Version=\"2.0.0\"", StringComparison.Ordinal), "<Action Name=\"Describe\".*?</Action>", string.Empty, System.Text.RegularExpressions.RegexOptions.Singleline));
        extension.Edit(Path.Combine(extension.Directory, $"{name}Actions.cs"), code => code[..code.IndexOf("    [ActionKey(\"act-describe\")]", StringComparison.Ordinal)].TrimEnd() + "\n}\n");
        var breaking = SharedServer.Publish(extension, Server, "-p:Version=2.0.0");
        Assert.IsTrue(breaking.Succeeded, breaking + Server.Output);

        var outdated = consumer.Dotnet("list", "package", "--outdated");
        var update = consumer.Dotnet("add", "package", name, "--version", "2.0.0");
        var build = consumer.Dotnet("build", "-nologo", "-v:q");

        Assert.IsTrue(outdated.Succeeded, outdated.ToString());
        StringAssert.Matches(outdated.Output, new System.Text.RegularExpressions.Regex($@">\s+{name}\s+1\.0\.0\s+1\.0\.0\s+2\.0\.0"));
        Assert.IsTrue(update.Succeeded, update.ToString());
        Assert.IsFalse(build.Succeeded, build.ToString());
        var errors = SampleProject.Diagnostics(build).Where(static d => d.Severity == "error").ToList();
        Assert.IsTrue(errors.Count > 0 && errors.All(static e => e.Code == "CS1061" && e.Message.Contains("'Describe'", StringComparison.Ordinal)),
            "the compiler names the removed action, and nothing else: " + build);

        // A rollback changes the active version on the server, not the feed: both versions stay, immutable.
        using (var client = SharedServer.Client(Server))
        {
            client.RollbackAsync(name, "1.0.0", CancellationToken.None).GetAwaiter().GetResult();
        }

        var versions = Search(consumer, name, exactMatch: true);
        CollectionAssert.AreEquivalent(new[] { $"{name} 1.0.0", $"{name} 2.0.0" }, versions);
    }

    [TestMethod]
    public void A_NET_Framework_extension_restores_into_a_net48_consumer_from_lib_net48()
    {
        const string name = "FeedLegacy";
        Assert.IsTrue(SharedServer.Publish(SampleProject.Legacy(name, static project => project), Server).Succeeded, Server.Output);
        var consumer = FeedConsumer.Create(Server, _readKey, "net48", LegacyProgram(name), name);

        var add = consumer.Dotnet("add", "package", name);
        var build = consumer.Dotnet("build", "-nologo", "-v:q");

        Assert.IsTrue(add.Succeeded, add.ToString());
        Assert.IsTrue(build.Succeeded, build.ToString());
        var entries = consumer.PackageEntries(name, "1.0.0");
        CollectionAssert.IsSubsetOf(new[] { "lib/net48/LegacyExtension.dll", "lib/net48/LegacyExtension.xml" }, entries.ToList());
        Assert.IsFalse(entries.Any(static e => e.StartsWith("lib/net8", StringComparison.Ordinal)), string.Join(", ", entries));
    }

    [TestMethod]
    public void A_multi_targeted_extension_s_package_carries_each_framework_and_a_NET_consumer_runs_its_NET_build()
    {
        const string name = "FeedMulti";
        Assert.IsTrue(SharedServer.Publish(SampleProject.LegacyMultiTargeted(name), Server).Succeeded, Server.Output);
        var consumer = FeedConsumer.Create(Server, _readKey, "net10.0", LegacyProgram(name), name);

        var add = consumer.Dotnet("add", "package", name);
        var run = consumer.Dotnet("run");

        Assert.IsTrue(add.Succeeded, add.ToString());
        Assert.IsTrue(run.Succeeded, run.ToString());
        StringAssert.Contains(run.Output, "&lt;b&gt;");
        CollectionAssert.IsSubsetOf(
            new[] { "lib/net48/LegacyExtension.dll", "lib/net48/LegacyExtension.xml", "lib/net8.0/LegacyExtension.dll", "lib/net8.0/LegacyExtension.xml" },
            consumer.PackageEntries(name, "1.0.0").ToList());
    }

    private static string LegacyProgram(string name) => $$"""
        class Program
        {
            static void Main()
            {
                string encoded;
                new LegacyExtension.{{name}}Actions().HtmlEncode("<b>", out encoded);
                System.Console.WriteLine(encoded);
            }
        }
        """;

    /// <summary>`dotnet package search` on the feed: "id version" of each package found (every version with --exact-match).</summary>
    private static List<string> Search(FeedConsumer consumer, string term, bool exactMatch = false)
    {
        var result = consumer.Dotnet(["package", "search", term, "--source", "team", "--format", "json", "--prerelease", .. exactMatch ? new[] { "--exact-match" } : []]);
        Assert.IsTrue(result.Succeeded, result.ToString());
        using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]);
        return [.. json.RootElement.GetProperty("searchResult").EnumerateArray()
            .SelectMany(static source => source.GetProperty("packages").EnumerateArray())
            .Select(static p => $"{p.GetProperty("id").GetString()} {(p.TryGetProperty("latestVersion", out var latest) ? latest : p.GetProperty("version")).GetString()}")];
    }
}
