using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OneClickPublish.Server.Health;

/// <summary>
/// The data folder's disk has at least the configured free space: a publish copies blobs and builds a
/// deployment, so a nearly full disk fails publishes half-way; better to take the node out first.
/// </summary>
internal sealed class FreeDiskHealthCheck(string dataDirectory, long minFreeBytes) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var free = new DriveInfo(dataDirectory).AvailableFreeSpace;
            return Task.FromResult(free >= minFreeBytes
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{free} bytes free on the data folder's disk, less than Server:Health:MinFreeDiskBytes ({minFreeBytes})"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the free space of the data folder's disk cannot be read", e));
        }
    }
}
