using System.Text.Encodings.Web;
using System.Text.Json;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Output;

/// <summary>
/// One JSON object per line and per event, for other tools: <c>runStarted</c>, <c>stageStarted</c>,
/// <c>stageEnded</c>, <c>stepStarted</c>, <c>stepEnded</c>, <c>error</c>, <c>warning</c>, <c>information</c>, <c>progress</c>,
/// <c>runFinished</c>. Field names are camelCase; docs/tool.md lists them.
/// </summary>
internal sealed class JsonOutput(TextWriter writer) : IOperationSink
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();

    public void Report(OperationEvent operationEvent)
    {
        ArgumentNullException.ThrowIfNull(operationEvent);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            Write(json, operationEvent);
            json.WriteString("time", operationEvent.Time);
            json.WriteEndObject();
        }

        var line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static void Write(Utf8JsonWriter json, OperationEvent operationEvent)
    {
        switch (operationEvent)
        {
            case RunStarted r:
                json.WriteString("event", "runStarted");
                json.WriteString("step", r.Step.ToString());
                break;
            case StageStarted s:
                json.WriteString("event", "stageStarted");
                json.WriteString("stage", s.Stage.ToString());
                break;
            case StageEnded s:
                json.WriteString("event", "stageEnded");
                json.WriteString("stage", s.Stage.ToString());
                json.WriteString("status", s.Succeeded ? "succeeded" : "failed");
                json.WriteNumber("durationMs", (long)s.Duration.TotalMilliseconds);
                if (!string.IsNullOrEmpty(s.Detail))
                {
                    json.WriteString("detail", s.Detail);
                }

                break;
            case StepStarted s:
                json.WriteString("event", "stepStarted");
                json.WriteString("stage", Pipeline.Stage.Verify.ToString());
                json.WriteString("step", s.Step.ToString());
                json.WriteString("title", s.Step.Title());
                break;
            case StepEnded s:
                json.WriteString("event", "stepEnded");
                json.WriteString("stage", Pipeline.Stage.Verify.ToString());
                json.WriteString("step", s.Step.ToString());
                json.WriteString("title", s.Step.Title());
                json.WriteString("status", s.Status switch
                {
                    StepStatus.Succeeded => "succeeded",
                    StepStatus.UpToDate => "upToDate",
                    StepStatus.Failed => "failed",
                    _ => "notRun",
                });
                json.WriteNumber("durationMs", (long)s.Duration.TotalMilliseconds);
                break;
            case StageProgress p:
                json.WriteString("event", "progress");
                json.WriteString("stage", p.Stage.ToString());
                json.WriteNumber("percent", p.Percent);
                json.WriteString("detail", p.Detail);
                break;
            case DiagnosticReported d:
                json.WriteString("event", d.Severity switch
                {
                    DiagnosticSeverity.Error => "error",
                    DiagnosticSeverity.Warning => "warning",
                    _ => "information",
                });
                if (d.Code is not null)
                {
                    json.WriteString("code", d.Code);
                }

                json.WriteString("message", d.Message);
                WriteLocation(json, d.Location);
                if (d.Stage is { } stage)
                {
                    json.WriteString("stage", stage.ToString());
                }

                if (DiagnosticCatalog.Find(d.Code) is { } descriptor)
                {
                    json.WriteString("title", descriptor.Title);
                    json.WriteString("details", descriptor.Details);
                }

                if (DiagnosticCatalog.HelpFor(d.Code, d.HelpLink) is { } help)
                {
                    json.WriteString("helpLink", help);
                }

                break;
            case RunFinished f:
                json.WriteString("event", "runFinished");
                json.WriteString("step", f.Step.ToString());
                json.WriteString("result", f.Result switch
                {
                    RunResult.Succeeded => "succeeded",
                    RunResult.Cancelled => "cancelled",
                    RunResult.ServerUnreachable => "serverUnreachable",
                    _ => "failed",
                });
                json.WriteNumber("exitCode", ExitCodes.Of(f.Result));
                json.WriteNumber("errors", f.Errors);
                json.WriteNumber("warnings", f.Warnings);
                json.WriteNumber("durationMs", (long)f.Duration.TotalMilliseconds);
                break;
        }
    }

    private static void WriteLocation(Utf8JsonWriter json, SourceLocation location)
    {
        if (location.File is not null)
        {
            json.WriteString("file", location.File);
        }

        if (location.Line > 0)
        {
            json.WriteNumber("line", location.Line);
        }

        if (location.Column > 0)
        {
            json.WriteNumber("column", location.Column);
        }

        if (!string.IsNullOrEmpty(location.ElementPath))
        {
            json.WriteString("elementPath", location.ElementPath);
        }
    }
}
