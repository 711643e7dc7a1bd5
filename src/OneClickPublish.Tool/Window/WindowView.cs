using System.Text;
using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Tool.Operation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OneClickPublish.Tool.Window;

/// <summary>
/// Draws the 1-Click Publish window from its state: the five stage markers with the progress bar,
/// the operation log with the selected line, the details of that line, and the keys on offer.
/// A pure function of the state and the screen size, so tests render it on a test console.
/// </summary>
internal static class WindowView
{
    private const int HeaderHeight = 4;
    private const int DetailsHeight = 10;
    private const int KeysHeight = 1;

    public static IRenderable Render(OperationState state, int width, int height, bool unicode)
    {
        ArgumentNullException.ThrowIfNull(state);
        var glyphs = unicode ? Glyphs.Unicode : Glyphs.Ascii;
        var logHeight = Math.Max(3, height - HeaderHeight - DetailsHeight - KeysHeight - 2);
        var border = unicode ? BoxBorder.Rounded : BoxBorder.Ascii;

        var header = new Panel(new Rows(Markers(state, glyphs), ProgressBar(state, width - 4, glyphs)))
        {
            Header = new PanelHeader($" 1-Click Publish · {Markup.Escape(state.Title)} "),
            Border = border,
            Expand = true,
        };
        var log = new Panel(Log(state, logHeight, width - 6, glyphs))
        {
            Header = new PanelHeader(state.Watching ? " Operation log (watching for changes) " : " Operation log "),
            Border = border,
            Expand = true,
            Height = logHeight + 2,
        };
        var details = new Panel(Details(state.SelectedLine))
        {
            Header = new PanelHeader(" Details "),
            Border = border,
            Expand = true,
            Height = DetailsHeight,
        };
        return new Rows(header, log, details, Keys(state, glyphs));
    }

    /// <summary>The five markers; the running one highlighted (reverse video: visible without colours too).</summary>
    internal static IRenderable Markers(OperationState state, Glyphs glyphs)
    {
        var parts = new List<string>();
        foreach (var stage in Enum.GetValues<Stage>())
        {
            parts.Add(state.Marker(stage) switch
            {
                MarkerState.Running => $"[bold invert] {glyphs.Running} {stage} [/]",
                MarkerState.Succeeded => $"[green] {glyphs.Succeeded} {stage} [/]",
                MarkerState.Failed => $"[bold red] {glyphs.Failed} {stage} [/]",
                _ => $"[grey] {glyphs.Pending} {stage} [/]",
            });
        }

        return new Markup(string.Join($"[grey]{glyphs.Link}[/]", parts));
    }

    /// <summary>One bar for the whole chain: a fifth per finished stage plus the running stage's percent.</summary>
    internal static IRenderable ProgressBar(OperationState state, int width, Glyphs glyphs)
    {
        var stages = Enum.GetValues<Stage>();
        var done = stages.Count(s => state.Marker(s) is MarkerState.Succeeded or MarkerState.Failed);
        var progress = state.Progress;
        var fraction = (done + (progress is { } p && state.Marker(p.Stage) == MarkerState.Running ? p.Percent / 100.0 : 0)) / stages.Length;
        var label = progress is { } current
            ? $" {current.Stage} {current.Percent}%{(current.Detail.Length > 0 ? $" ({current.Detail})" : string.Empty)}"
            : state.RunningStep is { } verifyStep ? $" {Stage.Verify}: {verifyStep.Title()}…"
            : state.Running is not null && state.CurrentStage is { } stage ? $" {stage}…" // the stage that runs, not the step asked for (Publish runs Upload too)
            : state.Running is { } step ? $" {step}…" : StatusText(state);
        var barWidth = Math.Max(10, Math.Min(width, 100) - label.Length - 1);
        var filled = (int)Math.Round(fraction * barWidth);
        var failed = stages.Any(s => state.Marker(s) == MarkerState.Failed);
        var color = failed ? "red" : "green";
        return new Markup($"[{color}]{new string(glyphs.BarFull, filled)}[/][grey]{new string(glyphs.BarEmpty, barWidth - filled)}[/]{Markup.Escape(label)}");
    }

    private static string StatusText(OperationState state) => state.LastResult switch
    {
        RunResult.Succeeded => " done",
        RunResult.Cancelled => " cancelled",
        RunResult.ServerUnreachable => " server unreachable",
        RunResult.ExtensionErrors => " stopped at errors",
        _ => string.Empty,
    };

