namespace OneClickPublish.Server.Storage;

internal static class MetadataStoreFactory
{
    public const string DatabaseFileName = "metadata.db";

    /// <summary>PostgreSQL when a connection string is given (several nodes), else SQLite in the data directory.</summary>
    public static SqlMetadataStore Create(string dataDirectory, string? postgresConnectionString) =>
        string.IsNullOrWhiteSpace(postgresConnectionString)
            ? new SqliteMetadataStore(Path.Combine(dataDirectory, DatabaseFileName))
            : new PostgresMetadataStore(postgresConnectionString);
}
