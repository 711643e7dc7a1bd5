using System.IO.Enumeration;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Retention;

/// <summary>Where a test holds a collection, to run a publish at that exact point of it.</summary>
internal enum SweepCheckpoint
{
    /// <summary>The references are read; nothing is moved yet.</summary>
    AfterMark,

    /// <summary>The candidates are in the trash; the references are not read again yet.</summary>
    AfterMoveToTrash,
}

/// <summary>What a sweep removed (or would remove) out of how many blobs it looked at.</summary>
internal sealed record BlobSweepResult(int Scanned, int Removed, long RemovedBytes);

/// <summary>
/// Mark and sweep of the blob store, safe while publishes run on this node or another (the reasoning
/// is in docs/server.md, "Keeping the disk in bounds"):
/// 1. mark: every SHA-256 a version's files reference, streamed from the database into a compact set;
/// 2. candidates: blobs not marked whose time is before <c>cutoff</c> (the collection's start minus the
///    grace period; a publish sets the time of every blob it writes or reuses) are moved, by one rename
///    each, into <c>blobs/.trash/{run}/</c> — from then on no publish finds them under their name;
/// 3. mark again: a publish that committed since step 1 is seen now;
/// 4. each moved blob that is marked now, or whose time moved past the cutoff meanwhile, goes back
///    (unless a publish has stored it again); the others are deleted.
/// A publish holds what it uses with pins (<see cref="BlobPins"/>) until after its commit, and then
/// puts back any blob step 2 took: a commit after step 3's read is followed by that check.
/// Memory: the marked set (32 bytes a reference) and nothing per blob; the trash folder is the list.
/// </summary>
internal sealed class BlobSweeper(BlobStore blobs, IMetadataStore store)
{
    /// <summary>Trash left by a collection that was killed is put back after this long (another node's may still be deciding).</summary>
    private static readonly TimeSpan AbandonedTrashAge = TimeSpan.FromHours(1);

    internal Func<SweepCheckpoint, CancellationToken, Task>? Checkpoint { get; init; }

    /// <param name="cutoff">Blobs whose time is at or after it are kept, referenced or not.</param>
    /// <param name="dryRun">Count what would go; move nothing.</param>
    /// <param name="excluding">With <paramref name="dryRun"/>: versions (name key, version) counted as deleted already.</param>
    public async Task<BlobSweepResult> SweepAsync(DateTimeOffset cutoff, bool dryRun, IReadOnlySet<(string NameKey, string Version)>? excluding, CancellationToken ct)
    {
        var marked = new Sha256Set();
        await store.ForEachReferencedBlobAsync(excluding, sha => marked.Add(sha), ct).ConfigureAwait(false);
        await HoldAsync(SweepCheckpoint.AfterMark, ct).ConfigureAwait(false);

        var trash = Path.Combine(blobs.Root, BlobStore.TrashFolder, Guid.NewGuid().ToString("N"));
        if (!dryRun)
        {
            blobs.PutBackTrash(AbandonedTrashAge);
            Directory.CreateDirectory(trash);
        }

        var scanned = 0;
        int candidates = 0;
        long candidateBytes = 0;
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(blobs.Root))
            {
                ct.ThrowIfCancellationRequested();
                if (Path.GetFileName(folder) is not { Length: 2 } prefix || !prefix.All(char.IsAsciiHexDigit))
                {
                    continue; // .tmp, .pins, .trash
                }

                foreach (var (path, name, length) in Unreferenced(folder, marked, cutoff, () => scanned++))
                {
                    candidates++;
                    candidateBytes += length;
                    if (!dryRun)
                    {
                        MoveToTrash(path, Path.Combine(trash, name));
                    }
                }
            }

            if (dryRun)
            {
                return new BlobSweepResult(scanned, candidates, candidateBytes);
            }

            await HoldAsync(SweepCheckpoint.AfterMoveToTrash, ct).ConfigureAwait(false);
            marked.Clear();
            await store.ForEachReferencedBlobAsync(null, sha => marked.Add(sha), ct).ConfigureAwait(false);
            var (removed, bytes) = Decide(trash, marked, cutoff);
            return new BlobSweepResult(scanned, removed, bytes);
        }
        catch when (!dryRun)
        {
            // Stopped or failed between the moves and the decision: nothing is deleted, everything goes back.
            blobs.PutBackAll(trash);
            throw;
        }
    }

    private static void MoveToTrash(string path, string destination)
    {
        try
        {
            File.Move(path, destination, overwrite: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Moved by another collection.
        }
    }

    /// <summary>Blob files of one prefix folder that are not marked and older than the cutoff; only those get a string.</summary>
    private static FileSystemEnumerable<(string Path, string Name, long Length)> Unreferenced(string folder, Sha256Set marked, DateTimeOffset cutoff, Action counted) =>
        new(folder, static (ref FileSystemEntry e) => (e.ToFullPath(), e.FileName.ToString(), e.Length), new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) =>
            {
                if (e.IsDirectory || !Sha256Set.TryParse(e.FileName, out _))
                {
                    return false;
                }

                counted();
                return !marked.Contains(e.FileName) && e.LastWriteTimeUtc < cutoff;
            },
        };

    /// <summary>Step 4: each moved blob goes back when it is referenced or used now; else it is deleted.</summary>
    private (int Removed, long Bytes) Decide(string trash, Sha256Set marked, DateTimeOffset cutoff)
    {
        var removed = 0;
        long bytes = 0;
        var entries = new FileSystemEnumerable<(string Path, string Name, long Length, DateTimeOffset Time)>(trash,
            static (ref FileSystemEntry e) => (e.ToFullPath(), e.FileName.ToString(), e.Length, e.LastWriteTimeUtc));
        foreach (var (path, name, length, time) in entries)
        {
            if (marked.Contains(name) || time >= cutoff)
            {
                blobs.PutBack(path, name);
                continue;
            }

            File.Delete(path);
            removed++;
            bytes += length;
        }

        try
        {
            Directory.Delete(trash, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Put back meanwhile by a start of the server (which puts back every trash it finds).
        }

        return (removed, bytes);
    }

    private async Task HoldAsync(SweepCheckpoint checkpoint, CancellationToken ct)
    {
        if (Checkpoint is { } hook)
        {
            await hook(checkpoint, ct).ConfigureAwait(false);
        }
    }
}
