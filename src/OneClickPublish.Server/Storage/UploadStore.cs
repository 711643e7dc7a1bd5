using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace OneClickPublish.Server.Storage;

/// <summary>
/// What the server knows of an upload; the offset is the length of its data file. <see cref="Sha256"/>
/// is null for an upload created without one until its last PATCH brings it (then it is the hash checked).
/// </summary>
internal sealed record UploadInfo(
    string Id,
    long Length,
    string? Sha256,
    string FileName,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    bool Complete,
    string? OperationId);

internal enum AppendStatus
{
    Appended,
    Completed,
    NotFound,
    Busy,
    OffsetMismatch,
    BeyondLength,
    HashMismatch,

    /// <summary>The request would bring the last byte of an upload created without a SHA-256, and gives none.</summary>
    HashMissing,
}

internal sealed record AppendResult(AppendStatus Status, long Offset, string? ActualSha256 = null, string? ExpectedSha256 = null);

/// <summary>
/// Resumable uploads in <c>uploads/</c>: <c>{id}.json</c> (what was announced, written by temp +
/// rename) and <c>{id}.data</c> (the bytes received so far, appended straight to disk with a small
/// buffer, so memory does not grow with the file). The SHA-256 is computed while the bytes arrive
/// and recomputed from disk only when an upload resumes in a new server process. The expected
/// SHA-256 is the one given at creation, else the one the request bringing the last byte gives
/// (docs/protocol.md, Upload-SHA256): an upload without one keeps <c>null</c> in its JSON, which is
/// all a restart needs, since the hash of what arrived is rebuilt from the data file anyway.
/// </summary>
internal sealed class UploadStore
{
    private const int BufferSize = 81920;
    private readonly string _root;
    private readonly ConcurrentDictionary<string, HashState> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _busy = new(StringComparer.Ordinal);

