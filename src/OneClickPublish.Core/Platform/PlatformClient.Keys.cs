using System.Net;
using System.Net.Http;
using System.Net.Http.Json;

namespace OneClickPublish.Platform;

/// <summary>The API keys of a server, managed over HTTP (<c>/api/v1/keys</c>) with an admin key.</summary>
public sealed partial class PlatformClient
{
    /// <summary>
    /// Creates a key named <paramref name="name"/> with <paramref name="scope"/> (read, publish or admin),
    /// limited to <paramref name="extensions"/> (patterns such as Geo*; null for every extension). The
    /// answer holds the key itself, this once.
    /// </summary>
    public Task<NewApiKey> CreateKeyAsync(string name, string scope, IReadOnlyList<string>? extensions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var what = $"Creating the API key '{name}'";
        return RunAsync(what, needsKey: true, async ct =>
        {
            // Not sent again once it reached the server: a second key would be made (or the name refused).
            using var response = await _connection.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, "api/v1/keys")
                {
                    Content = JsonContent.Create(new CreateApiKeyRequest(name, scope, extensions), PlatformJson.Default.CreateApiKeyRequest),
                },
                what,
                idempotent: false,
                ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw await _connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            return await _connection.ReadJsonAsync(response, PlatformJson.Default.NewApiKey, what, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>The server's keys, revoked ones included; never a key itself.</summary>
    public Task<IReadOnlyList<ApiKeyDescription>> ListKeysAsync(CancellationToken cancellationToken)
    {
        const string what = "Listing the API keys";
        return RunAsync<IReadOnlyList<ApiKeyDescription>>(
            what,
            needsKey: true,
            async ct => await _connection.GetJsonAsync("api/v1/keys", PlatformJson.Default.ListApiKeyDescription, what, ct).ConfigureAwait(false),
            cancellationToken);
    }

    /// <summary>Revokes the key with this name (a key not revoked) or id.</summary>
    public Task RevokeKeyAsync(string nameOrId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrId);
        var what = $"Revoking the API key '{nameOrId}'";
        return RunAsync(what, needsKey: true, async ct =>
        {
            // Not sent again once it reached the server: the second would be refused as already revoked.
            using var response = await _connection.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Delete, $"api/v1/keys/{Uri.EscapeDataString(nameOrId)}"),
                what,
                idempotent: false,
                ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw await _connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);
    }
}
