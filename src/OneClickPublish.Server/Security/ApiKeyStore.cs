using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Security;

/// <summary>
/// A key as listed: everything but the key itself, which the server does not have.
/// <see cref="Extensions"/>: the patterns of the extensions it may use (<see cref="ApiKeyGrant"/>), null for every extension.
/// </summary>
public sealed record ApiKeyInfo(string Id, string Name, ApiKeyScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, IReadOnlyList<string>? Extensions = null)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key created, or why not: a coded refusal, which is a conflict when the name is taken.</summary>
internal sealed record ApiKeyCreation(CreatedApiKey? Created, Diagnostic? Error, bool NameTaken = false);

/// <summary>A key just created: <see cref="Key"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>
/// The Platform Server's API keys, usable without HTTP (by <c>oneclick server keys</c>) on the same
/// data directory or PostgreSQL database as the server. A key is <c>ocp_{id}_{secret}</c>: the id
/// finds the row, the SHA-256 of the whole key is what is stored, and the comparison is constant-time.
/// </summary>
public sealed partial class ApiKeyStore : IDisposable
{
    private const string Prefix = "ocp_";
    private readonly IMetadataStore _store;
    private readonly bool _ownsStore;

    internal ApiKeyStore(IMetadataStore store, bool ownsStore = false)
    {
        _store = store;
        _ownsStore = ownsStore;
    }

    /// <summary>Releases the database connection pool (PostgreSQL) the store opened; a no-op for the server's own store.</summary>
    public void Dispose()
    {
        if (_ownsStore)
        {
            (_store as IDisposable)?.Dispose();
        }
    }

    /// <summary>Opens the keys of the server whose data lives in <paramref name="dataDirectory"/> (or in PostgreSQL when a connection string is given).</summary>
    public static async Task<ApiKeyStore> OpenAsync(string dataDirectory, string? postgresConnectionString = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var store = MetadataStoreFactory.Create(dataDirectory, postgresConnectionString);
        try
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            (store as IDisposable)?.Dispose();
            throw;
        }

