using System.Data.Common;
using System.Globalization;

namespace OneClickPublish.Server.Storage;

internal abstract partial class SqlMetadataStore
{
    /// <summary>Held while a key is revoked over HTTP, so that two admins revoking each other at once cannot leave none ('#' is in no extension name).</summary>
    private const string KeysLock = "#keys";

    private const string KeyColumns = "id, name, scope, hash, created_at, revoked_at, extensions";

    public async Task<int> CountKeysAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM api_keys");
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<bool> TryInsertKeyAsync(ApiKeyRecord key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null,
                $"INSERT INTO api_keys ({KeyColumns}) VALUES (@id, @name, @scope, @hash, @created, NULL, @extensions)", ct,
                ("id", key.Id), ("name", key.Name), ("scope", key.Scope), ("hash", key.HashHex), ("created", Time(key.CreatedAt)), ("extensions", key.Extensions)).ConfigureAwait(false);
            return true;
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<ApiKeyRecord?> FindKeyAsync(string id, CancellationToken ct)
    {
        var keys = await QueryAsync($"SELECT {KeyColumns} FROM api_keys WHERE id = @id", ReadKey, ct, ("id", id)).ConfigureAwait(false);
        return keys.Count == 0 ? null : keys[0];
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {KeyColumns} FROM api_keys ORDER BY created_at, name", ReadKey, ct);

    public async Task<bool> RevokeKeyAsync(string nameOrId, DateTimeOffset when, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var count = await ExecuteAsync(connection, null,
            "UPDATE api_keys SET revoked_at = @when WHERE (id = @key OR name = @key) AND revoked_at IS NULL", ct,
            ("when", Time(when)), ("key", nameOrId)).ConfigureAwait(false);
        return count > 0;
    }

    public async Task<RevokeOutcome> RevokeKeyKeepingAnAdminAsync(string nameOrId, DateTimeOffset when, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await BeginLockedAsync(connection, KeysLock, ct).ConfigureAwait(false);
        var matched = await QueryAsync(connection, transaction, "SELECT scope FROM api_keys WHERE (id = @key OR name = @key) AND revoked_at IS NULL",
            static r => r.GetString(0), ct, ("key", nameOrId)).ConfigureAwait(false);
        if (matched.Count == 0)
        {
            return RevokeOutcome.NotFound;
        }

        var admins = await QueryAsync(connection, transaction, "SELECT COUNT(*) FROM api_keys WHERE scope = 'admin' AND revoked_at IS NULL",
            static r => r.GetInt64(0), ct).ConfigureAwait(false);
        if (matched.Contains("admin") && admins[0] <= matched.Count(static s => s == "admin"))
        {
            return RevokeOutcome.LastAdmin;
        }

        await ExecuteAsync(connection, transaction, "UPDATE api_keys SET revoked_at = @when WHERE (id = @key OR name = @key) AND revoked_at IS NULL", ct,
            ("when", Time(when)), ("key", nameOrId)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return RevokeOutcome.Revoked;
    }

    private static ApiKeyRecord ReadKey(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4)), r.IsDBNull(5) ? null : ParseTime(r.GetString(5)), NullableString(r, 6));
}
