namespace OneClickPublish.Diagnostics;

/// <summary>One error, warning or information line of the operation log.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, string Message, SourceLocation Location)
{
    public string Code => Descriptor.Code;

    public DiagnosticSeverity Severity => Descriptor.Severity;

    public string Details => Descriptor.Details;

    public static Diagnostic Create(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
        new(descriptor, descriptor.FormatMessage(args), location);

    /// <summary>The canonical MSBuild-style form: <c>file(line,col): error OCP1040: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        var where = Location.ToString();
        return where.Length == 0 ? $"{severity} {Code}: {Message}" : $"{where}: {severity} {Code}: {Message}";
    }
}
