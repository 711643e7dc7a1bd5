using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tool.Cli;

/// <summary>The Platform Server side of the tool, over OneClickPublish.Server's PlatformServer and Core's PlatformClient.</summary>
internal sealed class PlatformServices : IPlatformServices
{
    // Wired to OneClickPublish.Server once it is on main (issue #3); until then every call says so.
    private static DiagnosticException NotAvailable() =>
        DiagnosticException.Create(ToolDiagnostics.EmbeddedServerFailed, SourceLocation.None, "this build of oneclick has no Platform Server yet; publish with --server");

    public Task<IEmbeddedServer> StartEmbeddedAsync(string dataDirectory, CancellationToken cancellationToken) => throw NotAvailable();

    public Task<int> RunServerAsync(string dataDirectory, string? urls, TextWriter output, CancellationToken cancellationToken) => throw NotAvailable();

    public Task<int> CreateKeyAsync(string dataDirectory, string name, string scope, TextWriter output, CancellationToken cancellationToken) => throw NotAvailable();

    public Task<int> ListKeysAsync(string dataDirectory, bool json, TextWriter output, CancellationToken cancellationToken) => throw NotAvailable();

    public Task<int> RevokeKeyAsync(string dataDirectory, string name, TextWriter output, CancellationToken cancellationToken) => throw NotAvailable();

    public Task<int> StatusAsync(ServerTarget target, string? extension, bool json, TextWriter output, CancellationToken cancellationToken) => throw NotAvailable();

    public Task<int> RollbackAsync(ServerTarget target, string extension, string version, bool json, TextWriter output, CancellationToken cancellationToken) => throw NotAvailable();
}
