using Npgsql;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// One throw-away PostgreSQL cluster for the whole test run, started by the first test class that asks
/// for a database (initdb and a start take seconds: each class starting its own cluster took them once
/// per class) and stopped when the run ends. Every class, or test that needs fresh data (a first key),
/// has a database of its own in it. <see cref="PostgresHealthTests"/> keeps a cluster of its own: it stops it.
/// </summary>
[TestClass]
public static class SharedPostgres
{
    private static readonly Lazy<(TemporaryPostgres? Cluster, string Unavailable)> Cluster = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new, empty database (with <paramref name="script"/> run in it); fails the test, saying why, when there is no PostgreSQL here.</summary>
    public static string CreateDatabase(string? script = null)
    {
        var (cluster, unavailable) = Cluster.Value;
        if (cluster is null)
        {
            Assert.Fail(unavailable + " (CI installs it with .ci/postgres.sh; apt-get install postgresql does it here.)");
        }

        return cluster.CreateDatabase(script);
    }

    [AssemblyCleanup]
    public static void StopCluster()
    {
        if (Cluster.IsValueCreated && Cluster.Value.Cluster is { } cluster)
        {
            NpgsqlConnection.ClearAllPools();
            cluster.Dispose();
        }
    }

    private static (TemporaryPostgres?, string) Start()
    {
        try
        {
            return TemporaryPostgres.TryStart() is { } cluster ? (cluster, string.Empty) : (null, "PostgreSQL is not installed on this machine.");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return (null, "A temporary PostgreSQL cluster could not be started here: " + e.Message);
        }
    }
}
