using System.Security.Cryptography;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// The SHA-256 of a file being uploaded, computed from the very buffers the PATCHes send
/// (<see cref="FileSegmentContent"/> hands each one over with its offset in the file), so that hashing
/// overlaps the transfer instead of preceding it. Bytes are taken in file order, each once: a buffer
/// sent again after a resume (the server kept less than was sent) adds only what is beyond
/// <see cref="Position"/>, and one beyond <see cref="Position"/> (the server has bytes this process
/// never sent) adds nothing; <see cref="FinishAsync"/> then hashes what is missing from the file.
/// Thread-safe: a body the HTTP handler still sends after its answer came must not corrupt the state.
/// </summary>
internal sealed class UploadHash(string path) : IDisposable
{
    private const int BufferSize = 1024 * 1024;

    private readonly object _gate = new();
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _final;

    /// <summary>The bytes [0, Position) of the file are in the hash.</summary>
    public long Position { get; private set; }

    /// <summary>Takes <paramref name="count"/> bytes of <paramref name="buffer"/> that are the file's from <paramref name="offset"/> on.</summary>
    public void Append(long offset, byte[] buffer, int count)
    {
        lock (_gate)
        {
            if (_final is null && offset <= Position && offset + count > Position)
            {
                var skip = (int)(Position - offset);
                _hash.AppendData(buffer, skip, count - skip);
                Position = offset + count;
            }
        }
    }

    /// <summary>
    /// The SHA-256 of the whole file, in lower-case hex, given its last bytes (from <paramref name="start"/>
    /// to the end; the ones the last PATCH sends). When the hash does not reach <paramref name="start"/>
    /// (the server had bytes this process never sent) the file's first bytes are hashed again from disk.
    /// </summary>
    public async Task<string> FinishAsync(long start, byte[] last, CancellationToken ct)
    {
        Append(start, last, last.Length);
        if (Complete(start + last.Length) is { } done)
        {
            return done;
        }

        // The rare path: hash [0, start) again, then swap it in (buffers still arriving for the old state are dropped).
        var fresh = await HashFromDiskAsync(start, ct).ConfigureAwait(false);
        lock (_gate)
        {
            _hash.Dispose();
            _hash = fresh;
            Position = start;
        }

        Append(start, last, last.Length);
        return Complete(start + last.Length) ?? throw new InvalidOperationException("The upload's hash did not reach the end of the file.");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _hash.Dispose();
        }
    }

    private string? Complete(long end)
    {
        lock (_gate)
        {
            if (_final is null && Position == end)
            {
                _final = Convert.ToHexStringLower(_hash.GetHashAndReset()); // polyfilled where the runtime lacks it (Polyfills/)
            }

            return Position == end ? _final : null;
        }
    }

    private async Task<IncrementalHash> HashFromDiskAsync(long end, CancellationToken ct)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                long done = 0;
                while (done < end)
                {
                    var read = await file.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, end - done), ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path, "the file became shorter while it was being uploaded");
                    }

                    hash.AppendData(buffer, 0, read);
                    done += read;
                }
            }

            return hash;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            hash.Dispose();
            throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path, e.Message);
        }
        catch
        {
            hash.Dispose();
            throw;
        }
    }
}
