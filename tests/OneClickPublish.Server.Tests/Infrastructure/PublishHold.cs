using System.Net;
using System.Text;
using OneClickPublish.Server.Publishing;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// Holds the publish of one extension at a checkpoint until the test releases it (or the server
/// stops), so that a test can act while the operation is running and then let a line be added.
/// </summary>
internal sealed class PublishHold(string extension, PublishCheckpoint point = PublishCheckpoint.BeforeDeploy)
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Extension => extension;

    /// <summary>Registers the hold as the server's <see cref="IPublishCheckpoints"/>.</summary>
    public void Configure(PlatformServerOptions options) => options.Checkpoint = async (checkpoint, name, ct) =>
    {
        if (checkpoint == point && name == extension)
        {
            _held.TrySetResult();
            await _release.Task.WaitAsync(ct).ConfigureAwait(false);
        }
    };

    public void Release() => _release.TrySetResult();

    /// <summary>Uploads a small XIF of the extension, starts its publish and returns the status URL once the publish is held.</summary>
    public async Task<string> StartAsync(ServerFixture fixture, string version = "1.0.0")
    {
        var xif = new TestXif(extension, version).Add($"bin/{extension}.dll", Encoding.UTF8.GetBytes(extension + version)).Build();
        var uploadId = await fixture.UploadAsync(xif).ConfigureAwait(false);
        using var accepted = await fixture.StartPublishAsync(uploadId).ConfigureAwait(false);
        Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode, await accepted.Content.ReadAsStringAsync().ConfigureAwait(false));
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return accepted.Headers.Location!.OriginalString;
    }
}
