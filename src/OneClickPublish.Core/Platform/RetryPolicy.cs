using System.Globalization;
using System.Net;
using System.Net.Http;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// The one retry policy of the Platform client, for every request it sends: which failures are
/// tried again (a connection that failed or dropped, a 5xx; never a 4xx), how long to wait
/// (exponential backoff with jitter, at least the server's <c>Retry-After</c>), and a coded warning
/// (OCP5018) for each retry, so that a user watching a build or the tool sees why nothing seems to
/// happen instead of a silent pause.
/// </summary>
/// <remarks>
/// The wait before retry <c>n</c> is <c>d = min(MaxRetryDelay, RetryDelay × 2^(n−1))</c>, less a
/// random part of up to half of it: <c>d × (1 − r/2)</c> with <c>r</c> uniform in [0, 1)
/// ("equal jitter"). Clients that failed together (a server restart) spread their retries over
/// the second half of the window, and no wait is ever longer than the plain doubling delay, so
/// the worst case of a run stays what the settings say. A server's <c>Retry-After</c> is a
/// floor: the wait is never shorter than what the server asked for.
/// </remarks>
internal sealed class RetryPolicy
{
    private readonly TimeSpan _firstDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Random _jitter;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Action<Diagnostic>? _log;

    /// <param name="retries">How many times one request is tried again, in a row (so <paramref name="retries"/> + 1 attempts).</param>
    /// <param name="firstDelay">The wait before the first retry, before jitter.</param>
    /// <param name="maxDelay">The longest wait the doubling reaches, before jitter.</param>
    /// <param name="jitter">The random source of the jitter; tests give a fixed one. Used under a lock: Random is not thread-safe.</param>
    /// <param name="delay">How to wait; tests replace it to run without waiting.</param>
    /// <param name="log">Where the retry warnings go (the task's build log, the tool's output); null drops them.</param>
    public RetryPolicy(int retries, TimeSpan firstDelay, TimeSpan maxDelay, Random jitter, Func<TimeSpan, CancellationToken, Task> delay, Action<Diagnostic>? log)
    {
        Retries = retries;
        _firstDelay = firstDelay;
        _maxDelay = maxDelay < firstDelay ? firstDelay : maxDelay;
        _jitter = jitter;
        _delay = delay;
        _log = log;
    }

    /// <summary>How many times a failed request is tried again, in a row.</summary>
    public int Retries { get; }

    /// <summary>Attempts of one request in all: the first one and its retries.</summary>
    public int MaxAttempts => Retries + 1;

    /// <summary>
    /// Answers the policy gives with a retry: a 5xx, except those that say the request itself can
    /// never work (501 Not Implemented, 505 HTTP Version Not Supported). A 4xx is never retried:
    /// the request was refused as it is and would be refused again.
    /// </summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported;

    /// <summary>
    /// Whether a failed connection may be tried again. A name that does not resolve will not
    /// resolve a second later. A request that never connected never reached the server, so even
    /// one that must not run twice (the publish POST) may go again; any other request only when
    /// running it twice does no harm (<paramref name="idempotent"/>).
    /// </summary>
    public static bool CanRetry(Exception transportFailure, bool idempotent)
    {
        var error = (transportFailure as HttpRequestException)?.HttpRequestError;
        if (error == HttpRequestError.NameResolutionError)
        {
            return false;
        }

        return idempotent || error == HttpRequestError.ConnectionError;
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry), jittered, at least <paramref name="retryAfter"/>.</summary>
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        var doublings = Math.Min(Math.Max(retry, 1) - 1, 30); // 2^30 seconds is far beyond any MaxRetryDelay
        var doubled = TimeSpan.FromTicks((long)Math.Min(_firstDelay.Ticks * Math.Pow(2, doublings), TimeSpan.MaxValue.Ticks));
        var backoff = doubled > _maxDelay ? _maxDelay : doubled;
        double r;
        lock (_jitter)
        {
            r = _jitter.NextDouble();
        }

        var jittered = TimeSpan.FromTicks((long)(backoff.Ticks * (1 - (r / 2))));
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }

    /// <summary>
    /// Logs the retry as a warning (what failed, why, the wait, which attempt comes next) and
    /// waits. <paramref name="retry"/> is 1 for the first retry, so the attempt that follows is
    /// <paramref name="retry"/> + 1 of <see cref="MaxAttempts"/>.
    /// </summary>
    public async Task WaitBeforeRetryAsync(int retry, string what, string reason, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var wait = DelayBefore(retry, retryAfter);
        _log?.Invoke(Diagnostic.Create(PlatformDiagnostics.Retrying, SourceLocation.None,
            Lowercase(what), FormatWait(wait), retry + 1, MaxAttempts, reason));
        await _delay(wait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A wait as the warning says it: "2.3 s", or "400 ms" under a second.</summary>
    public static string FormatWait(TimeSpan wait) =>
        wait < TimeSpan.FromSeconds(1)
            ? wait.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
            : wait.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>The reason of a connection failure, from the innermost exception ("Connection refused (127.0.0.1:9)").</summary>
    public static string ReasonOf(Exception transportFailure) => transportFailure.GetBaseException().Message.TrimEnd('.');

    /// <summary>The reason of a transient answer: "HTTP 503 (OCP5122: The server failed unexpectedly (…); …)".</summary>
    public static string ReasonOf(HttpStatusCode status, string? serverCode, string? serverMessage)
    {
        var reason = "HTTP " + ((int)status).ToString(CultureInfo.InvariantCulture);
        var message = serverMessage?.Trim().TrimEnd('.');
        if (string.IsNullOrEmpty(message))
        {
            return reason;
        }

        return string.IsNullOrEmpty(serverCode) ? $"{reason} ({message})" : $"{reason} ({serverCode}: {message})";
    }

    /// <summary>The server's <c>Retry-After</c> as a wait (a delta, or a date from now), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    // "The upload of 'x.xif'" reads in the middle of the warning as "the upload of 'x.xif'".
    private static string Lowercase(string what) =>
        what.Length > 1 && char.IsUpper(what[0]) && !char.IsUpper(what[1]) ? char.ToLowerInvariant(what[0]) + what.Substring(1) : what;
}
