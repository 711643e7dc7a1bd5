using System.Runtime.InteropServices;
using System.Security.Cryptography;

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
    /// Stores <paramref name="content"/> under <paramref name="expectedSha256"/>; true when it was new.
    /// The content is hashed while it is copied and refused (nothing kept) when it is not what was
    /// announced or longer than <paramref name="expectedSize"/>, so a lying entry cannot fill the disk.
    /// </summary>
    public async Task<bool> StoreAsync(Stream content, string expectedSha256, long expectedSize, CancellationToken ct)
    {
        expectedSha256 = expectedSha256.ToLowerInvariant();
        if (Exists(expectedSha256))
        {
            return false;
        }

        var temp = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > expectedSize)
                    {
                        throw new InvalidDataException($"has more than the {expectedSize} bytes the manifest gives");
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                }

                await output.FlushAsync(ct).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (total != expectedSize || actual != expectedSha256)
            {
                throw new InvalidDataException($"has {total} bytes with SHA-256 {actual}, not the {expectedSize} bytes with SHA-256 {expectedSha256} the manifest gives");
            }

            var final = PathOf(expectedSha256);
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
