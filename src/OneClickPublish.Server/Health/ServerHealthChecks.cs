using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Health;

/// <summary>
/// <c>/health/live</c> (the process answers: no check runs) and <c>/health/ready</c> (the database
/// answers a query, the data folder takes a file, its disk has the configured free space), with the
/// standard ASP.NET Core health checks. Anonymous, so a load balancer can ask; the answer is only
/// <c>{"status":"Healthy|Degraded|Unhealthy"}</c>. What failed and why goes to the server's log, never
/// to the caller.
/// </summary>
internal static class ServerHealthChecks
{
    private const string ReadyTag = "ready";

    public static void Add(IServiceCollection services, IMetadataStore store, string dataDirectory, long minFreeDiskBytes)
    {
        services.AddHealthChecks()
            .AddCheck("database", new DatabaseHealthCheck(store), HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck("data-folder", new DataFolderHealthCheck(dataDirectory), HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck("free-disk", new FreeDiskHealthCheck(dataDirectory, minFreeDiskBytes), HealthStatus.Unhealthy, [ReadyTag]);
    }

    public static void Map(IEndpointRouteBuilder app, ILogger logger)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = WriteAsync(logger) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = static r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync(logger) });
    }

    private static Func<HttpContext, HealthReport, Task> WriteAsync(ILogger logger) => (context, report) =>
    {
        foreach (var (name, entry) in report.Entries.Where(static e => e.Value.Status != HealthStatus.Healthy))
        {
            logger.LogWarning(entry.Exception, "Health check {Check} is {Status}: {Description}", name, entry.Status, entry.Description ?? "(no description)");
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }), context.RequestAborted);
    };
}
