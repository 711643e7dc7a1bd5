using OneClickPublish.Server.Publishing;

namespace OneClickPublish.TestServer;

/// <summary>Every publish waits at <paramref name="point"/> until the server stops, so that a test can kill the process there.</summary>
internal sealed class HoldAt(PublishCheckpoint point) : IPublishCheckpoints
{
    public Task ReachedAsync(PublishCheckpoint checkpoint, string extension, CancellationToken ct) =>
        checkpoint == point ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask;
}
