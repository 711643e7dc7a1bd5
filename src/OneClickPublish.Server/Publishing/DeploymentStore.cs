using System.Text.Json;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Publishing;

/// <summary>
/// <c>deployments/{Name}/{version}/</c>: one immutable folder per version, built in
/// <c>.staging-{operation}</c> and renamed into place when complete, and <c>active.json</c>, the
/// pointer to the active version, replaced by temp + rename. The database is the source of truth
/// for what is active; active.json follows it and is rewritten from it at every start, so a kill
/// between the two leaves nothing inconsistent.
/// </summary>
internal sealed class DeploymentStore
{
    public const string ActiveFileName = "active.json";
    private const string StagingPrefix = ".staging-";
    private const string DeletedPrefix = ".deleted-";
    private readonly string _root;

    public DeploymentStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(root);
    }

    public string VersionPath(string name, string version) => Path.Combine(_root, name, version);

    /// <summary>
    /// Where a version's folder recorded in the database is today: under this server's deployments
    /// folder. The database holds the full path it was deployed to, which goes stale when the data
    /// folder is moved or restored elsewhere, or mounted at another path on another node; its last
    /// two segments ({Name}/{version}) are what names the folder.
    /// </summary>
    public string Resolve(string recordedPath)
    {
        var segments = recordedPath.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        return segments.Length < 2 ? recordedPath : VersionPath(segments[^2], segments[^1]);
    }

    /// <summary>Builds the version's folder from the blobs the publish pinned and moves it into place; returns its path.</summary>
    public async Task<string> DeployAsync(string name, string version, string operationId, IReadOnlyList<XifFile> files, BlobPins blobs, CancellationToken ct)
    {
        var staging = Path.Combine(_root, name, StagingPrefix + operationId);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        try
        {
            Directory.CreateDirectory(staging);
            var stagingRoot = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
            foreach (var file in files.Where(static f => f.Deploy))
            {
                ct.ThrowIfCancellationRequested();
                var destination = Path.GetFullPath(Path.Combine(staging, file.Path));
                if (!destination.StartsWith(stagingRoot, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"The entry '{file.Path}' would be written outside the version's folder.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                blobs.Materialize(file.Sha256, destination);
            }

            // Yield once so that a stop requested during a long extraction is seen before the switch.
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            var final = VersionPath(name, version);
            if (Directory.Exists(final))
            {
                // Left by a publish of this version that was interrupted before it was registered: not in use.
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(staging, final);
            return final;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // A failed deploy leaves nothing behind (a stop or a kill is cleaned at the next start instead).
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// Moves a deleted version's folder out of the way (<c>.deleted-{id}</c>, which the next start removes
    /// if this run does not); null when it is not there. Its files are hard links to blobs: removing them
    /// frees no space until the blob collector removes the blobs no version references.
    /// </summary>
    public string? Detach(string name, string version)
    {
        var folder = VersionPath(name, version);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var detached = Path.Combine(_root, name, DeletedPrefix + Guid.NewGuid().ToString("N"));
        Directory.Move(folder, detached);
        return detached;
    }

    /// <summary>Puts back a folder <see cref="Detach"/> moved, when the deletion did not commit.</summary>
    public void Reattach(string detached, string name, string version) => Directory.Move(detached, VersionPath(name, version));

    /// <summary>Removes a detached folder; false (and it stays for the next start) when a file in it is held.</summary>
    public static bool RemoveDetached(string detached)
    {
        try
        {
            Directory.Delete(detached, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void WriteActive(string name, string version)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{ActiveFileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(new ActivePointer(version, VersionPath(name, version), DateTimeOffset.UtcNow)));
        File.Move(temp, Path.Combine(folder, ActiveFileName), overwrite: true);
    }

    /// <summary>
    /// Brings the folders in line with the database after a stop at any point: removes staging
    /// folders and version folders no finished publish registered (unless a publish of the
    /// extension is still running on another node), and rewrites active.json from the database.
    /// </summary>
    public void Recover(IReadOnlyList<ExtensionRecord> extensions, IReadOnlyDictionary<string, IReadOnlySet<string>> registeredVersions, IReadOnlySet<string> busyExtensionKeys)
    {
        var byKey = extensions.ToDictionary(static e => e.NameKey, StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            var key = Path.GetFileName(folder).ToLowerInvariant();
            if (busyExtensionKeys.Contains(key))
            {
                continue;
            }

            var registered = registeredVersions.TryGetValue(key, out var set) ? set : new HashSet<string>();
            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                if (!registered.Contains(Path.GetFileName(child)))
                {
                    Directory.Delete(child, recursive: true);
                }
            }

            foreach (var temp in Directory.EnumerateFiles(folder, "*.tmp"))
            {
                File.Delete(temp);
            }

            if (byKey.TryGetValue(key, out var extension) && extension.ActiveVersion is { } active)
            {
                if (ReadActiveSafe(folder) != active)
                {
                    WriteActive(Path.GetFileName(folder), active);
                }
            }
            else if (registered.Count == 0)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string? ReadActiveSafe(string folder)
    {
        try
        {
            var path = Path.Combine(folder, ActiveFileName);
            return File.Exists(path) ? JsonSerializer.Deserialize<ActivePointer>(File.ReadAllBytes(path))?.Version : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ActivePointer(string Version, string Path, DateTimeOffset ActivatedAt);
}
