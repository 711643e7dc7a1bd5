namespace OneClickPublish.Server.Storage;

/// <summary>A version as the retention sees it: no definition, no files.</summary>
internal sealed record StoredVersion(string Version, DateTimeOffset PublishedAt, string DeploymentPath);

/// <summary>What decides which versions of an extension may go: read under the extension's lock.</summary>
internal sealed record ExtensionState(ExtensionRecord Extension, IReadOnlyList<StoredVersion> Versions, IReadOnlyList<HistoryRecord> History);

internal enum VersionDeletionOutcome
{
    Deleted,
    ExtensionNotFound,
    VersionNotFound,
    ActiveVersion,
}

/// <summary>The versions to delete, or why none may be.</summary>
internal sealed record VersionDeletionPlan(VersionDeletionOutcome Outcome, IReadOnlyList<StoredVersion> Versions)
{
    public static VersionDeletionPlan Refuse(VersionDeletionOutcome outcome) => new(outcome, []);

    public static VersionDeletionPlan Delete(IReadOnlyList<StoredVersion> versions) => new(VersionDeletionOutcome.Deleted, versions);
}

/// <summary>What a deletion did: the extension and the versions whose rows are gone (none when refused).</summary>
internal sealed record VersionDeletion(VersionDeletionOutcome Outcome, ExtensionRecord? Extension, IReadOnlyList<StoredVersion> Deleted);
