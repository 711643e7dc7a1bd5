using System.Runtime.InteropServices;

namespace OneClickPublish.Server.Storage;

/// <summary>
/// Files stored once by the SHA-256 of their content (<c>blobs/ab/abcdef…</c>), so a DLL shipped in
/// ten versions takes the disk space of one. Blobs are immutable: written to a temporary file, checked
/// and then moved into place; a blob that already exists is never rewritten.
/// </summary>
internal sealed partial class BlobStore
{
    private const int BufferSize = 81920;
    private readonly string _root;
    private readonly string _temp;

    public BlobStore(string root)
    {
        _root = root;
        _temp = Path.Combine(root, ".tmp");
        Directory.CreateDirectory(_temp);
    }

    public string PathOf(string sha256) => Path.Combine(_root, sha256[..2], sha256);

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Stores the blob <paramref name="sha256"/> unless it is already there; true when it was new.
    /// <paramref name="write"/> streams the content into a temporary file and returns false when
    /// the content is not what was announced (the XIF reader checks size and SHA-256 as it copies);
    /// then nothing is kept. Null when refused.
    /// </summary>
    public bool? Store(string sha256, Func<Stream, bool> write)
    {
        sha256 = sha256.ToLowerInvariant();
        if (Exists(sha256))
        {
            return false;
        }

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

    /// <summary>Stores a whole file already checked against <paramref name="sha256"/> (a complete upload: the XIF as published).</summary>
    public bool? StoreFile(string sha256, string path) => Store(sha256, output =>
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        input.CopyTo(output);
        return true;
    });

    /// <summary>
    /// Puts the blob at <paramref name="destination"/>: a hard link where the file system allows it (a
    /// deployment then costs no disk space for content already stored), else a copy.
    /// </summary>
    public void Materialize(string sha256, string destination)
    {
        var source = PathOf(sha256);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"The blob {sha256} is missing from the blob store.", source);
        }

        if (!OperatingSystem.IsWindows() && NativeMethods.link(source, destination) == 0)
        {
            return;
        }

        File.Copy(source, destination, overwrite: false);
    }

    /// <summary>Removes temporary files left by a publish that was interrupted.</summary>
    public void RemoveLeftovers()
    {
        foreach (var file in Directory.EnumerateFiles(_temp))
        {
            File.Delete(file);
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int link(string oldPath, string newPath);
    }
}
