using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster on a free loopback port (initdb + pg_ctl from the machine's
/// PostgreSQL packages), trust authentication, removed on dispose. As root it runs the cluster as
/// the 'postgres' user, since PostgreSQL refuses to run as root.
/// </summary>
internal sealed class TemporaryPostgres : IDisposable
{
    private readonly string _directory;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;

    private readonly int _port;

    private TemporaryPostgres(string directory, string binaries, bool asPostgresUser, int port)
    {
        _port = port;
        _directory = directory;
        _binaries = binaries;
        _asPostgresUser = asPostgresUser;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";
    }

    public string ConnectionString { get; }

    /// <summary>A connection string to a new, empty database of the cluster (with <paramref name="script"/> run in it), for data of a test's own.</summary>
    public string CreateDatabase(string? script = null)
    {
        var name = "ocp_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new Npgsql.NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The name is made here of hex digits; CREATE DATABASE takes no parameter.
            command.CommandText = $"CREATE DATABASE {name}";
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }

        var database = ConnectionString.Replace("Database=postgres", "Database=" + name, StringComparison.Ordinal);
        if (script is not null)
        {
            using var connection = new Npgsql.NpgsqlConnection(database);
            connection.Open();
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Scripts are constants or fixtures of the tests.
            command.CommandText = script;
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }

        return database;
    }

    /// <summary>Null when PostgreSQL is not installed here (the caller reports the test inconclusive).</summary>
    public static TemporaryPostgres? TryStart()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(static d => Path.Combine(d, "bin")).FirstOrDefault(static d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (binaries is null)
        {
            return null;
        }

        var asPostgresUser = Environment.UserName == "root";
        var directory = Path.Combine("/tmp", "ocp-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var postgres = new TemporaryPostgres(directory, binaries, asPostgresUser, port);
        if (asPostgresUser)
        {
            Run("chown", $"postgres {directory}");
        }

        postgres.RunTool("initdb", $"-D {directory}/data -U postgres --auth=trust -E UTF8 --no-sync");
        postgres.Start();
        return postgres;
    }

    /// <summary>Starts the cluster (again, after <see cref="Stop"/>) on the same port and data.</summary>
    public void Start() =>
        RunTool("pg_ctl", $"-D {_directory}/data -l {_directory}/log -w -t 60 -o \"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start");

    /// <summary>Stops the cluster at once, as a database that went away.</summary>
    public void Stop() => RunTool("pg_ctl", $"-D {_directory}/data -m immediate -w stop");

    public void Dispose()
    {
        try
        {
            RunTool("pg_ctl", $"-D {_directory}/data -m immediate -w stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void RunTool(string tool, string arguments)
    {
        var path = Path.Combine(_binaries, tool);
        if (_asPostgresUser)
        {
            Run("runuser", $"-u postgres -- {path} {arguments}");
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {arguments} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {output.Result} {error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
