using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// A second client writing to an upload: its PATCH announces two bytes, sends the file's first one
/// and then waits, so the real server is busy receiving it and answers any other PATCH of that upload
/// 409 OCP5205 (with its offset, 1). <see cref="ReleaseAsync"/> drops it as a cut connection would:
/// the server keeps the byte and takes PATCHes again.
/// </summary>
internal sealed class UploadHolder : IAsyncDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http;
    private Task _sending = Task.CompletedTask;

    private UploadHolder(ServerFixture fixture) => _http = fixture.NewClient(fixture.Key);

    /// <summary>Starts holding the upload; returns once the server has the byte, so it is inside the PATCH.</summary>
    public static async Task<UploadHolder> HoldAsync(ServerFixture fixture, string uploadPath, byte firstByte, CancellationToken ct)
    {
        var holder = new UploadHolder(fixture);
        var request = new HttpRequestMessage(HttpMethod.Patch, uploadPath) { Content = new HeldContent(firstByte, holder._release.Task) };
        request.Headers.Add("Upload-Offset", "0");
        holder._sending = SendAndForgetAsync(holder._http, request);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await OffsetAsync(fixture, uploadPath, ct) < 1)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, "the server never received the holder's byte");
            await Task.Delay(10, ct);
        }

        return holder;
    }

    /// <summary>Drops the held PATCH and waits until it has ended on this side (the server notices a moment later).</summary>
    public async Task ReleaseAsync()
    {
        _release.TrySetResult();
        await _sending;
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        _http.Dispose();
    }

    private static async Task<long> OffsetAsync(ServerFixture fixture, string uploadPath, CancellationToken ct)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, uploadPath);
        using var response = await fixture.Client.SendAsync(head, ct);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return long.Parse(response.Headers.GetValues("Upload-Offset").First(), CultureInfo.InvariantCulture);
    }

    private static async Task SendAndForgetAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request);
            }
            catch (HttpRequestException)
            {
                // The drop itself.
            }
        }
    }

    private sealed class HeldContent : HttpContent
    {
        private readonly byte _first;
        private readonly Task _release;

        public HeldContent(byte first, Task release)
        {
            _first = first;
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(new[] { _first }, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await _release;
            throw new IOException("Connection reset by peer (the holder let go)");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 2;
            return true;
        }
    }
}
