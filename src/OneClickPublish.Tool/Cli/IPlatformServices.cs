using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Cli;

/// <summary>Where a server command goes: a running server (URL and key), or the local data folder of the embedded one.</summary>
internal sealed record ServerTarget(ServerEndpoint? Remote, string DataDirectory);

/// <summary>A deployed version of an extension and the folder that holds its files.</summary>
internal sealed record DeployedVersion(string Extension, string Version, string? DeploymentPath);

/// <summary>An embedded Platform Server started for a publish; disposing it stops it.</summary>
internal interface IEmbeddedServer : IAsyncDisposable
{
    ServerEndpoint Endpoint { get; }

    string DataDirectory { get; }

    /// <summary>The key the server created at its first start (this run), to be shown once; null on later starts.</summary>
    string? InitialApiKey { get; }

    /// <summary>The version published last on this server and where it is deployed, asked after a publish.</summary>
    Task<DeployedVersion?> LatestDeploymentAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The Platform Server side of the tool: the embedded server, <c>server</c>, <c>keys</c>,
/// <c>status</c> and <c>rollback</c>. Behind an interface so the pipeline commands are tested
/// without a server.
/// </summary>
internal interface IPlatformServices
{
    Task<IEmbeddedServer> StartEmbeddedAsync(string dataDirectory, CancellationToken cancellationToken);

    /// <summary><c>oneclick server</c>: settings from the command line over the environment over appsettings.json in the data folder.</summary>
    Task<int> RunServerAsync(IReadOnlyDictionary<string, string?> commandLineSettings, string currentDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken);

    /// <summary>Creates a key on the target: over HTTP with an admin key, or in the local data folder's database. <paramref name="extensions"/>: null for every extension.</summary>
    Task<int> CreateKeyAsync(ServerTarget target, string name, string scope, IReadOnlyList<string>? extensions, TextWriter output, CancellationToken cancellationToken);

    Task<int> ListKeysAsync(ServerTarget target, bool json, TextWriter output, CancellationToken cancellationToken);

    Task<int> RevokeKeyAsync(ServerTarget target, string name, TextWriter output, CancellationToken cancellationToken);

    /// <summary><c>oneclick server gc</c>: one clean-up of the data folder with the configuration the server would read there.</summary>
    Task<int> CollectGarbageAsync(string dataDirectory, bool dryRun, bool json, TextWriter output, CancellationToken cancellationToken);

    Task<int> StatusAsync(ServerTarget target, string? extension, bool json, TextWriter output, CancellationToken cancellationToken);

    Task<int> RollbackAsync(ServerTarget target, string extension, string version, bool json, TextWriter output, CancellationToken cancellationToken);
}
