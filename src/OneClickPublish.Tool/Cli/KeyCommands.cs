using System.Globalization;
using System.Text.Json;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Security;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Cli;

/// <summary>
/// <c>oneclick keys create|list|revoke</c>: on a running server over HTTP (<c>--server</c>, an admin
/// key) through Core's <see cref="PlatformClient"/>, or on the local data folder's database through
/// <see cref="ApiKeyStore"/> (no key needed: whoever has the folder has the server). Both print the
/// same: a key is shown once, when created, and never listed.
/// </summary>
internal sealed class KeyCommands(Action<Diagnostic> warn, JsonSerializerOptions json)
{
    public async Task<int> CreateAsync(ServerTarget target, string name, string scope, IReadOnlyList<string>? extensions, TextWriter output, CancellationToken cancellationToken)
    {
        ApiKeyDescription info;
        string key;
        if (target.Remote is { } remote)
        {
            using var client = Client(remote);
            var created = await client.CreateKeyAsync(name, scope, extensions, cancellationToken).ConfigureAwait(false);
            key = created.Key ?? throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, client.Server, "the creation of a key", "the answer holds no key");
            info = new ApiKeyDescription(created.Id, created.Name, created.Scope, created.Extensions, created.CreatedAt, null);
        }
        else
        {
            if (!ApiKeyStore.TryParseScope(scope, out var parsedScope))
            {
                throw DiagnosticException.Create(ToolDiagnostics.UsageError, SourceLocation.None, $"'{scope}' is not a scope: use read, publish or admin");
            }

            using var keys = await OpenServerKeysAsync(target.DataDirectory, cancellationToken).ConfigureAwait(false);
            try
            {
                var created = await keys.CreateAsync(name, parsedScope, extensions, cancellationToken).ConfigureAwait(false);
                (info, key) = (Describe(created.Info), created.Key);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw DiagnosticException.Create(ToolDiagnostics.UsageError, SourceLocation.None, e.Message);
            }
        }

        var limited = info.Extensions is { Count: > 0 } patterns && !patterns.Contains(ApiKeyGrant.All) ? $", for {string.Join(", ", patterns)}" : string.Empty;
        await output.WriteLineAsync($"Created API key '{info.Name}' (scope {info.Scope}{limited}). It is shown once — keep it:").ConfigureAwait(false);
        await output.WriteLineAsync(key).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    public async Task<int> ListAsync(ServerTarget target, bool asJson, TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApiKeyDescription> list;
        if (target.Remote is { } remote)
        {
            using var client = Client(remote);
            list = await client.ListKeysAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var keys = await OpenServerKeysAsync(target.DataDirectory, cancellationToken).ConfigureAwait(false);
            list = [.. (await keys.ListAsync(cancellationToken).ConfigureAwait(false)).Select(Describe)];
        }

        if (asJson)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(list, json)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (list.Count == 0)
        {
            await output.WriteLineAsync("No API keys yet: the server creates one at its first start; 'oneclick keys create --name NAME' makes one.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var width = Math.Max(4, list.Max(static k => k.Name?.Length ?? 0));
        await output.WriteLineAsync($"{"Name".PadRight(width)}  Scope    Created (UTC)     Revoked (UTC)     Extensions").ConfigureAwait(false);
        foreach (var key in list)
        {
            var extensions = key.Extensions is { Count: > 0 } patterns ? string.Join(", ", patterns) : ApiKeyGrant.All;
            await output.WriteLineAsync(
                $"{(key.Name ?? "?").PadRight(width)}  {key.Scope,-7}  {Date(key.CreatedAt),-16}  {(key.RevokedAt is { } revoked ? Date(revoked) : "-"),-16}  {extensions}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    public async Task<int> RevokeAsync(ServerTarget target, string name, TextWriter output, CancellationToken cancellationToken)
    {
        if (target.Remote is { } remote)
        {
            using var client = Client(remote);
            await client.RevokeKeyAsync(name, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var keys = await OpenServerKeysAsync(target.DataDirectory, cancellationToken).ConfigureAwait(false);
            if (!await keys.RevokeAsync(name, cancellationToken).ConfigureAwait(false))
            {
                throw DiagnosticException.Create(ToolDiagnostics.KeyNotFound, SourceLocation.None, name, target.DataDirectory);
            }
        }

        await output.WriteLineAsync($"Revoked API key '{name}': requests with it are refused from now on.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private PlatformClient Client(ServerEndpoint remote) =>
        new(new PlatformClientOptions { Server = remote.Url.ToString(), ApiKey = remote.ApiKey, Retries = 1, Log = warn });

    /// <summary>
    /// The keys of the server that <c>oneclick server</c> would run on this data folder: its configuration
    /// (appsettings.json there, ONECLICK_ variables) says whether they are in SQLite or in PostgreSQL, so a
    /// key made here is one that server accepts.
    /// </summary>
    private static Task<ApiKeyStore> OpenServerKeysAsync(string dataDirectory, CancellationToken cancellationToken) =>
        ApiKeyStore.OpenAsync(dataDirectory, ServerConfiguration.ConnectionStringOf(PlatformServices.ServerOptionsFor(dataDirectory)), cancellationToken);

    /// <summary>A key of the local data folder as the server would answer it: every extension is ["*"].</summary>
    private static ApiKeyDescription Describe(ApiKeyInfo key) =>
        new(key.Id, key.Name, key.Scope.ToString().ToLowerInvariant(), [.. key.Extensions ?? [ApiKeyGrant.All]], key.CreatedAt, key.RevokedAt);

    private static string Date(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "?";
}
