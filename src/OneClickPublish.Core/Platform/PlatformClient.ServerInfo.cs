using System.Net;

namespace OneClickPublish.Platform;

public sealed partial class PlatformClient
{
    /// <summary>
    /// The server's version and the target frameworks it runs (<c>GET /api/v1/server</c>); null from a server
    /// older than that endpoint (<c>404</c>), which the caller then does without.
    /// </summary>
    public Task<ServerInfo?> GetServerInfoAsync(CancellationToken cancellationToken)
    {
        const string what = "Reading the server's target frameworks";
        return RunAsync<ServerInfo?>(what, needsKey: true, async ct =>
        {
            using var response = await _connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/server"), what, idempotent: true, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await _connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            return await _connection.ReadJsonAsync(response, PlatformJson.Default.ServerInfo, what, ct).ConfigureAwait(false);
        }, cancellationToken);
    }
}
