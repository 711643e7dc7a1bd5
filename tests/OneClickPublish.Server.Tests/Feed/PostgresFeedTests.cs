using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests.Feed;

/// <summary>
/// The feed of two nodes sharing one PostgreSQL database and one data directory: the package one node
/// built is the one the other serves, from the same blob, without building it again. Needs Debian's
/// PostgreSQL packages (initdb, pg_ctl), as <see cref="PostgresTests"/>.
/// </summary>
[TestClass]
public sealed class PostgresFeedTests
{
    /// <summary>The class's database in the run's cluster (<see cref="SharedPostgres"/>).</summary>
    private static string _database = string.Empty;

    [ClassInitialize]
    public static void CreateDatabase(TestContext context)
    {
        _ = context;
        _database = SharedPostgres.CreateDatabase();
    }

    [TestMethod]
    public async Task The_package_one_node_built_is_served_by_the_other_without_a_second_build()
    {
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var logA = new CapturedLog();
        var logB = new CapturedLog();
        await using var nodeA = await ServerFixture.StartAsync(o =>
        {
            o.PostgresConnectionString = _database;
            o.NodeName = "node-a";
            o.ConfigureLogging = logA.AddTo;
        }, shared);
        await using var nodeB = await ServerFixture.StartWithKeyAsync(new PlatformServerOptions
        {
            DataDirectory = shared,
            PostgresConnectionString = _database,
            NodeName = "node-b",
            ConfigureLogging = logB.AddTo,
        }, nodeA.Key);
        Assert.AreEqual("succeeded", (await nodeA.PublishAsync(FeedFixtures.GeoXif())).State);

        var fromA = await Basic(nodeA).GetByteArrayAsync("/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg");
        var fromB = await Basic(nodeB).GetByteArrayAsync("/nuget/v3/flat/geo/1.0.0/geo.1.0.0.nupkg");

        CollectionAssert.AreEqual(fromA, fromB);
        StringAssert.Contains(logA.Text, "Package Geo 1.0.0 built");
        Assert.IsFalse(logB.Text.Contains("Package Geo 1.0.0 built", StringComparison.Ordinal), "node B found the package node A recorded");
    }

    private static HttpClient Basic(ServerFixture node)
    {
        var client = node.NewClient(key: null);
        client.DefaultRequestHeaders.Authorization = FeedFixtures.Basic(node.Key);
        return client;
    }
}
