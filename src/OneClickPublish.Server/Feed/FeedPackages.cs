using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Feed.Packaging;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Feed;

/// <summary>A version's package in the blob store: where it is and how large.</summary>
internal sealed record StoredPackage(string Path, long Size, string Sha256);

/// <summary>
/// The package of each version, built once on its first request and kept: a blob referenced by the
/// <c>packages</c> table. A version is immutable and its package deterministic, so it is never built again
/// (on this node one build at a time per version; two nodes racing build the same bytes and the first row
/// holds). The package blob is found through the version, so a deleted version's package is gone from the feed.
/// </summary>
internal sealed class FeedPackages(IMetadataStore store, BlobStore blobs, IXifInspector inspector, ILogger logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _building = new(StringComparer.Ordinal);
    private readonly ExtensionPackageBuilder _builder = new(blobs);

    /// <summary>The version's package, built now when it never was; throws <see cref="PackageNotBuiltException"/> when its files are missing.</summary>
    public async Task<StoredPackage> GetOrBuildAsync(ExtensionRecord extension, VersionRecord version, CancellationToken ct)
    {
        if (await FindAsync(version, ct).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        var gate = _building.GetOrAdd($"{version.NameKey}/{version.Version}", static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Built by the request this one waited for.
            return await FindAsync(version, ct).ConfigureAwait(false) ?? await BuildAsync(extension, version, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<StoredPackage?> FindAsync(VersionRecord version, CancellationToken ct)
    {
        var record = await store.GetPackageAsync(version.NameKey, version.Version, ct).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var path = blobs.PathOf(record.Sha256);
        return File.Exists(path) ? new StoredPackage(path, record.Size, record.Sha256) : null;
    }

    private async Task<StoredPackage> BuildAsync(ExtensionRecord extension, VersionRecord version, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var definition = inspector.ReadDefinition(version.DefinitionXml, new DiagnosticBag())
            ?? throw new PackageNotBuiltException(extension.Name, version.Version, "its stored definition cannot be read");
        var files = await store.GetVersionFilesAsync(version.NameKey, version.Version, ct).ConfigureAwait(false);
        var temporary = blobs.NewTemporaryPath();
        string sha256;
        long size;
        try
        {
            _builder.Build(new PackageSource(extension.Name, version.Version, definition, version.DefinitionXml, files), temporary);
            using (var written = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, ct).ConfigureAwait(false));
                size = written.Length;
            }

            blobs.Adopt(sha256, temporary);
        }
        catch (FileNotFoundException e)
        {
            File.Delete(temporary);
            throw new PackageNotBuiltException(extension.Name, version.Version, e.Message);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        var recorded = await store.AddPackageAsync(new PackageRecord(version.NameKey, version.Version, sha256, size, DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
        logger.LogInformation("Package {Extension} {Version} built in {DurationMs} ms: {Size} bytes, blob {Sha256}",
            extension.Name, version.Version, clock.ElapsedMilliseconds, size, sha256);
        return new StoredPackage(blobs.PathOf(recorded.Sha256), recorded.Size, recorded.Sha256);
    }
}

/// <summary>A version's package cannot be built: a file it was published with is gone from the blob store (OCP5302).</summary>
internal sealed class PackageNotBuiltException(string extension, string version, string reason)
    : Exception($"The package of '{extension}' {version} cannot be built: {reason}")
{
    public string Extension { get; } = extension;

    public string Version { get; } = version;

    public string Reason { get; } = reason;
}
