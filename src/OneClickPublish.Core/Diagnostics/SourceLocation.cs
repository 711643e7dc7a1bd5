namespace OneClickPublish.Diagnostics;

/// <summary>
/// Where a diagnostic points: a file with 1-based line and column (0 when unknown), and, when
/// clearer than a line, the element path such as <c>Action ChargeCard › Input Amount</c>.
/// </summary>
public sealed record SourceLocation(string? File, int Line = 0, int Column = 0, string? ElementPath = null)
{
    public static SourceLocation None { get; } = new(File: null);

    public SourceLocation WithElementPath(string? elementPath) => this with { ElementPath = elementPath };

    public override string ToString()
    {
        var where = File ?? string.Empty;
        if (Line > 0)
        {
            where += Column > 0 ? $"({Line},{Column})" : $"({Line})";
        }

        if (!string.IsNullOrEmpty(ElementPath))
        {
            where = where.Length == 0 ? ElementPath : $"{where} [{ElementPath}]";
        }

        return where;
    }
}
