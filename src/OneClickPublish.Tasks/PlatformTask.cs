using Microsoft.Build.Framework;
using OneClickPublish.Platform;

namespace OneClickPublish.Tasks;

/// <summary>
/// Shared by Upload and Publish: the server's settings as MSBuild properties, and cancellation on
/// Ctrl+C (MSBuild calls <see cref="Cancel"/>; the client stops at its next await).
/// </summary>
public abstract class PlatformTask : OneClickTask, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    private protected PlatformTask()
    {
    }

    /// <summary>The Platform Server's URL (OneClickPublishServer).</summary>
    public string? Server { get; set; }

    /// <summary>The API key (OneClickPublishApiKey or ONECLICK_API_KEY). Never logged.</summary>
    public string? ApiKey { get; set; }

    public int Retries { get; set; } = 3;

    public int RetryDelaySeconds { get; set; } = 2;

    public int TimeoutSeconds { get; set; } = 600;

    public int PollIntervalSeconds { get; set; } = 1;

    private protected CancellationToken CancellationToken => _cancellation.Token;

    private protected override bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    public void Cancel() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected PlatformClient CreateClient() => new(new PlatformClientOptions
    {
        Server = NullIfEmpty(Server),
        ApiKey = NullIfEmpty(ApiKey),
        Retries = Math.Max(0, Retries),
        RetryDelay = TimeSpan.FromSeconds(Math.Max(0, RetryDelaySeconds)),
        Timeout = TimeSpan.FromSeconds(Math.Max(1, TimeoutSeconds)),
        PollInterval = TimeSpan.FromSeconds(Math.Max(0.1, PollIntervalSeconds)),
        // Each retry is a coded warning in the build log while the task still runs, so a build
        // waiting on a server that does not answer says so instead of pausing silently.
        Log = Diagnostics.Log,
    });
}
