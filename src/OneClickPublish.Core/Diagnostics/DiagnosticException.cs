namespace OneClickPublish.Diagnostics;

/// <summary>
/// Thrown where a step cannot go on at all (a file that cannot be read, a server that refuses);
/// carries a coded diagnostic so that callers report it instead of a stack trace.
/// </summary>
public sealed class DiagnosticException : Exception
{
    public DiagnosticException(Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic.Message, inner)
    {
        Diagnostic = diagnostic;
    }

    public Diagnostic Diagnostic { get; }

    public static DiagnosticException Create(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
        new(Diagnostic.Create(descriptor, location, args));
}
