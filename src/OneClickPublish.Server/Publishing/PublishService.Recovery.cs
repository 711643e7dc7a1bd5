using Microsoft.Extensions.Logging;
using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Publishing;

/// <summary>What a start does about the publishes a previous run left unfinished, and the upload sweep.</summary>
internal sealed partial class PublishService
{
    /// <summary>
    /// At start, before any request: operations this node left queued or running are failed with
    /// OCP5120 (the database still names the previous version as active; the folders are then
    /// cleaned by <see cref="DeploymentStore.Recover"/>).
    /// </summary>
    public async Task RecoverAsync(bool singleNode, CancellationToken ct)
    {
        var unfinished = await _store.GetUnfinishedOperationsAsync(ct).ConfigureAwait(false);
        var stillBusy = new HashSet<string>(StringComparer.Ordinal);
        var busyOperations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in unfinished)
        {
            if (!singleNode && !string.Equals(operation.Node, _options.NodeName, StringComparison.Ordinal))
            {
                stillBusy.Add(operation.NameKey);
                busyOperations.Add(operation.Id);
                continue;
            }

            var extension = await _store.GetExtensionAsync(operation.NameKey, ct).ConfigureAwait(false);
            var switched = await _store.GetVersionAsync(operation.NameKey, operation.Version, ct).ConfigureAwait(false);
            if (switched is not null && string.Equals(switched.Sha256, operation.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                // Stopped after the switch: the version is registered and was made active; only the operation's end was missing.
                await _store.CompleteOperationAsync(operation.Id,
                [
                    OperationLog.Line(ServerDiagnostics.VersionActivated, extension?.Name ?? operation.Extension, operation.Version, _deployments.Resolve(switched.DeploymentPath), string.Empty),
                    OperationLog.StageSucceeded(Stage.Deploy, DateTimeOffset.UtcNow - operation.CreatedAt),
                ], ct).ConfigureAwait(false);
                _logger.LogWarning("Publish {Operation} of {Extension} {Version} was stopped after its switch and is now completed", operation.Id, operation.Extension, operation.Version);
                continue;
            }

            var stage = Enum.TryParse<Stage>(operation.Stage, out var s) ? s : Stage.Publish;
            await _store.AppendLogAsync(operation.Id,
            [
                OperationLog.Line(ServerDiagnostics.OperationInterrupted, extension?.ActiveVersion ?? "(none)"),
                OperationLog.StageFailed(stage, DateTimeOffset.UtcNow - operation.CreatedAt),
            ], ct).ConfigureAwait(false);
            await _store.SetOperationStateAsync(operation.Id, OperationStates.Failed, stage.ToString(), DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
            _logger.LogWarning("Publish {Operation} of {Extension} {Version} was interrupted by a stop and is now failed", operation.Id, operation.Extension, operation.Version);
        }

        var extensions = await _store.ListExtensionsAsync(ct).ConfigureAwait(false);
        var registered = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var extension in extensions)
        {
            var versions = await _store.ListVersionsAsync(extension.NameKey, ct).ConfigureAwait(false);
            registered[extension.NameKey] = versions.Select(static v => v.Version).ToHashSet(StringComparer.Ordinal);
        }

        _deployments.Recover(extensions, registered, stillBusy);

        // Pins of publishes that are over (this node's were just ended): what they hold goes back to the
        // store if missing, then they go. Asked afresh: another node may have accepted a publish since.
        await _blobs.ReleaseStalePinsAsync(async token =>
        {
            var unfinishedNow = await _store.GetUnfinishedOperationsAsync(token).ConfigureAwait(false);
            return unfinishedNow.Select(static o => o.Id).ToHashSet(StringComparer.Ordinal).Contains;
        }, ct).ConfigureAwait(false);
        if (singleNode)
        {
            _blobs.RemoveLeftovers();

            // A collection killed between moving blobs aside and deciding: they all go back now.
            _blobs.PutBackTrash(TimeSpan.Zero);
        }

        _uploads.Sweep(DateTimeOffset.UtcNow - _options.UploadExpiry, busyOperations.Contains);
    }

    public void SweepUploads() => _uploads.Sweep(DateTimeOffset.UtcNow - _options.UploadExpiry, IsRunning);
}
