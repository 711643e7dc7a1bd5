using System.Globalization;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// Real sockets to the real server (or to what stands in front of it); records every request as
/// "METHOD /path" (+ " @offset" for a PATCH) and may act before one goes on (<c>before</c> gets the
/// request's 1-based number): a second client writing to the same upload, the server sweeping it.
/// </summary>
internal sealed class Recorder(Func<int, HttpRequestMessage, CancellationToken, Task>? before = null) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<string> _requests = [];

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The methods alone, in order: POST, PATCH, HEAD…</summary>
    public string[] Methods => [.. Requests.Select(static r => r.Split(' ')[0])];

    /// <summary>The Upload-Offset of each PATCH, in order.</summary>
    public long[] PatchOffsets => [.. Requests.Where(static r => r.StartsWith("PATCH ", StringComparison.Ordinal))
        .Select(static r => long.Parse(r[(r.LastIndexOf('@') + 1)..], CultureInfo.InvariantCulture))];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int number;
        lock (_requests)
        {
            var offset = request.Headers.TryGetValues("Upload-Offset", out var values) ? " @" + values.First() : string.Empty;
            _requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}{offset}");
            number = _requests.Count;
        }

        if (before is not null)
        {
            await before(number, request, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