    public UploadStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(root);
    }

    public static bool IsValidId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    public string DataPath(string id) => Path.Combine(_root, id + ".data");

    private string InfoPath(string id) => Path.Combine(_root, id + ".json");

    public UploadInfo Create(long length, string? sha256, string fileName, string createdBy)
    {
        var info = new UploadInfo(Guid.NewGuid().ToString("N"), length, sha256?.ToLowerInvariant(), fileName, DateTimeOffset.UtcNow, createdBy, Complete: false, OperationId: null);
        File.WriteAllBytes(DataPath(info.Id), []);
        WriteInfo(info);
        return info;
    }

    public UploadInfo? Get(string id)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<UploadInfo>(File.ReadAllBytes(InfoPath(id)));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public long OffsetOf(string id)
    {
        var data = new FileInfo(DataPath(id));
        return data.Exists ? data.Length : 0;
    }

    /// <summary>
    /// Appends <paramref name="body"/> at <paramref name="offset"/>. Every byte that reaches the disk
    /// is kept if the connection drops (the client resumes from HEAD's offset); bytes beyond the
    /// announced length are not kept at all. <paramref name="finalSha256"/> (lower-case hex, from the
    /// request) is the expected hash of an upload created without one; it is not used for another.
    /// Bringing the last byte of an upload without a hash from either keeps none of the request's bytes.
    /// </summary>
    public async Task<AppendResult> AppendAsync(string id, long offset, Stream body, long? contentLength, string? finalSha256, CancellationToken ct)
    {
        var info = Get(id);
        if (info is null)
        {
            return new AppendResult(AppendStatus.NotFound, 0);
        }

        if (!_busy.TryAdd(id, 0))
        {
            return new AppendResult(AppendStatus.Busy, OffsetOf(id));
        }

        try
        {
            var start = OffsetOf(id);
            if (info.Complete || offset != start)
            {
                return new AppendResult(AppendStatus.OffsetMismatch, start);
            }

            var remaining = info.Length - start;
            if (contentLength > remaining)
            {
                return new AppendResult(AppendStatus.BeyondLength, start);
            }

            var expected = info.Sha256 ?? finalSha256;
            if (expected is null && contentLength == remaining)
            {
                return new AppendResult(AppendStatus.HashMissing, start);
            }

            var hash = await HashUpToAsync(id, start, ct).ConfigureAwait(false);
            var written = start;
            var beyond = false;
            AppendStatus? refused;
            await using (var output = new FileStream(DataPath(id), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous))
            {
                output.Seek(start, SeekOrigin.Begin);
                var buffer = new byte[BufferSize];
                try
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        if (written + read > info.Length)
                        {
                            beyond = true;
                            break;
                        }

                        await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                        hash.Hash.AppendData(buffer, 0, read);
                        written += read;
                        hash.Offset = written;
                    }
                }
                catch (Exception) when (!beyond)
                {
                    // The connection dropped: what was written stays; the hash state follows the file.
                    await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                // A body without a length (chunked) is only known to bring the last byte when it ends.
                refused = beyond ? AppendStatus.BeyondLength : expected is null && written == info.Length ? AppendStatus.HashMissing : null;
                if (refused is not null)
                {
                    output.SetLength(start);
                }
            }

            if (refused is { } status)
            {
                Forget(id);
                return new AppendResult(status, start);
            }

            if (written < info.Length)
            {
                return new AppendResult(AppendStatus.Appended, written);
            }

            var actual = Convert.ToHexStringLower(hash.Hash.GetHashAndReset());
            Forget(id);
            if (actual != expected)
            {
                Delete(id);
                return new AppendResult(AppendStatus.HashMismatch, written, actual, expected);
            }

            WriteInfo(info with { Sha256 = actual, Complete = true });
            return new AppendResult(AppendStatus.Completed, written);
        }
        finally
        {
            _busy.TryRemove(id, out _);
        }
    }

    /// <summary>Marks the upload as taken by a publish, so the expiry sweep leaves it alone.</summary>
    public void MarkConsumed(string id, string operationId)
    {
        var info = Get(id) ?? throw new FileNotFoundException($"Upload {id} is gone.");
        WriteInfo(info with { OperationId = operationId });
    }

    public void Delete(string id)
    {
        Forget(id);
        File.Delete(InfoPath(id));
        File.Delete(DataPath(id));
    }

    /// <summary>
    /// Removes uploads last touched before <paramref name="olderThan"/> that no publish holds, and any
    /// upload held by an operation that is no longer running (<paramref name="isOperationRunning"/>).
    /// </summary>
    public void Sweep(DateTimeOffset olderThan, Func<string, bool> isOperationRunning)
    {
        foreach (var infoPath in Directory.EnumerateFiles(_root, "*.json"))
        {
            var id = Path.GetFileNameWithoutExtension(infoPath);
            var info = Get(id);
            if (info is null || _busy.ContainsKey(id))
            {
                continue;
            }

            if (info.OperationId is { } operation)
            {
                if (!isOperationRunning(operation))
                {
                    Delete(id);
                }

                continue;
            }

            var lastTouched = new[] { File.GetLastWriteTimeUtc(infoPath), File.GetLastWriteTimeUtc(DataPath(id)) }.Max();
            if (lastTouched < olderThan.UtcDateTime)
            {
                Delete(id);
            }
        }

        foreach (var temp in Directory.EnumerateFiles(_root, "*.tmp"))
        {
            if (File.GetLastWriteTimeUtc(temp) < olderThan.UtcDateTime)
            {
                File.Delete(temp);
            }
        }
    }

    private async Task<HashState> HashUpToAsync(string id, long offset, CancellationToken ct)
    {
        if (_hashes.TryGetValue(id, out var cached) && cached.Offset == offset)
        {
            return cached;
        }

        // Resuming in another process (or after a failed request): hash what is on disk first. From 0
        // there is nothing to hash, and maybe no file: one removed from under an upload starts it again.
        var state = new HashState(IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
        if (offset > 0)
        {
            await using var input = new FileStream(DataPath(id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var buffer = new byte[BufferSize];
            long done = 0;
            while (done < offset)
            {
                var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, offset - done)), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                state.Hash.AppendData(buffer, 0, read);
                done += read;
            }

            state.Offset = done;
        }

        Forget(id);
        _hashes[id] = state;
        return state;
    }

    private void Forget(string id)
    {
        if (_hashes.TryRemove(id, out var state))
        {
            state.Hash.Dispose();
        }
    }

    private void WriteInfo(UploadInfo info)
    {
        var temp = Path.Combine(_root, info.Id + "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(info));
        File.Move(temp, InfoPath(info.Id), overwrite: true);
    }

    private sealed class HashState(IncrementalHash hash)
    {
        public IncrementalHash Hash { get; } = hash;

        public long Offset { get; set; }
    }
}
