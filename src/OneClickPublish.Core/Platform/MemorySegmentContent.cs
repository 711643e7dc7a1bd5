using System.Net;

namespace OneClickPublish.Platform;

/// <summary>
/// The body of an upload's last PATCH: the file's last bytes, held in memory (at most
/// <see cref="UploadPlan.LastPieceMaxSize"/>) because their hash had to be known before the request's
/// headers left. Sending these very bytes keeps the announced hash the hash of what was sent.
/// Reports each slice as it leaves, as <see cref="FileSegmentContent"/> does.
/// </summary>
internal sealed class MemorySegmentContent : HttpContent
{
    private const int SliceSize = 256 * 1024;

    private readonly byte[] _bytes;
    private readonly int _from;
    private readonly Action<long>? _sent;

    public MemorySegmentContent(byte[] bytes, int from, Action<long>? sent)
    {
        _bytes = bytes;
        _from = from;
        _sent = sent;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/offset+octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

#if NETFRAMEWORK
    private async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
#else
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
#endif
    {
        long sent = 0;
        for (var at = _from; at < _bytes.Length; at += SliceSize)
        {
            var count = Math.Min(SliceSize, _bytes.Length - at);
            await stream.WriteAsync(_bytes.AsMemory(at, count), cancellationToken).ConfigureAwait(false);
            sent += count;
            _sent?.Invoke(sent);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length - _from;
        return true;
    }
}
