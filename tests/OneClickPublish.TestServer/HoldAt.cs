using OneClickPublish.Server.Publishing;

namespace OneClickPublish.TestServer;

/// <summary>
/// Every publish waits at <paramref name="point"/> until the server stops, so that a test can kill the process
/// there; or, with a <paramref name="releaseFile"/>, until that file exists, so that a test can watch what a
/// publish writes after the hold (the console's live log) and let it finish.
/// </summary>
internal sealed class HoldAt(PublishCheckpoint point, string? releaseFile = null) : IPublishCheckpoints
{
    public async Task ReachedAsync(PublishCheckpoint checkpoint, string extension, CancellationToken ct)
    {
        if (checkpoint != point)
        {
            return;
        }

        if (releaseFile is null)
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            return;
        }

        while (!File.Exists(releaseFile))
        {
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
    }
}
