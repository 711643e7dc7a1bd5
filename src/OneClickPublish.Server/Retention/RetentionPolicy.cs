using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Retention;

/// <summary>
/// Which versions of an extension <c>Server:Retention:KeepVersions</c> keeps (docs/server.md, "Keeping
/// the disk in bounds"): at most that many, and always the active version and the previous one, then
/// the newest by publish time. The previous version is the one that was active just before the active
/// one became active, as history says (what a rollback after a bad release goes back to): after
/// publishing 3, rolling back to 2 and publishing 4, the previous version of 4 is 2, not 3 — 3 was
/// rolled back from. When history names no previous version, or it was deleted, none is protected and
/// its place goes to the newest.
/// </summary>
internal static class RetentionPolicy
{
    /// <summary>The version active just before <paramref name="active"/> became active; null when history does not say.</summary>
    public static string? PreviousOf(string? active, IReadOnlyList<HistoryRecord> history)
    {
        if (active is null)
        {
            return null;
        }

        for (var i = history.Count - 1; i >= 0; i--)
        {
            var entry = history[i];
            if (entry.Action is "publish" or "rollback" && string.Equals(entry.Version, active, StringComparison.Ordinal))
            {
                return entry.PreviousVersion is { } previous && !string.Equals(previous, active, StringComparison.Ordinal) ? previous : null;
            }
        }

        return null;
    }

    /// <summary>The versions to delete, oldest first; none when <paramref name="keepVersions"/> is 0 or not exceeded.</summary>
    public static IReadOnlyList<StoredVersion> VersionsToRemove(ExtensionState state, int keepVersions)
    {
        if (keepVersions <= 0 || state.Versions.Count <= keepVersions)
        {
            return [];
        }

        var existing = state.Versions.Select(static v => v.Version).ToHashSet(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        if (state.Extension.ActiveVersion is { } active && existing.Contains(active))
        {
            kept.Add(active);
        }

        if (PreviousOf(state.Extension.ActiveVersion, state.History) is { } previous && existing.Contains(previous))
        {
            kept.Add(previous);
        }

        // Newest first: by publish time, the version as the tie-breaker (the store lists oldest first).
        foreach (var version in state.Versions.Reverse())
        {
            if (kept.Count >= keepVersions)
            {
                break;
            }

            kept.Add(version.Version);
        }

        return [.. state.Versions.Where(v => !kept.Contains(v.Version))];
    }
}