        return new ApiKeyStore(store, ownsStore: true);
    }

    /// <summary>Key names: letters, digits, '.', '_', '-' and '@', 1–100 characters.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Creates a key for every extension; the plaintext is returned once. Throws ArgumentException for an invalid name and InvalidOperationException when a key with this name exists and is not revoked.</summary>
    public Task<CreatedApiKey> CreateAsync(string name, ApiKeyScope scope, CancellationToken ct = default) => CreateAsync(name, scope, extensions: null, ct);

    /// <summary>
    /// Creates a key that may use the extensions <paramref name="extensions"/> names (patterns such as
    /// Geo*, see <see cref="ApiKeyGrant"/>; null for every extension); the plaintext is returned once.
    /// Throws ArgumentException for an invalid name or pattern, or an admin key limited to extensions,
    /// and InvalidOperationException when a key with this name exists and is not revoked.
    /// </summary>
    public async Task<CreatedApiKey> CreateAsync(string name, ApiKeyScope scope, IReadOnlyList<string>? extensions, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(scope))
        {
            throw new ArgumentOutOfRangeException(nameof(scope));
        }

        var creation = await TryCreateAsync(name, scope, extensions, ct).ConfigureAwait(false);
        return creation.Created ?? throw (creation.NameTaken
            ? new InvalidOperationException(creation.Error!.Message)
            : new ArgumentException(creation.Error!.Message, creation.Error.Descriptor == ServerDiagnostics.InvalidApiKeyName ? nameof(name) : nameof(extensions)));
    }

    /// <summary>Creates a key, or says why not with the code the HTTP API answers with.</summary>
    internal async Task<ApiKeyCreation> TryCreateAsync(string name, ApiKeyScope scope, IReadOnlyList<string>? extensions, CancellationToken ct)
    {
        if (!IsValidName(name))
        {
            return new ApiKeyCreation(null, Diagnostic.Create(ServerDiagnostics.InvalidApiKeyName, SourceLocation.None, name));
        }

        var granted = ApiKeyGrant.Normalize(extensions, out var patternError);
        if (patternError is not null)
        {
            return new ApiKeyCreation(null, patternError);
        }

        if (scope == ApiKeyScope.Admin && granted is not null)
        {
            return new ApiKeyCreation(null, Diagnostic.Create(ServerDiagnostics.AdminKeyLimited, SourceLocation.None, ApiKeyGrant.Describe(granted)));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{Prefix}{id}_{secret}";
        var record = new ApiKeyRecord(id, name, ScopeName(scope), Hash(key), DateTimeOffset.UtcNow, RevokedAt: null, ApiKeyGrant.Store(granted));
        if (!await _store.TryInsertKeyAsync(record, ct).ConfigureAwait(false))
        {
            return new ApiKeyCreation(null, Diagnostic.Create(ServerDiagnostics.ApiKeyNameTaken, SourceLocation.None, name), NameTaken: true);
        }

        return new ApiKeyCreation(new CreatedApiKey(ToInfo(record), key), null);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct = default) =>
        [.. (await _store.ListKeysAsync(ct).ConfigureAwait(false)).Select(ToInfo)];

    /// <summary>Revokes the key with this id or name; false when no such key is active.</summary>
    public Task<bool> RevokeAsync(string nameOrId, CancellationToken ct = default) =>
        _store.RevokeKeyAsync(nameOrId, DateTimeOffset.UtcNow, ct);

    /// <summary>Revokes the key with this id or name unless it is the last admin key not revoked (over HTTP: a team keeps a key that manages keys).</summary>
    internal Task<RevokeOutcome> RevokeKeepingAnAdminAsync(string nameOrId, CancellationToken ct) =>
        _store.RevokeKeyKeepingAnAdminAsync(nameOrId, DateTimeOffset.UtcNow, ct);

    /// <summary>The key with this id, else the key not revoked with this name; null when there is none.</summary>
    internal async Task<ApiKeyInfo?> FindAsync(string nameOrId, CancellationToken ct)
    {
        var keys = await ListAsync(ct).ConfigureAwait(false);
        return keys.FirstOrDefault(k => k.Id == nameOrId) ?? keys.FirstOrDefault(k => !k.IsRevoked && k.Name == nameOrId);
    }

    /// <summary>The key with this id when it is not revoked (a console session's key, checked on every request); null otherwise.</summary>
    internal async Task<ApiKeyInfo?> GetActiveAsync(string id, CancellationToken ct) =>
        await _store.FindKeyAsync(id, ct).ConfigureAwait(false) is { RevokedAt: null } record ? ToInfo(record) : null;

    internal Task<int> CountAsync(CancellationToken ct) => _store.CountKeysAsync(ct);

    /// <summary>The key's info when it is known and not revoked; null otherwise.</summary>
    internal async Task<ApiKeyInfo?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        var id = IdOf(presented);
        var record = id is null ? null : await _store.FindKeyAsync(id, ct).ConfigureAwait(false);
        var expected = Convert.FromHexString(record?.HashHex ?? new string('0', 64));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var matches = CryptographicOperations.FixedTimeEquals(actual, expected);
        return record is not null && matches && record.RevokedAt is null ? ToInfo(record) : null;
    }

    private static string? IdOf(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = key.IndexOf('_', Prefix.Length);
        return end == Prefix.Length + 16 ? key[Prefix.Length..end] : null;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string ScopeName(ApiKeyScope scope) => scope.ToString().ToLower(CultureInfo.InvariantCulture);

    public static bool TryParseScope(string? text, out ApiKeyScope scope) =>
        Enum.TryParse(text, ignoreCase: true, out scope) && Enum.IsDefined(scope) && !int.TryParse(text, out _);

    private static ApiKeyInfo ToInfo(ApiKeyRecord r) =>
        new(r.Id, r.Name, TryParseScope(r.Scope, out var scope) ? scope : ApiKeyScope.Read, r.CreatedAt, r.RevokedAt, ApiKeyGrant.Read(r.Extensions));

    // \z, not $: in .NET '$' also matches before a final '\n', which would let "ci\n" pass for a name.
    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,100}\z")]
    private static partial Regex NamePattern();
}
