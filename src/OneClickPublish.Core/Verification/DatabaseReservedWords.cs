namespace OneClickPublish.Verification;

/// <summary>
/// Words that the databases an extension's entities may live in reserve, so that a column named after one
/// must be quoted in every statement (and some tools and ORMs do not): the reserved keywords of SQL Server
/// (T-SQL), Oracle (V$RESERVED_WORDS with RESERVED = 'Y') and PostgreSQL (reserved, not "non-reserved"),
/// and MySQL's reserved words that are common as column names. One list, in docs/diagnostics/OCP1079.md too.
/// </summary>
internal static class DatabaseReservedWords
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "ACCESS", "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUDIT", "AUTHORIZATION", "BACKUP", "BEGIN",
        "BETWEEN", "BREAK", "BROWSE", "BULK", "BY", "CASCADE", "CASE", "CHECK", "CHECKPOINT", "CLOSE", "CLUSTER",
        "CLUSTERED", "COALESCE", "COLLATE", "COLUMN", "COMMENT", "COMMIT", "COMPRESS", "COMPUTE", "CONNECT",
        "CONSTRAINT", "CONTAINS", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
        "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE", "DATE", "DBCC", "DEALLOCATE",
        "DECIMAL", "DECLARE", "DEFAULT", "DELETE", "DENY", "DESC", "DISK", "DISTINCT", "DISTRIBUTED", "DO",
        "DOUBLE", "DROP", "DUMP", "ELSE", "END", "ERRLVL", "ESCAPE", "EXCEPT", "EXCLUSIVE", "EXEC", "EXECUTE",
        "EXISTS", "EXIT", "FETCH", "FILE", "FILLFACTOR", "FLOAT", "FOR", "FOREIGN", "FREETEXT", "FROM", "FULL",
        "FUNCTION", "GOTO", "GRANT", "GROUP", "HAVING", "HOLDLOCK", "IDENTIFIED", "IDENTITY", "IF", "IMMEDIATE",
        "IN", "INCREMENT", "INDEX", "INITIAL", "INNER", "INSERT", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS",
        "JOIN", "KEY", "KILL", "LEADING", "LEFT", "LEVEL", "LIKE", "LIMIT", "LINENO", "LOAD", "LOCK", "LONG",
        "MAXEXTENTS", "MERGE", "MINUS", "MODE", "MODIFY", "NATIONAL", "NATURAL", "NOCHECK", "NOCOMPRESS",
        "NONCLUSTERED", "NOT", "NOWAIT", "NULL", "NULLIF", "NUMBER", "OF", "OFF", "OFFLINE", "OFFSET",
        "OFFSETS", "ON", "ONLINE", "ONLY", "OPEN", "OPTION", "OR", "ORDER", "OUTER", "OVER", "PERCENT", "PIVOT",
        "PLACING", "PLAN", "PRECISION", "PRIMARY", "PRINT", "PRIOR", "PRIVILEGES", "PROC", "PROCEDURE", "PUBLIC",
        "RAISERROR", "RAW", "READ", "READTEXT", "RECONFIGURE", "REFERENCES", "RENAME", "REPLICATION", "RESOURCE",
        "RESTORE", "RESTRICT", "RETURN", "RETURNING", "REVERT", "REVOKE", "RIGHT", "ROLLBACK", "ROW", "ROWCOUNT",
        "ROWGUIDCOL", "ROWID", "ROWNUM", "ROWS", "RULE", "SAVE", "SCHEMA", "SELECT", "SESSION", "SESSION_USER",
        "SET", "SETUSER", "SHARE", "SHUTDOWN", "SIZE", "SMALLINT", "SOME", "START", "STATISTICS", "SUCCESSFUL",
        "SYNONYM", "SYSDATE", "SYSTEM_USER", "TABLE", "TABLESAMPLE", "TEXTSIZE", "THEN", "TO", "TOP", "TRAN",
        "TRANSACTION", "TRIGGER", "TRUNCATE", "UID", "UNION", "UNIQUE", "UNPIVOT", "UPDATE", "UPDATETEXT", "USE",
        "USER", "USING", "VALIDATE", "VALUES", "VARCHAR", "VARCHAR2", "VARIADIC", "VARYING", "VIEW", "WAITFOR",
        "WHEN", "WHENEVER", "WHERE", "WHILE", "WINDOW", "WITH", "WITHIN", "WRITETEXT",
    };

    public static bool Contains(string name) => Words.Contains(name);
}
