namespace OneClickPublish.Diagnostics;

/// <summary>The three kinds of operation-log line that carry a code.</summary>
public enum DiagnosticSeverity
{
    Information,
    Warning,
    Error,
}
