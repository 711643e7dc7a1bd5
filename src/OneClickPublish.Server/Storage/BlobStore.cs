using System.Runtime.InteropServices;

namespace OneClickPublish.Server.Storage;

/// <summary>
/// Files stored once by the SHA-256 of their content (<c>blobs/ab/abcdef…</c>), so a DLL shipped in
/// ten versions takes the disk space of one. Blobs are immutable: written to a temporary file, checked
/// and then moved into place; a blob that already exists is never rewritten. A publish holds the blobs
/// it uses with <see cref="BlobPins"/>, so that the collector (<c>Retention/BlobSweeper</c>) can
/// remove unreferenced blobs while publishes run, on this node or another.
/// </summary>
internal sealed partial class BlobStore
{
    /// <summary>Folders under blobs/ that hold no blob: temporary files, pins, the collector's trash.</summary>
    public const string TempFolder = ".tmp";
    public const string PinsFolder = ".pins";
    public const string TrashFolder = ".trash";

    private const int BufferSize = 81920;
    private readonly string _temp;

    public BlobStore(string root)
    {
        Root = root;
        _temp = Path.Combine(root, TempFolder);
        Directory.CreateDirectory(_temp);
    }

    public string Root { get; }

    public string PinsRoot => Path.Combine(Root, PinsFolder);

    public string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>The pins of one operation (<c>blobs/.pins/{operationId}/</c>).</summary>
    public BlobPins PinsFor(string operationId) => new(this, Path.Combine(PinsRoot, operationId));

    /// <summary>
    /// Stores the blob <paramref name="sha256"/> unless it is already there, and pins it for the
    /// publish either way; true when it was new. <paramref name="write"/> streams the content into a
    /// temporary file and returns false when the content is not what was announced (the XIF reader
    /// checks size and SHA-256 as it copies); then nothing is kept. Null when refused.
    /// </summary>
    public bool? StorePinned(string sha256, BlobPins pins, Func<Stream, bool> write)
    {
        sha256 = sha256.ToLowerInvariant();
        if (pins.Contains(sha256))
        {
            return false; // The same content twice in one XIF.
        }

        // Reused: held from now on by the pin, and marked used (its time) for the collector's grace period.
        if (LinkOrCopy(PathOf(sha256), pins.PathOf(sha256)))
        {
            Touch(sha256);
            pins.Added(sha256);
            return false;
        }

        // Not stored, or removed by a collection a moment ago: written again from the XIF.
        var temp = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                if (!write(output))
                {
                    return null;
                }

                output.Flush(flushToDisk: true);
            }

            // Pinned before it is visible in the store: no moment in which a collection could take the only copy.
            if (!LinkOrCopy(temp, pins.PathOf(sha256)))
            {
                throw new IOException($"The blob {sha256} could not be pinned for the publish.");
            }

            pins.Added(sha256);
            var final = PathOf(sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            try
            {
                File.Move(temp, final, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(final))
            {
                return false; // Stored meanwhile by a publish of another extension: same bytes by definition.
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A new temporary file's path in the blob store's own folder (same volume: moving it in is a rename).</summary>
    public string NewTemporaryPath() => Path.Combine(_temp, Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Moves <paramref name="temporaryFile"/> (whose SHA-256 the caller computed) into place as the blob
    /// <paramref name="sha256"/>, or deletes it when that blob is already stored; true when it was new.
    /// </summary>
    public bool Adopt(string sha256, string temporaryFile)
    {
        var final = PathOf(sha256.ToLowerInvariant());
        try
        {
            if (File.Exists(final))
            {
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temporaryFile, final, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(final))
        {
            return false; // Stored meanwhile by another writer of the same bytes.
        }
        finally
        {
            File.Delete(temporaryFile);
        }
    }

    /// <summary>Sets the blob's time to now: a publish used it. False when it is not there.</summary>
    public bool Touch(string sha256)
    {
        try
        {
            File.SetLastWriteTimeUtc(PathOf(sha256), DateTime.UtcNow);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Puts <paramref name="source"/> at <paramref name="destination"/>: a hard link where the file
    /// system allows it (no disk space for content already stored), else a copy. False when the source
    /// is not there.
    /// </summary>
    public static bool LinkOrCopy(string source, string destination)
    {
        if (!File.Exists(source))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (!OperatingSystem.IsWindows() && NativeMethods.link(source, destination) == 0)
        {
            return true;
        }

        try
        {
            File.Copy(source, destination, overwrite: false);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false; // Removed between the check and the copy.
        }
    }

    /// <summary>Removes temporary files left by a publish that was interrupted.</summary>
    public void RemoveLeftovers()
    {
        foreach (var file in Directory.EnumerateFiles(_temp))
        {
            File.Delete(file);
        }
    }

    /// <summary>Puts a blob the collector moved aside back in the store; drops it when the store has it again (same bytes).</summary>
    public void PutBack(string path, string sha256)
    {
        try
        {
            File.Move(path, PathOf(sha256), overwrite: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Put back already by someone else (a start, another collection).
        }
        catch (IOException) when (Exists(sha256))
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Puts back everything in the trash folders of collections older than <paramref name="olderThan"/>
    /// (killed between moving and deciding). Always safe: it only means those blobs are judged again
    /// by the next collection. A start on one node puts back all of it; a collection only what is old
    /// enough not to be another node's collection still deciding.
    /// </summary>
    public void PutBackTrash(TimeSpan olderThan)
    {
        var root = Path.Combine(Root, TrashFolder);
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var run in Directory.EnumerateDirectories(root))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(run) >= olderThan)
            {
                PutBackAll(run);
            }
        }
    }

    /// <summary>Puts back every blob of one collection's trash folder and removes the folder.</summary>
    public void PutBackAll(string run)
    {
        if (!Directory.Exists(run))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(run))
        {
            var name = Path.GetFileName(file).ToLowerInvariant();
            if (name.Length == 64 && name.All(char.IsAsciiHexDigit))
            {
                PutBack(file, name);
            }
        }

        try
        {
            Directory.Delete(run, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed by the collection it belonged to.
        }
    }

    /// <summary>
    /// Releases the pins of operations that are over (a publish killed before it released them):
    /// every blob a pin holds is put back in the store if it is missing, then the pins go. Folders are
    /// listed before <paramref name="isUnfinished"/> is asked, because an operation's row is written
    /// before its pins: a folder listed belongs to an operation the database already knows.
    /// </summary>
    public async Task<int> ReleaseStalePinsAsync(Func<CancellationToken, Task<Func<string, bool>>> isUnfinished, CancellationToken ct)
    {
        if (!Directory.Exists(PinsRoot))
        {
            return 0;
        }

        var folders = Directory.GetDirectories(PinsRoot);
        if (folders.Length == 0)
        {
            return 0;
        }

        var unfinished = await isUnfinished(ct).ConfigureAwait(false);
        var released = 0;
        foreach (var folder in folders.Where(f => !unfinished(Path.GetFileName(f))))
        {
            new BlobPins(this, folder).Release(restoreMissing: true);
            released++;
        }

        return released;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int link(string oldPath, string newPath);
    }
}