    internal static IRenderable Log(OperationState state, int visible, int width, Glyphs glyphs)
    {
        var lines = state.Lines;
        var selected = state.Selected;
        if (lines.Count == 0)
        {
            return new Markup(state.Running is null ? "[grey](empty)[/]" : "[grey]building…[/]");
        }

        // A window of lines that keeps the selection in view, the newest lines when it is at the end.
        var first = Math.Clamp(selected - visible + 1, 0, Math.Max(0, lines.Count - visible));
        if (selected >= 0 && selected < first)
        {
            first = selected;
        }

        var rows = new List<IRenderable>();
        for (var i = first; i < Math.Min(lines.Count, first + visible); i++)
        {
            // One row per line, cut to the panel's width: the details pane shows it whole.
            var plain = LineText(lines[i], glyphs).ReplaceLineEndings(" ");
            var text = Markup.Escape(plain.Length > width ? plain[..Math.Max(1, width - 1)] + "…" : plain);
            var style = LineStyle(lines[i]);
            rows.Add(i == selected
                ? new Markup($"[invert]{glyphs.Selected} {text}[/]") { Overflow = Overflow.Ellipsis }
                : new Markup($"  [{style}]{text}[/]") { Overflow = Overflow.Ellipsis });
        }

        return new Rows(rows);
    }

    /// <summary>The one-line text of a log line (also what tests read).</summary>
    internal static string LineText(OperationEvent line, Glyphs glyphs) => line switch
    {
        StageStarted s => $"{glyphs.Running} {s.Stage} started",
        StageEnded { Succeeded: true } s => $"{glyphs.Succeeded} {s.Stage} succeeded in {PipelineDiagnostics.FormatDuration(s.Duration)}{(s.Detail is null ? string.Empty : ": " + s.Detail)}",
        StageEnded s => $"{glyphs.Failed} {s.Stage} failed after {PipelineDiagnostics.FormatDuration(s.Duration)}{(s.Detail is null ? string.Empty : ": " + s.Detail)}",
        // Indented: the steps are Verify's, under its stage line.
        StepEnded s => $"  {StepGlyph(s.Status, glyphs)} {s.Text}",
        DiagnosticReported d => $"{SeverityGlyph(d.Severity, glyphs)} {Head(d)} {Where(d.Location)}{d.Message}",
        _ => line.ToString() ?? string.Empty,
    };

    private static string Head(DiagnosticReported d)
    {
        var severity = d.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return d.Code is null ? severity + ":" : $"{severity} {d.Code}:";
    }

    private static string Where(SourceLocation location)
    {
        if (location.File is null)
        {
            return string.Empty;
        }

        var where = ShortPath(location.File);
        if (location.Line > 0)
        {
            where += location.Column > 0 ? $"({location.Line},{location.Column})" : $"({location.Line})";
        }

        return where + " ";
    }

