namespace OneClickPublish.Server.Storage;

/// <summary>One step of the metadata schema: plain SQL that SQLite and PostgreSQL both run.</summary>
internal sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);

/// <summary>
/// The metadata schema as an ordered list of steps; a database records the steps it has had in
/// <c>schema_version</c>. A step is never edited once released (databases out there have had it):
/// a change is a new step at the end. Step 1 is the schema of the servers before schema versions,
/// statement for statement, so that a database they made is recognised as version 1.
/// </summary>
internal static class SchemaMigrations
{
    public const string VersionTable = "schema_version";

    /// <summary>Created before anything else, by every server that knows schema versions.</summary>
    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL)";

    /// <summary>A table every schema-1 database has: a database with it and no schema_version was made before schema versions.</summary>
    public const string Version1Marker = "api_keys";

    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "keys, extensions, versions, history, operations and their logs",
        [
            """
            CREATE TABLE IF NOT EXISTS api_keys (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, hash TEXT NOT NULL,
                created_at TEXT NOT NULL, revoked_at TEXT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL",
            "CREATE TABLE IF NOT EXISTS extensions (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, active_version TEXT NULL)",
            """
            CREATE TABLE IF NOT EXISTS versions (
                name_key TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL, published_at TEXT NOT NULL,
                published_by TEXT NOT NULL, deployment_path TEXT NOT NULL, definition TEXT NOT NULL,
                PRIMARY KEY (name_key, version))
            """,
            """
            CREATE TABLE IF NOT EXISTS version_files (
                name_key TEXT NOT NULL, version TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, size BIGINT NOT NULL,
                PRIMARY KEY (name_key, version, path))
            """,
            """
            CREATE TABLE IF NOT EXISTS history (
                id TEXT PRIMARY KEY, name_key TEXT NOT NULL, time TEXT NOT NULL, action TEXT NOT NULL,
                version TEXT NOT NULL, previous_version TEXT NULL, by_key TEXT NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS operations (
                id TEXT PRIMARY KEY, name_key TEXT NOT NULL, extension TEXT NOT NULL, version TEXT NOT NULL,
                upload_id TEXT NOT NULL, sha256 TEXT NOT NULL, state TEXT NOT NULL, stage TEXT NOT NULL,
                created_at TEXT NOT NULL, finished_at TEXT NULL, created_by TEXT NOT NULL, node TEXT NOT NULL,
                deployment_path TEXT NULL)
            """,
            // The database itself refuses a second unfinished publish of one extension, whichever node asks.
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_operations_one_unfinished ON operations (name_key) WHERE state IN ('queued', 'running')",
            """
            CREATE TABLE IF NOT EXISTS operation_log (
                operation_id TEXT NOT NULL, sequence BIGINT NOT NULL, kind TEXT NOT NULL, stage TEXT NULL, status TEXT NULL,
                code TEXT NULL, message TEXT NULL, details TEXT NULL, location TEXT NULL, duration_ms BIGINT NULL, time TEXT NOT NULL,
                PRIMARY KEY (operation_id, sequence))
            """,
        ]),
        new(2, "the extensions an API key may use",
        [
            // Comma-separated patterns (Geo*, Maps); NULL for every extension, which keys made before keep.
            "ALTER TABLE api_keys ADD COLUMN extensions TEXT NULL",
        ]),
        new(3, "the NuGet feed's packages, each a blob referenced here",
        [
            """
            CREATE TABLE packages (
                name_key TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL, size BIGINT NOT NULL, built_at TEXT NOT NULL,
                PRIMARY KEY (name_key, version))
            """,
        ]),
        new(4, "web console sessions, nodes seen, indexes for the console's lists",
        [
            // A session holds the SHA-256 of its cookie's value, never the value, and the key's id, never the key.
            """
            CREATE TABLE IF NOT EXISTS console_sessions (
                id_hash TEXT PRIMARY KEY, key_id TEXT NOT NULL, csrf TEXT NOT NULL,
                created_at TEXT NOT NULL, expires_at TEXT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_console_sessions_expires ON console_sessions (expires_at)",
            "CREATE TABLE IF NOT EXISTS nodes (name TEXT PRIMARY KEY, version TEXT NOT NULL, started_at TEXT NOT NULL, seen_at TEXT NOT NULL)",
            // The extensions page reads each extension's last publish and last operation: by extension, newest first.
            "CREATE INDEX IF NOT EXISTS ix_history_name_key_time ON history (name_key, time)",
            "CREATE INDEX IF NOT EXISTS ix_operations_name_key_created ON operations (name_key, created_at)",
        ]),
    ];

    public static int Latest => All[^1].Version;
}
