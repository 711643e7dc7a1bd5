using Microsoft.Extensions.Diagnostics.HealthChecks;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Health;

/// <summary>The metadata store answers a query (SQLite's file or PostgreSQL's server).</summary>
internal sealed class DatabaseHealthCheck(IMetadataStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // The keys' count: a real round trip on the table every request needs.
            await store.CountKeysAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the metadata database does not answer", e);
        }
    }
}
