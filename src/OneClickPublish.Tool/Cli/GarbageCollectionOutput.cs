using System.Globalization;
using System.Text.Json;
using OneClickPublish.Server;
using OneClickPublish.Server.Retention;

namespace OneClickPublish.Tool.Cli;

/// <summary>What <c>oneclick server gc</c> prints: a few lines for a person, or one JSON object with --json.</summary>
internal static class GarbageCollectionOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(GarbageCollectionReport report, PlatformServerOptions options, bool json, TextWriter output)
    {
        var retention = options.Retention;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                dataDirectory = Path.GetFullPath(options.DataDirectory),
                report.DryRun,
                keepVersions = retention.KeepVersions,
                operationMaxAge = retention.OperationMaxAge.ToString("c", CultureInfo.InvariantCulture),
                blobGracePeriod = retention.BlobGracePeriod.ToString("c", CultureInfo.InvariantCulture),
                versions = report.Versions.Select(static v => new { extension = v.Extension, version = v.Version, publishedAt = v.PublishedAt }),
                operations = report.Operations,
                blobs = report.Blobs,
                blobBytes = report.BlobBytes,
                blobsScanned = report.BlobsScanned,
                durationMs = (long)report.Duration.TotalMilliseconds,
            }, Json)).ConfigureAwait(false);
            return;
        }

        var verb = report.DryRun ? "would be removed" : "removed";
        await output.WriteLineAsync($"Clean-up of {Path.GetFullPath(options.DataDirectory)}{(report.DryRun ? " (dry run: nothing was removed)" : string.Empty)}").ConfigureAwait(false);
        if (retention.KeepVersions == 0)
        {
            await output.WriteLineAsync("Versions: all kept (Server:Retention:KeepVersions is 0)").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Versions beyond Server:Retention:KeepVersions ({retention.KeepVersions}), {verb}: {report.Versions.Count}").ConfigureAwait(false);
            foreach (var version in report.Versions)
            {
                await output.WriteLineAsync($"  {version.Extension} {version.Version}  published {version.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync(retention.OperationMaxAge == TimeSpan.Zero
            ? "Operations: all kept (Server:Retention:OperationMaxAge is 0)"
            : $"Operations finished more than {retention.OperationMaxAge.ToString("c", CultureInfo.InvariantCulture)} ago, {verb}: {report.Operations}").ConfigureAwait(false);
        await output.WriteLineAsync($"Blobs no version uses, {verb}: {report.Blobs} of {report.BlobsScanned} ({Size(report.BlobBytes)})").ConfigureAwait(false);
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1024.0 / 1024 / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}
