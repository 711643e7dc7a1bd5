using System.Net;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// A PATCH body that streams one range of a file straight from disk, so that memory stays flat
/// whatever the file's size, and reports each buffer as it leaves. With an <see cref="UploadHash"/>
/// each buffer is hashed while the socket takes it: the hash is of exactly the bytes sent.
/// </summary>
internal sealed class FileSegmentContent : HttpContent
{
    private const int BufferSize = 256 * 1024;

    private readonly string _path;
    private readonly long _offset;
    private readonly long _count;
    private readonly Action<long>? _sent;
    private readonly UploadHash? _hash;

    public FileSegmentContent(string path, long offset, long count, Action<long>? sent, UploadHash? hash = null)
    {
        _path = path;
        _offset = offset;
        _count = count;
        _sent = sent;
        _hash = hash;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/offset+octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

#if NETFRAMEWORK
    // .NET Framework's HttpContent has no cancelable overload to override: the one above calls this.
    private async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
#else
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
#endif
    {
        FileStream file;
        try
        {
            file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            file.Seek(_offset, SeekOrigin.Begin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(_path), _path, e.Message);
        }

        await using (file.ConfigureAwait(false))
        {
            var buffer = new byte[BufferSize];
            long sent = 0;
            while (sent < _count)
            {
                int read;
                try
                {
                    read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _count - sent)), cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(_path), _path, e.Message);
                }

                if (read == 0)
                {
                    throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(_path), _path, "the file became shorter while it was being uploaded");
                }

                // The write and the hash both only read the buffer: hash while the socket takes it.
                var write = stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                _hash?.Append(_offset + sent, buffer, read);
                await write.ConfigureAwait(false);
                sent += read;
                _sent?.Invoke(sent);
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _count;
        return true;
    }
}
