using System.Data.Common;

namespace OneClickPublish.Server.Storage;

/// <summary>
/// The NuGet feed's packages: one row per version whose package was built (docs/feed.md; the table is
/// schema step 3). A version's package is a blob (blobs/ab/abcdef…) like the version's files, and this row is
/// what references it, so a collection of unreferenced blobs keeps it while the version exists.
/// </summary>
internal abstract partial class SqlMetadataStore
{
    private const string PackageColumns = "name_key, version, sha256, size, built_at";

    public async Task<PackageRecord?> GetPackageAsync(string nameKey, string version, CancellationToken ct)
    {
        var rows = await QueryAsync($"SELECT {PackageColumns} FROM packages WHERE name_key = @key AND version = @version", ReadPackage, ct,
            ("key", nameKey), ("version", version)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<PackageRecord> AddPackageAsync(PackageRecord package, CancellationToken ct)
    {
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        {
            try
            {
                // Only while the version exists: a package built as its version was being deleted leaves no row
                // behind (the delete removes the rows of its versions in the same transaction as the version).
                await ExecuteAsync(connection, null,
                    $"INSERT INTO packages ({PackageColumns}) SELECT @key, @version, @sha, @size, @built WHERE EXISTS (SELECT 1 FROM versions WHERE name_key = @key AND version = @version)", ct,
                    ("key", package.NameKey), ("version", package.Version), ("sha", package.Sha256), ("size", package.Size), ("built", Time(package.BuiltAt))).ConfigureAwait(false);
                return package;
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                // Another node recorded it first: its row holds (the bytes are the same, the build is deterministic).
            }
        }

        return await GetPackageAsync(package.NameKey, package.Version, ct).ConfigureAwait(false) ?? package;
    }

    private static PackageRecord ReadPackage(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), ParseTime(r.GetString(4)));
}