    /// <summary>Paths under the current folder are shown relative to it: the window is narrow.</summary>
    private static string ShortPath(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string StepGlyph(StepStatus status, Glyphs glyphs) => status switch
    {
        StepStatus.Failed => glyphs.Failed,
        StepStatus.NotRun => glyphs.Pending,
        _ => glyphs.Succeeded,
    };

    private static string SeverityGlyph(DiagnosticSeverity severity, Glyphs glyphs) => severity switch
    {
        DiagnosticSeverity.Error => glyphs.Failed,
        DiagnosticSeverity.Warning => glyphs.Warning,
        _ => glyphs.Information,
    };

    private static string LineStyle(OperationEvent line) => line switch
    {
        StageEnded { Succeeded: true } => "green",
        StageEnded => "red",
        StepEnded { Status: StepStatus.Failed } => "red",
        StepEnded { Status: StepStatus.NotRun } => "grey",
        StepEnded => "green",
        DiagnosticReported { Severity: DiagnosticSeverity.Error } => "red",
        DiagnosticReported { Severity: DiagnosticSeverity.Warning } => "yellow",
        DiagnosticReported => "blue",
        _ => "default",
    };

    /// <summary>The selected line in full: what it is, where, what it means and where its help page is.</summary>
    internal static IRenderable Details(OperationEvent? line)
    {
        if (line is null)
        {
            return new Markup("[grey]Select a line of the log with ↑ and ↓ to see its details.[/]");
        }

        var text = new StringBuilder();
        string? code;
        string? help = null;
        switch (line)
        {
            case DiagnosticReported d:
                code = d.Code;
                var descriptor = DiagnosticCatalog.Find(code);
                var title = descriptor?.Title ?? d.Severity.ToString();
                text.AppendLine($"[bold]{Markup.Escape(d.Severity.ToString())}{(code is null ? string.Empty : " " + Markup.Escape(code))}[/] · {Markup.Escape(title)}");
                text.AppendLine(Markup.Escape(d.Message));
                var location = LocationText(d.Location);
                if (location.Length > 0)
                {
                    text.AppendLine($"[bold]Location:[/] {Markup.Escape(location)}");
                }

                if (descriptor is not null)
                {
                    text.AppendLine(Markup.Escape(descriptor.Details));
                }

                help = DiagnosticCatalog.HelpFor(code, d.HelpLink);
                break;
            case StageStarted s:
                code = PipelineDiagnostics.StageStarted.Code;
                text.AppendLine($"[bold]{s.Stage} started[/] at {s.Time.ToLocalTime():HH:mm:ss}");
                text.AppendLine(Markup.Escape(StageDescription(s.Stage)));
                break;
            case StageEnded e:
                code = e.Succeeded ? PipelineDiagnostics.StageSucceeded.Code : PipelineDiagnostics.StageFailed.Code;
                text.AppendLine($"[bold]{e.Stage} {(e.Succeeded ? "succeeded" : "failed")}[/] in {PipelineDiagnostics.FormatDuration(e.Duration)}");
                if (e.Detail is not null)
                {
                    text.AppendLine(Markup.Escape(e.Detail));
                }

                text.AppendLine(Markup.Escape((e.Succeeded ? PipelineDiagnostics.StageSucceeded : PipelineDiagnostics.StageFailed).Details));
                break;
            case StepEnded step:
                code = null;
                text.AppendLine($"[bold]{Markup.Escape(step.Text)}[/] · step {(int)step.Step + 1} of 3 of Verify");
                text.AppendLine(Markup.Escape(step.Step.Description()));
                text.AppendLine(Markup.Escape(step.Status switch
                {
                    StepStatus.UpToDate => "Nothing it reads changed since it last succeeded, so it did not run again.",
                    StepStatus.Failed => "The errors above this line say what to fix; then Verify Again.",
                    StepStatus.NotRun => "An earlier step failed, so Verify stopped before this one.",
                    _ => "It ran and found no errors.",
                }));
                break;
            default:
                return new Text(line.ToString() ?? string.Empty);
        }

        if (help is not null)
        {
            text.AppendLine($"[bold]Help:[/] {Markup.Escape(help)}");
        }

        return new Markup(text.ToString().TrimEnd());
    }

    private static string LocationText(SourceLocation location)
    {
        var parts = new List<string>();
        if (location.File is not null)
        {
            var file = location.File;
            if (location.Line > 0)
            {
                file += $", line {location.Line}";
                if (location.Column > 0)
                {
                    file += $", column {location.Column}";
                }
            }

            parts.Add(file);
        }

        if (!string.IsNullOrEmpty(location.ElementPath))
        {
            parts.Add(location.ElementPath);
        }

        return string.Join(" · ", parts);
    }

    internal static string StageDescription(Stage stage) => stage switch
    {
        Stage.Verify => "Verify: the definition is checked, the generated code is brought in line with it, the project is compiled and the built assembly checked against the definition.",
        Stage.Save => "Save: the extension is packed into a .xif file.",
        Stage.Upload => "Upload: the .xif goes to the Platform Server (resumable, integrity-checked).",
        Stage.Publish => "Publish: the server validates the upload and registers the version.",
        _ => "Deploy: the server activates the new version atomically.",
    };

    /// <summary>The key bar: only the actions on offer, as the seed's window greys out its buttons.</summary>
    internal static IRenderable Keys(OperationState state, Glyphs glyphs)
    {
        var keys = state.OfferedActions.Select(action => action switch
        {
            WindowAction.VerifyAgain => "[bold]V[/] Verify Again",
            WindowAction.Save => "[bold]S[/] Save",
            WindowAction.Upload => "[bold]U[/] Upload",
            WindowAction.Publish => "[bold]P[/] Publish",
            _ => state.Running is null ? "[bold]C[/] Close" : "[bold]C[/] Cancel and close",
        }).ToList();
        keys.Add($"[bold]{glyphs.Arrows}[/] Select");
        return new Markup(" " + string.Join("   ", keys));
    }
}

/// <summary>The window's symbols; ASCII stand-ins where the terminal has no Unicode.</summary>
internal sealed record Glyphs(string Pending, string Running, string Succeeded, string Failed, string Warning, string Information, string Selected, string Link, char BarFull, char BarEmpty, string Arrows)
{
    public static Glyphs Unicode { get; } = new("○", "▶", "✔", "✘", "⚠", "ℹ", "›", "──", '━', '─', "↑↓");

    public static Glyphs Ascii { get; } = new("o", ">", "+", "x", "!", "i", ">", "--", '#', '-', "Up/Down");
}
