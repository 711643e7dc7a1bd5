namespace OneClickPublish.Server.Storage;

/// <summary>
/// The blobs one publish uses, held by hard links (copies where links are not possible) in
/// <c>blobs/.pins/{operation}/</c> from the moment the publish stores or finds each one until it has
/// committed. A collection that removes such a blob from the store meanwhile (it was unreferenced when
/// the collection marked) takes only the store's name for it: the bytes stay in the pin, the deploy
/// builds from the pins, and after the commit <see cref="EnsureStored"/> puts back any blob that went.
/// See docs/server.md, "Keeping the disk in bounds", for why this holds across nodes.
/// </summary>
internal sealed class BlobPins
{
    private readonly BlobStore _blobs;
    private readonly string _folder;
    private readonly HashSet<string> _pinned = new(StringComparer.Ordinal);

    public BlobPins(BlobStore blobs, string folder)
    {
        _blobs = blobs;
        _folder = folder;
    }

    public string PathOf(string sha256) => Path.Combine(_folder, sha256.ToLowerInvariant());

    public bool Contains(string sha256) => _pinned.Contains(sha256);

    internal void Added(string sha256) => _pinned.Add(sha256);

    /// <summary>Puts the pinned blob at <paramref name="destination"/> (a hard link where possible).</summary>
    public void Materialize(string sha256, string destination)
    {
        if (!BlobStore.LinkOrCopy(PathOf(sha256), destination))
        {
            throw new FileNotFoundException($"The blob {sha256} is not pinned for this publish.", PathOf(sha256));
        }
    }

    /// <summary>
    /// After the commit that references them: every pinned blob is in the store (put back from its
    /// pin if a collection removed it since) and touched. The collector re-reads the references after
    /// it has moved its candidates away and keeps those referenced by then; a commit after that re-read
    /// comes before this call, which finds the blob gone and puts it back.
    /// </summary>
    public void EnsureStored()
    {
        foreach (var sha256 in _pinned)
        {
            Restore(sha256);
        }
    }

    /// <summary>Removes the pins; with <paramref name="restoreMissing"/> puts back first any blob the store lost.</summary>
    public void Release(bool restoreMissing = false)
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }

        if (restoreMissing)
        {
            foreach (var pin in Directory.EnumerateFiles(_folder))
            {
                var sha256 = Path.GetFileName(pin);
                if (sha256.Length == 64 && sha256.All(char.IsAsciiHexDigitLower))
                {
                    Restore(sha256);
                }
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Released by someone else (a collection, for an operation that just ended).
        }
    }

    private void Restore(string sha256)
    {
        if (_blobs.Touch(sha256))
        {
            return;
        }

        try
        {
            if (BlobStore.LinkOrCopy(PathOf(sha256), _blobs.PathOf(sha256)))
            {
                _blobs.Touch(sha256);
            }
        }
        catch (IOException) when (_blobs.Exists(sha256))
        {
            // Put back meanwhile by the collector itself or another publish: same bytes.
        }
    }
}
