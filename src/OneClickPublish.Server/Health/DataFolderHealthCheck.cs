using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OneClickPublish.Server.Health;

/// <summary>The data folder takes a new file: uploads, blobs and deployments are all written there.</summary>
internal sealed class DataFolderHealthCheck(string dataDirectory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(dataDirectory, $".health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken).ConfigureAwait(false);
            File.Delete(probe);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"the data folder {dataDirectory} is not writable", e);
        }
    }
}
