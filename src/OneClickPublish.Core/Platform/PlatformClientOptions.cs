using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// How a <see cref="PlatformClient"/> reaches the Platform Server. A class, not a record, so that
/// no generated ToString ever prints the API key.
/// </summary>
public sealed class PlatformClientOptions
{
    /// <summary>The environment variable that holds the API key when no property or option gives one.</summary>
    public const string ApiKeyEnvironmentVariable = "ONECLICK_API_KEY";

    /// <summary>The server's base URL (MSBuild <c>OneClickPublishServer</c>, tool <c>--server</c>).</summary>
    public string? Server { get; set; }

    /// <summary>The Bearer key (<c>ONECLICK_API_KEY</c>, <c>OneClickPublishApiKey</c>, <c>--api-key</c>). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How many times a failed request (dropped connection, refused connection, 5xx; never a 4xx) is tried again, in a row.</summary>
    public int Retries { get; set; } = 5;

    /// <summary>
    /// The wait before the first retry; each further retry of the same request waits twice as long,
    /// up to <see cref="MaxRetryDelay"/>, less a random part of up to half of it (jitter), and never
    /// less than the server's Retry-After.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two retries, before jitter (a server's Retry-After may ask for more).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an upload, or a publish followed to its end, may take (<c>OneClickPublishTimeout</c>). <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a running publish is polled; the server's Retry-After, when longer, wins.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most bytes sent by one PATCH of an upload.</summary>
    public int ChunkSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>An explicit key (property or option) when given, else <see cref="ApiKeyEnvironmentVariable"/>, else null.</summary>
    public static string? ResolveApiKey(string? explicitKey) =>
        !string.IsNullOrWhiteSpace(explicitKey) ? explicitKey : Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    /// <summary>
    /// Receives the warnings the client reports while it works, such as each retry with its reason
    /// and wait (OCP5018): the MSBuild tasks pass their build log, the tool its output. Called on the
    /// thread the client runs on; null drops them.
    /// </summary>
    public Action<Diagnostic>? Log { get; set; }

    /// <summary>The random source of the retries' jitter; tests give one that returns a known value. Null: a new <see cref="Random"/>.</summary>
    internal Random? Jitter { get; set; }

    /// <summary>The handler the client sends through, for tests; the client does not dispose it. Null: a pooled <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }
}
