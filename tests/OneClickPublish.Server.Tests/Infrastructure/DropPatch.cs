using System.Globalization;
using System.Net;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// Real sockets to the real server; the body of the first PATCH that <paramref name="matches"/> fails
/// after <paramref name="dropAfter"/> bytes, as when the connection drops — once the server has
/// written them, so that where the client resumes is known (a server may drop what it had not read
/// yet when the connection resets). <paramref name="whileDropped"/> runs then, before the client hears
/// of the drop (the file changes under it, say). Records what the client sends and what HEAD answers.
/// </summary>
internal sealed class DropPatch(long dropAfter, Func<HttpRequestMessage, bool>? matches = null, Func<Task>? whileDropped = null) : DelegatingHandler(new SocketsHttpHandler())
{
    private bool _dropped;

    public List<long> PatchOffsets { get; } = [];

    /// <summary>The Upload-SHA256 header of each PATCH, or null without one.</summary>
    public List<string?> PatchSha256s { get; } = [];

    public List<long> HeadOffsets { get; } = [];

    public long BytesSentAfterResume { get; private set; }

    /// <summary>The first PATCH that carries Upload-SHA256: the one with the last byte.</summary>
    public static bool LastOne(HttpRequestMessage request) => request.Headers.Contains("Upload-SHA256");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Patch)
        {
            var offset = long.Parse(request.Headers.GetValues("Upload-Offset").First(), CultureInfo.InvariantCulture);
            PatchOffsets.Add(offset);
            PatchSha256s.Add(request.Headers.TryGetValues("Upload-SHA256", out var sha) ? sha.First() : null);
            if (!_dropped && (matches?.Invoke(request) ?? true))
            {
                _dropped = true;
                request.Content = new FailingContent(request.Content!, dropAfter, null, async () =>
                {
                    await ServerReachesAsync(request, offset + dropAfter, cancellationToken);
                    if (whileDropped is not null)
                    {
                        await whileDropped();
                    }
                });
            }
            else if (_dropped)
            {
                request.Content = new FailingContent(request.Content!, long.MaxValue, n => BytesSentAfterResume += n, null);
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Head)
        {
            HeadOffsets.Add(long.Parse(response.Headers.GetValues("Upload-Offset").First(), CultureInfo.InvariantCulture));
        }

        return response;
    }

    /// <summary>Waits (HEAD, past this handler's records) until the server has <paramref name="offset"/> bytes of the upload.</summary>
    private async Task ServerReachesAsync(HttpRequestMessage patch, long offset, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var head = new HttpRequestMessage(HttpMethod.Head, patch.RequestUri);
            head.Headers.Authorization = patch.Headers.Authorization;
            using var response = await base.SendAsync(head, ct);
            if (long.Parse(response.Headers.GetValues("Upload-Offset").First(), CultureInfo.InvariantCulture) >= offset)
            {
                return;
            }

            await Task.Delay(10, ct);
        }

        throw new TimeoutException($"the server did not reach offset {offset}");
    }

    private sealed class FailingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _limit;
        private readonly Action<int>? _sent;
        private readonly Func<Task>? _beforeDrop;

        public FailingContent(HttpContent inner, long limit, Action<int>? sent, Func<Task>? beforeDrop)
        {
            _inner = inner;
            _limit = limit;
            _sent = sent;
            _beforeDrop = beforeDrop;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            using var source = await _inner.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            long sent = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var take = (int)Math.Min(read, _limit - sent);
                await stream.WriteAsync(buffer.AsMemory(0, take), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                sent += take;
                _sent?.Invoke(take);
                if (take < read)
                {
                    if (_beforeDrop is not null)
                    {
                        await _beforeDrop();
                    }

                    throw new IOException("Connection reset by peer (simulated)");
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
