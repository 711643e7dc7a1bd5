using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Build.Framework;

namespace OneClickPublish.Tasks.Logging;

/// <summary>
/// An MSBuild logger that streams the events the oneclick tool needs (errors, warnings, coded or
/// high-importance messages, the OneClick targets and the compile starting, finishing or being
/// skipped, the end of the build)
/// as one JSON object per line to a file. The tool runs the extension's own build with this
/// logger and follows the file, so that nothing the tasks do is written again in the tool.
/// </summary>
/// <remarks>
/// Use: <c>-logger:OneClickPublish.Tasks.Logging.EventStreamLogger,path/to/OneClickPublish.Tasks.dll;LogFile=events.jsonl</c>
/// (a bare path after the <c>;</c> works too). Each line is flushed as it is written so a reader
/// following the file sees events while the build runs. Deliberately depends only on
/// Microsoft.Build.Framework and the BCL: it is loaded by MSBuild from the tool's folder.
/// </remarks>
public sealed class EventStreamLogger : INodeLogger
{
    /// <summary>Targets whose start and end are streamed: the pipeline's own.</summary>
    private const string TargetPrefix = "OneClick";

    /// <summary>The one target not of the pipeline that is streamed: Verify's third step, Compile the Extension, runs it.</summary>
    private const string CompileTarget = "CoreCompile";

    private readonly object _gate = new(); // not System.Threading.Lock: that is .NET 9, and this builds for net8.0
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Stream? _stream;

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;

    public string? Parameters { get; set; }

    /// <summary>The file the events are written to, from <see cref="Parameters"/>.</summary>
    public string? LogFile { get; private set; }

    public void Initialize(IEventSource eventSource, int nodeCount) => Initialize(eventSource);

    public void Initialize(IEventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        LogFile = ParseLogFile(Parameters);
        if (string.IsNullOrWhiteSpace(LogFile))
        {
            throw new LoggerException("EventStreamLogger needs the file to write to: -logger:OneClickPublish.Tasks.Logging.EventStreamLogger,<assembly>;LogFile=<path>");
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(LogFile));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            // FileShare.Read: the tool follows the file while the build writes it.
            _stream = new FileStream(LogFile, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LoggerException($"EventStreamLogger cannot write to '{LogFile}': {e.Message}", e);
        }

        eventSource.ErrorRaised += (_, e) => OnError(e);
        eventSource.WarningRaised += (_, e) => OnWarning(e);
        eventSource.MessageRaised += (_, e) => OnMessage(e);
        eventSource.TargetStarted += (_, e) => OnTargetStarted(e);
        eventSource.TargetFinished += (_, e) => OnTargetFinished(e);
        eventSource.BuildFinished += (_, e) => OnBuildFinished(e);
    }

    public void Shutdown()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    /// <summary>The file from the parameters: <c>LogFile=path</c>, or else the first bare value.</summary>
    public static string? ParseLogFile(string? parameters)
    {
        if (string.IsNullOrWhiteSpace(parameters))
        {
            return null;
        }

        string? bare = null;
        foreach (var part in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                bare ??= Unquote(part);
            }
            else if (part[..equals].Trim().Equals("LogFile", StringComparison.OrdinalIgnoreCase))
            {
                return Unquote(part[(equals + 1)..].Trim());
            }
        }

        return bare;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private void OnError(BuildErrorEventArgs e) =>
        WriteDiagnostic("error", e.Code, e.Message, e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, e.Subcategory, e.HelpKeyword, e.HelpLink, e.ProjectFile, e.SenderName, e.Timestamp);

    private void OnWarning(BuildWarningEventArgs e) =>
        WriteDiagnostic("warning", e.Code, e.Message, e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, e.Subcategory, e.HelpKeyword, e.HelpLink, e.ProjectFile, e.SenderName, e.Timestamp);

    // Errors and warnings share no base type in MSBuild's API, so their fields come in one by one.
    private void WriteDiagnostic(string type, string? code, string? message, string? file, int line, int column, int endLine, int endColumn,
        string? subcategory, string? helpKeyword, string? helpLink, string? projectFile, string? sender, DateTime timestamp) => Write(w =>
    {
        w.WriteString("type", type);
        WriteLocated(w, code, message, file, line, column, endLine, endColumn);
        WriteOptional(w, "subcategory", subcategory);
        WriteOptional(w, "helpKeyword", helpKeyword);
        WriteOptional(w, "helpLink", helpLink);
        WriteOptional(w, "projectFile", projectFile);
        WriteOptional(w, "sender", sender);
        WriteTimestamp(w, timestamp);
    });

