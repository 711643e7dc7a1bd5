using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Retention;

/// <summary>
/// Deletes versions: one on request (<c>DELETE /api/v1/extensions/{name}/versions/{version}</c>), or
/// those <see cref="RetentionPolicy"/> lets go. Either way, under the extension's lock and in one
/// transaction the rows go, history gets a <c>delete</c> line and the folder is moved aside; after the
/// commit the folder is removed. The blobs stay: the collector removes those no version references.
/// </summary>
internal sealed class VersionRetention(IMetadataStore store, DeploymentStore deployments, RetentionOptions options, ILogger logger)
{
    /// <summary>Who deleted, in history, when the retention did: parentheses make it no key's name.</summary>
    public const string RetentionActor = "(retention)";

    public int KeepVersions => options.KeepVersions;

    /// <summary>Deletes one version; refused for the active one.</summary>
    public Task<VersionDeletion> DeleteAsync(string nameKey, string version, string by, CancellationToken ct) =>
        DeleteAsync(nameKey, state =>
        {
            var found = state.Versions.FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.Ordinal));
            return found is null ? VersionDeletionPlan.Refuse(VersionDeletionOutcome.VersionNotFound)
                : string.Equals(version, state.Extension.ActiveVersion, StringComparison.Ordinal) ? VersionDeletionPlan.Refuse(VersionDeletionOutcome.ActiveVersion)
                : VersionDeletionPlan.Delete([found]);
        }, by, ct);

    /// <summary>Applies Server:Retention:KeepVersions to one extension; returns the versions deleted (none when it is 0).</summary>
    public async Task<IReadOnlyList<StoredVersion>> ApplyAsync(string nameKey, CancellationToken ct)
    {
        if (options.KeepVersions <= 0)
        {
            return [];
        }

        var deletion = await DeleteAsync(nameKey, state => VersionDeletionPlan.Delete(RetentionPolicy.VersionsToRemove(state, options.KeepVersions)), RetentionActor, ct).ConfigureAwait(false);
        if (deletion.Deleted.Count > 0)
        {
            logger.LogInformation("Retention removed {Versions} of {Extension} (KeepVersions {Keep})",
                string.Join(", ", deletion.Deleted.Select(static v => v.Version)), deletion.Extension!.Name, options.KeepVersions);
        }

        return deletion.Deleted;
    }

    /// <summary>Applies the retention to every extension, or with <paramref name="dryRun"/> says what it would delete.</summary>
    public async Task<IReadOnlyList<(ExtensionRecord Extension, StoredVersion Version)>> ApplyAllAsync(bool dryRun, CancellationToken ct)
    {
        var removed = new List<(ExtensionRecord, StoredVersion)>();
        if (options.KeepVersions <= 0)
        {
            return removed;
        }

        foreach (var extension in await store.ListExtensionsAsync(ct).ConfigureAwait(false))
        {
            if (dryRun)
            {
                if (await store.GetExtensionStateAsync(extension.NameKey, ct).ConfigureAwait(false) is { } state)
                {
                    removed.AddRange(RetentionPolicy.VersionsToRemove(state, options.KeepVersions).Select(v => (state.Extension, v)));
                }
            }
            else
            {
                removed.AddRange((await ApplyAsync(extension.NameKey, ct).ConfigureAwait(false)).Select(v => (extension, v)));
            }
        }

        return removed;
    }

    private async Task<VersionDeletion> DeleteAsync(string nameKey, Func<ExtensionState, VersionDeletionPlan> plan, string by, CancellationToken ct)
    {
        var detached = new List<(string Path, string Name, string Version)>();
        VersionDeletion deletion;
        try
        {
            deletion = await store.DeleteVersionsAsync(nameKey, plan, (extension, versions) =>
            {
                foreach (var version in versions)
                {
                    if (deployments.Detach(extension.Name, version.Version) is { } path)
                    {
                        detached.Add((path, extension.Name, version.Version));
                    }
                }
            }, by, DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
        }
        catch
        {
            // Not committed: the rows are still there, so their folders go back where they were.
            foreach (var (path, name, version) in detached)
            {
                try
                {
                    deployments.Reattach(path, name, version);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogError(e, "The folder of {Extension} {Version} could not be put back from {Path}", name, version, path);
                }
            }

            throw;
        }

        foreach (var (path, name, version) in detached)
        {
            if (!DeploymentStore.RemoveDetached(path))
            {
                logger.LogWarning("The folder of deleted version {Extension} {Version} ({Path}) could not be removed now; the next start removes it", name, version, path);
            }
        }

        return deletion;
    }
}
