using System.Globalization;
using System.Net.Http;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// What each PATCH of one upload carries. The file is sent in chunks of at most the chunk size,
/// straight from disk, each buffer hashed as it leaves (<see cref="UploadHash"/>); the last PATCH
/// carries the file's SHA-256 in <c>Upload-SHA256</c> (docs/protocol.md), which must be known before
/// its headers leave. So the last piece — the last chunk, or the last
/// <see cref="LastPieceMaxSize"/> bytes of a longer one — is read into memory and hashed first, then
/// sent from that buffer. Against a server that needed the hash at creation
/// (<see cref="Sha256AtCreate"/>) the PATCHes are plain chunks, as before the extension.
/// </summary>
internal sealed class UploadPlan(string path, long length, int chunkSize) : IDisposable
{
    /// <summary>
    /// The most bytes of the last piece: read and hashed ahead, so they do not overlap the transfer;
    /// large enough that a typical XIF goes in one PATCH, small enough to be nothing in memory.
    /// </summary>
    public const int LastPieceMaxSize = 1024 * 1024;

    public const string Sha256Header = "Upload-SHA256";

    private const string UploadOffsetHeader = "Upload-Offset";

    private readonly UploadHash _hash = new(path);
    private LastPiece? _last;

    public long Length => length;

    /// <summary>The file's SHA-256, hashed before the upload was created, when the server needs it then; null: it goes with the last byte.</summary>
    public string? Sha256AtCreate { get; set; }

    /// <summary>The PATCH that sends the file from <paramref name="start"/> on; <paramref name="sent"/> hears the bytes of its body that left.</summary>
    public async Task<HttpRequestMessage> CreatePatchAsync(string uploadPath, long start, Action<long>? sent, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, uploadPath);
        try
        {
            request.Headers.Add(UploadOffsetHeader, start.ToString(CultureInfo.InvariantCulture));
            if (Sha256AtCreate is not null)
            {
                request.Content = new FileSegmentContent(path, start, Math.Min(chunkSize, length - start), sent);
                return request;
            }

            if (_last is null)
            {
                var end = Math.Min(start + chunkSize, length);
                if (end < length || length - start > LastPieceMaxSize)
                {
                    request.Content = new FileSegmentContent(path, start, (end < length ? end : length - LastPieceMaxSize) - start, sent, _hash);
                    return request;
                }

                _last = await ReadLastPieceAsync(start, ct).ConfigureAwait(false);
            }
            else if (start < _last.Start)
            {
                // A new upload after the server lost the first one: the same chunks again, up to the piece.
                request.Content = new FileSegmentContent(path, start, Math.Min(start + chunkSize, _last.Start) - start, sent, _hash);
                return request;
            }

            request.Headers.Add(Sha256Header, _last.Sha256);
            request.Content = new MemorySegmentContent(_last.Bytes, (int)(start - _last.Start), sent);
            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    public void Dispose() => _hash.Dispose();

    private async Task<LastPiece> ReadLastPieceAsync(long start, CancellationToken ct)
    {
        var bytes = new byte[length - start];
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                file.Seek(start, SeekOrigin.Begin);
                var done = 0;
                while (done < bytes.Length)
                {
                    var read = await file.ReadAsync(bytes, done, bytes.Length - done, ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path, "the file became shorter while it was being uploaded");
                    }

                    done += read;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path, e.Message);
        }

        return new LastPiece(start, bytes, await _hash.FinishAsync(start, bytes, ct).ConfigureAwait(false));
    }

    /// <summary>The file's last bytes from <paramref name="Start"/>, and the SHA-256 of the whole file.</summary>
    private sealed record LastPiece(long Start, byte[] Bytes, string Sha256);
}