    private void OnMessage(BuildMessageEventArgs e)
    {
        if (e is TargetSkippedEventArgs skipped)
        {
            OnTargetSkipped(skipped);
            return;
        }

        // Coded messages are the pipeline's information and stage lines; high importance is what
        // a normal console log shows; at -v detailed (diagnostic) normal (and low) importance too,
        // as a console logger would show them. Everything else stays out of the stream.
        var important = e.Importance == MessageImportance.High || e is CriticalBuildMessageEventArgs
            || (e.Importance == MessageImportance.Normal && Verbosity >= LoggerVerbosity.Detailed)
            || Verbosity >= LoggerVerbosity.Diagnostic;
        if (string.IsNullOrEmpty(e.Code) && !important)
        {
            return;
        }

        Write(w =>
        {
            w.WriteString("type", "message");
            w.WriteString("importance", e is CriticalBuildMessageEventArgs ? "critical" : e.Importance switch
            {
                MessageImportance.High => "high",
                MessageImportance.Normal => "normal",
                _ => "low",
            });
            WriteLocated(w, e.Code, e.Message, e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber);
            WriteOptional(w, "subcategory", e.Subcategory);
            WriteOptional(w, "helpKeyword", e.HelpKeyword);
            WriteOptional(w, "projectFile", e.ProjectFile);
            WriteOptional(w, "sender", e.SenderName);
            WriteTimestamp(w, e.Timestamp);
        });
    }

    private void OnTargetStarted(TargetStartedEventArgs e)
    {
        if (!IsPipelineTarget(e.TargetName))
        {
            return;
        }

        Write(w =>
        {
            w.WriteString("type", "targetStarted");
            w.WriteString("target", e.TargetName);
            WriteOptional(w, "projectFile", e.ProjectFile);
            WriteTimestamp(w, e.Timestamp);
        });
    }

    private void OnTargetFinished(TargetFinishedEventArgs e)
    {
        if (!IsPipelineTarget(e.TargetName))
        {
            return;
        }

        Write(w =>
        {
            w.WriteString("type", "targetFinished");
            w.WriteString("target", e.TargetName);
            w.WriteBoolean("succeeded", e.Succeeded);
            WriteOptional(w, "projectFile", e.ProjectFile);
            WriteTimestamp(w, e.Timestamp);
        });
    }

    /// <summary>
    /// A streamed target that did not run its tasks: its outputs were up to date (it still
    /// started and finished), its condition was false, or it already ran in this build. The tool
    /// says "up to date" for a step whose targets were all skipped so.
    /// </summary>
    private void OnTargetSkipped(TargetSkippedEventArgs e)
    {
        if (!IsPipelineTarget(e.TargetName))
        {
            return;
        }

        Write(w =>
        {
            w.WriteString("type", "targetSkipped");
            w.WriteString("target", e.TargetName);
            w.WriteString("reason", e.SkipReason switch
            {
                TargetSkipReason.OutputsUpToDate => "outputsUpToDate",
                TargetSkipReason.ConditionWasFalse => "conditionWasFalse",
                TargetSkipReason.PreviouslyBuiltSuccessfully => "previouslyBuiltSuccessfully",
                TargetSkipReason.PreviouslyBuiltUnsuccessfully => "previouslyBuiltUnsuccessfully",
                _ => "other",
            });
            WriteOptional(w, "projectFile", e.ProjectFile);
            WriteTimestamp(w, e.Timestamp);
        });
    }

    private void OnBuildFinished(BuildFinishedEventArgs e) => Write(w =>
    {
        w.WriteString("type", "buildFinished");
        w.WriteBoolean("succeeded", e.Succeeded);
        WriteTimestamp(w, e.Timestamp);
    });

    private static bool IsPipelineTarget(string? name) =>
        name is not null && (name.StartsWith(TargetPrefix, StringComparison.OrdinalIgnoreCase) || string.Equals(name, CompileTarget, StringComparison.OrdinalIgnoreCase));

    private static void WriteLocated(Utf8JsonWriter w, string? code, string? message, string? file, int line, int column, int endLine, int endColumn)
    {
        WriteOptional(w, "code", code);
        w.WriteString("message", message ?? string.Empty);
        WriteOptional(w, "file", file);
        if (line > 0)
        {
            w.WriteNumber("line", line);
        }

        if (column > 0)
        {
            w.WriteNumber("column", column);
        }

        if (endLine > 0)
        {
            w.WriteNumber("endLine", endLine);
        }

        if (endColumn > 0)
        {
            w.WriteNumber("endColumn", endColumn);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteTimestamp(Utf8JsonWriter w, DateTime timestamp) =>
        w.WriteString("time", timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    private void Write(Action<Utf8JsonWriter> body)
    {
        lock (_gate)
        {
            if (_stream is null)
            {
                return;
            }

            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer))
            {
                writer.WriteStartObject();
                body(writer);
                writer.WriteEndObject();
            }

            _buffer.Write("\n"u8);
            _stream.Write(_buffer.WrittenSpan);
            _stream.Flush();
        }
    }
}
