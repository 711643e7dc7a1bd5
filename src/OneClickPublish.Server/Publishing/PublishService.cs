using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OneClickPublish.Compatibility;
using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Server.Api;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Publishing;

/// <summary>The answer to a publish request: an operation, or a coded refusal with its HTTP status.</summary>
internal sealed record PublishAcceptance(string? OperationId, int StatusCode, Diagnostic? Error);

/// <summary>
/// Accepts publishes and runs them in the background: Publish (inspect, compare, store blobs) then
/// Deploy (build the version's folder from the blobs it pinned, then register and activate it in one
/// transaction, then apply the retention). One
/// publish per extension at a time is enforced by the database, so it holds across nodes;
/// publishes of different extensions run side by side up to <see cref="PlatformServerOptions.MaxConcurrentPublishes"/>.
/// </summary>
internal sealed partial class PublishService : IAsyncDisposable
{
    private readonly PlatformServerOptions _options;
    private readonly IMetadataStore _store;
    private readonly UploadStore _uploads;
    private readonly BlobStore _blobs;
    private readonly DeploymentStore _deployments;
    private readonly IXifInspector _inspector;
    private readonly VersionRetention _retention;
    private readonly ILogger _logger;
    private readonly IPublishCheckpoints? _checkpoints;
    private readonly TimeSpan _stopTimeout;
    private readonly SemaphoreSlim _gate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <param name="checkpoints">Awaited at each checkpoint of a publish; null: none.</param>
    /// <param name="stopTimeout">How long a stop waits for running publishes before it leaves them to the next start.</param>
    public PublishService(PlatformServerOptions options, IMetadataStore store, UploadStore uploads, BlobStore blobs, DeploymentStore deployments, IXifInspector inspector, VersionRetention retention, ILogger logger,
        IPublishCheckpoints? checkpoints, TimeSpan stopTimeout)
    {
        _options = options;
        _store = store;
        _uploads = uploads;
        _blobs = blobs;
        _deployments = deployments;
        _inspector = inspector;
        _retention = retention;
        _logger = logger;
        _checkpoints = checkpoints;
        _stopTimeout = stopTimeout;
        _gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentPublishes));
    }

    public bool IsRunning(string operationId) => _running.ContainsKey(operationId);

    /// <summary>
    /// Reads the upload's manifest and, when <paramref name="caller"/> is granted the extension it names,
    /// records the operation and starts it; else a coded refusal, the upload left as it was.
    /// </summary>
    public async Task<PublishAcceptance> AcceptAsync(string uploadId, ApiKeyInfo caller, CancellationToken ct)
    {
        var by = caller.Name;
        var upload = _uploads.Get(uploadId);
        if (upload is null)
        {
            return Refuse(404, ServerDiagnostics.UploadNotFound, uploadId);
        }

        var offset = _uploads.OffsetOf(uploadId);
        // A complete upload always has its SHA-256: given at creation, or with its last byte.
        if (!upload.Complete || upload.Sha256 is not { } sha256)
        {
            return Refuse(409, ServerDiagnostics.UploadIncomplete, uploadId, offset, upload.Length);
        }

        if (upload.OperationId is { } taken)
        {
            return Refuse(409, ServerDiagnostics.PublishAlreadyRunning, upload.FileName, taken);
        }

        var diagnostics = new DiagnosticBag();
        var identity = _inspector.ReadIdentity(_uploads.DataPath(uploadId), _options.XifLimits, diagnostics);
        if (identity is null)
        {
            var error = diagnostics.FirstOrDefault(static d => d.Severity == DiagnosticSeverity.Error)
                ?? Diagnostic.Create(XifDiagnostics.ManifestInvalid, SourceLocation.None, "it cannot be read");
            return new PublishAcceptance(null, 422, error);
        }

        if (!ApiKeyGrant.Allows(caller, identity.Name))
        {
            return Refuse(403, ServerDiagnostics.ExtensionNotGranted, caller.Name, identity.Name, ApiKeyGrant.Describe(caller.Extensions));
        }

        var now = DateTimeOffset.UtcNow;
        var operation = new OperationRecord(
            Guid.CreateVersion7(now).ToString("N"), Names.KeyOf(identity.Name), identity.Name, identity.Version, uploadId, sha256,
            OperationStates.Queued, nameof(Stage.Publish), now, null, by, _options.NodeName, null);
        var result = await _store.TryStartPublishAsync(operation, existing =>
        [
            OperationLog.StageStarted(Stage.Publish),
            OperationLog.Line(ServerDiagnostics.AlreadyPublished, identity.Name, identity.Version),
            OperationLog.StageSucceeded(Stage.Publish, TimeSpan.Zero),
            OperationLog.StageStarted(Stage.Deploy),
            OperationLog.StageSucceeded(Stage.Deploy, TimeSpan.Zero),
        ], ct).ConfigureAwait(false);

        switch (result.Outcome)
        {
            case StartPublishOutcome.AlreadyRunning:
                return Refuse(409, ServerDiagnostics.PublishAlreadyRunning, identity.Name, result.RunningOperationId);
            case StartPublishOutcome.AlreadyPublishedOtherBytes:
                return Refuse(409, ServerDiagnostics.VersionExistsWithOtherBytes, identity.Name, identity.Version);
            case StartPublishOutcome.AlreadyPublishedSameBytes:
                _uploads.Delete(uploadId);
                return new PublishAcceptance(operation.Id, 202, null);
            default:
                _uploads.MarkConsumed(uploadId, operation.Id);
                _logger.LogInformation("Publish {Operation} of {Extension} {Version} accepted from key {Key}", operation.Id, identity.Name, identity.Version, by);
                Start(operation);
                return new PublishAcceptance(operation.Id, 202, null);
        }
    }

    private void Start(OperationRecord operation)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await _gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
                try
                {
                    await RunAsync(operation, _stopping.Token).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopped: the operation stays unfinished and the next start reports it (OCP5120).
            }
            finally
            {
                _running.TryRemove(operation.Id, out _);
            }
        });
        _running[operation.Id] = task;
    }

    private async Task RunAsync(OperationRecord operation, CancellationToken ct)
    {
        var stage = Stage.Publish;
        var clock = Stopwatch.StartNew();
        var completed = false;
        var pins = _blobs.PinsFor(operation.Id);
        try
        {
            await _store.SetOperationStateAsync(operation.Id, OperationStates.Running, stage.ToString(), null, ct).ConfigureAwait(false);
            await LogAsync(operation, ct, OperationLog.StageStarted(stage)).ConfigureAwait(false);

            var diagnostics = new DiagnosticBag();
            var xifPath = _uploads.DataPath(operation.UploadId);
            using var content = _inspector.Inspect(xifPath, _options.XifLimits, diagnostics);
            if (content is not null && !diagnostics.HasErrors)
            {
                TargetFrameworkGate.Check(content, _options.TargetFrameworks, diagnostics);
            }

            if (content is not null && !diagnostics.HasErrors)
            {
                await CheckCompatibilityAsync(operation, content, diagnostics, ct).ConfigureAwait(false);
            }

            await LogAsync(operation, ct, [.. diagnostics.Select(OperationLog.FromDiagnostic)]).ConfigureAwait(false);
            if (content is null || diagnostics.HasErrors)
            {
                await FailAsync(operation, stage, clock.Elapsed, [], ct).ConfigureAwait(false);
                return;
            }

            var (stored, existing) = StoreBlobs(content, pins, diagnostics, ct);

            // The XIF itself too, by the SHA-256 its upload was checked against (pinned like the files until
            // the commit, then referenced by the version): the console offers it for download.
            _blobs.StorePinned(operation.Sha256, pins, output =>
            {
                using var input = new FileStream(xifPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
                input.CopyTo(output);
                return true;
            });

            // The archive is not read again (Deploy builds from the pinned blobs); release the file so the upload can be removed.
            content.Dispose();
            if (diagnostics.HasErrors)
            {
                await LogAsync(operation, ct, [.. diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error).Select(OperationLog.FromDiagnostic)]).ConfigureAwait(false);
                await FailAsync(operation, stage, clock.Elapsed, [], ct).ConfigureAwait(false);
                return;
            }

            await LogAsync(operation, ct,
                OperationLog.Line(ServerDiagnostics.VersionPublished, operation.Extension, operation.Version, content.Files.Count, stored, existing),
                OperationLog.StageSucceeded(stage, clock.Elapsed)).ConfigureAwait(false);

            stage = Stage.Deploy;
            clock.Restart();
            await _store.SetOperationStateAsync(operation.Id, OperationStates.Running, stage.ToString(), null, ct).ConfigureAwait(false);
            await LogAsync(operation, ct, OperationLog.StageStarted(stage)).ConfigureAwait(false);
            await HoldAsync(PublishCheckpoint.BeforeDeploy, operation.Extension, ct).ConfigureAwait(false);

            var extension = await _store.GetExtensionAsync(operation.NameKey, ct).ConfigureAwait(false);
            var folderName = extension?.Name ?? operation.Extension;
            string path;
            try
            {
                path = await _deployments.DeployAsync(folderName, operation.Version, operation.Id, content.Files, pins, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await FailAsync(operation, stage, clock.Elapsed, [OperationLog.Line(ServerDiagnostics.DeployFailed, e.Message)], ct).ConfigureAwait(false);
                return;
            }

            await HoldAsync(PublishCheckpoint.BeforeActivate, operation.Extension, ct).ConfigureAwait(false);

            // Its bytes are in the blob store now; removed before the state changes, so a client that sees the end sees it gone.
            _uploads.Delete(operation.UploadId);
            var previous = extension?.ActiveVersion;
            var now = DateTimeOffset.UtcNow;
            var version = new VersionRecord(operation.NameKey, operation.Version, operation.Sha256, now, operation.CreatedBy, path, content.DefinitionXml);
            await _store.CommitDeploymentAsync(new DeploymentCommit(
                operation.Id,
                folderName,
                version,
                [.. content.Files.Select(static f => new VersionFileRecord(f.Path, f.Sha256, f.Size))]), ct).ConfigureAwait(false);

            // Switched. From here on the publish has happened, whatever follows: a stop before the
            // operation is completed is completed by the next start (RecoverAsync), not failed.
            completed = true;
            _logger.LogInformation("Publish {Operation}: {Extension} {Version} is active ({Path})", operation.Id, folderName, operation.Version, path);

            // A collection that marked before this commit may have taken a blob the version uses: it goes back from its pin.
            pins.EnsureStored();
            await HoldAsync(PublishCheckpoint.AfterSwitch, operation.Extension, ct).ConfigureAwait(false);
            try
            {
                _deployments.WriteActive(folderName, operation.Version);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogError(e, "active.json of {Extension} could not be updated; the next start rewrites it", folderName);
            }

            var retained = await ApplyRetentionAsync(operation, folderName).ConfigureAwait(false);
            await _store.CompleteOperationAsync(operation.Id,
            [
                OperationLog.Line(ServerDiagnostics.VersionActivated, folderName, operation.Version, path, previous is null ? string.Empty : $"; {previous} was active before"),
                .. retained,
                OperationLog.StageSucceeded(stage, clock.Elapsed),
            ], CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (!completed)
        {
            _logger.LogError(e, "Publish {Operation} of {Extension} {Version} failed", operation.Id, operation.Extension, operation.Version);
            // The exception's text stays in the server's log, under the operation's id; the client's log names the id.
            await FailAsync(operation, stage, clock.Elapsed, [OperationLog.Line(ServerDiagnostics.InternalError, $"operation {operation.Id}")], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Registered and active in the database; what lagged (active.json, the operation's end) is finished by the next start.
            _logger.LogError(e, "Publish {Operation}: {Extension} {Version} is active but could not be completed", operation.Id, operation.Extension, operation.Version);
        }
        finally
        {
            // Once switched, whatever a collection took meanwhile is put back before the pins go (a second check, after EnsureStored).
            pins.Release(restoreMissing: completed);
        }
    }

    /// <summary>
    /// Server:Retention:KeepVersions, applied once the new version is active and before the operation
    /// ends (so a client that sees the end sees the old versions gone). It never fails the publish: a
    /// version it could not delete now is deleted by the next clean-up.
    /// </summary>
    private async Task<LogLineRecord[]> ApplyRetentionAsync(OperationRecord operation, string extension)
    {
        try
        {
            var removed = await _retention.ApplyAsync(operation.NameKey, CancellationToken.None).ConfigureAwait(false);
            return removed.Count == 0 ? [] :
            [
                OperationLog.Line(ServerDiagnostics.VersionsRemovedByRetention, extension, string.Join(", ", removed.Select(static v => v.Version)), _retention.KeepVersions),
            ];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            _logger.LogError(e, "Retention after publish {Operation} of {Extension} failed; the next clean-up applies it", operation.Id, extension);
            return [];
        }
    }

    private async Task CheckCompatibilityAsync(OperationRecord operation, IInspectedXif content, DiagnosticBag diagnostics, CancellationToken ct)
    {
        var extension = await _store.GetExtensionAsync(operation.NameKey, ct).ConfigureAwait(false);
        if (extension?.ActiveVersion is not { } activeVersion)
        {
            return;
        }

        var active = await _store.GetVersionAsync(operation.NameKey, activeVersion, ct).ConfigureAwait(false);
        var previous = active is null ? null : _inspector.ReadDefinition(active.DefinitionXml, new DiagnosticBag());
        if (previous?.Version is null || content.Definition.Version is null)
        {
            return;
        }

        if (content.Definition.Version < previous.Version)
        {
            diagnostics.Report(ServerDiagnostics.VersionNotNewer, SourceLocation.None, operation.Extension, operation.Version, activeVersion);
            return;
        }

        var changes = CompatibilityChecker.Check(previous, content.Definition, diagnostics);
        var breaking = changes.Count(static c => c.IsBreaking);
        var summary = changes.Count == 0
            ? "no changes to actions, structures or entities"
            : $"{breaking} breaking change(s), {changes.Count - breaking} addition(s) or rename(s); required bump: {CompatibilityChecker.RequiredBump(changes)}, actual: {CompatibilityChecker.ActualBump(previous.Version, content.Definition.Version)}";
        diagnostics.Report(ServerDiagnostics.CompatibilityChecked, SourceLocation.None, activeVersion, summary);
    }

    /// <summary>Streams every file of the XIF into the blob store (each distinct content once), checked again against the manifest as it is copied, and pins each for this publish.</summary>
    private (int Stored, int Existing) StoreBlobs(IInspectedXif content, BlobPins pins, DiagnosticBag diagnostics, CancellationToken ct)
    {
        int stored = 0, existing = 0;
        foreach (var file in content.Files)
        {
            ct.ThrowIfCancellationRequested();
            var errorsBefore = diagnostics.ErrorCount;
            switch (_blobs.StorePinned(file.Sha256, pins, stream => content.CopyTo(file, stream, diagnostics)))
            {
                case true:
                    stored++;
                    break;
                case false:
                    existing++;
                    break;
                default:
                    if (diagnostics.ErrorCount == errorsBefore)
                    {
                        diagnostics.Report(ServerDiagnostics.InternalError, SourceLocation.None, $"storing '{file.Path}'");
                    }

                    return (stored, existing);
            }
        }

        return (stored, existing);
    }

    private async Task HoldAsync(PublishCheckpoint checkpoint, string extension, CancellationToken ct)
    {
        if (_checkpoints is { } checkpoints)
        {
            await checkpoints.ReachedAsync(checkpoint, extension, ct).ConfigureAwait(false);
        }
    }

    private Task LogAsync(OperationRecord operation, CancellationToken ct, params LogLineRecord[] lines) =>
        _store.AppendLogAsync(operation.Id, lines, ct);

    /// <summary>Lines first, then the state: a client that sees "failed" has every line already.</summary>
    private async Task FailAsync(OperationRecord operation, Stage stage, TimeSpan elapsed, LogLineRecord[] errors, CancellationToken ct)
    {
        _logger.LogInformation("Publish {Operation} of {Extension} {Version} failed in {Stage}", operation.Id, operation.Extension, operation.Version, stage);
        _uploads.Delete(operation.UploadId);
        await _store.AppendLogAsync(operation.Id, [.. errors, OperationLog.StageFailed(stage, elapsed)], ct).ConfigureAwait(false);
        await _store.SetOperationStateAsync(operation.Id, OperationStates.Failed, stage.ToString(), DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(_stopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("{Count} publish(es) did not stop in time; they are reported as interrupted at the next start", _running.Count);
            // Still running: each reads the token and releases the gate when it ends, so neither is disposed under it.
            return;
        }

        _stopping.Dispose();
        _gate.Dispose();
    }

    private static PublishAcceptance Refuse(int status, DiagnosticDescriptor descriptor, params object?[] args) =>
        new(null, status, Diagnostic.Create(descriptor, SourceLocation.None, args));
}
