using System.Globalization;
using System.Text.Json;

namespace OneClickPublish.Tool.Build;

/// <summary>Reads the JSON lines of the logger's event stream; lines it does not understand are skipped.</summary>
internal static class BuildEventReader
{
    public static BuildEvent? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryType(String(root, "type"), out var type))
            {
                return null;
            }

            return new BuildEvent
            {
                Type = type,
                Code = String(root, "code"),
                Message = String(root, "message") ?? string.Empty,
                File = String(root, "file"),
                Line = Number(root, "line"),
                Column = Number(root, "column"),
                HelpKeyword = String(root, "helpKeyword"),
                HelpLink = String(root, "helpLink"),
                ProjectFile = String(root, "projectFile"),
                Importance = String(root, "importance"),
                Target = String(root, "target"),
                Reason = String(root, "reason"),
                Succeeded = root.TryGetProperty("succeeded", out var s) && s.ValueKind == JsonValueKind.True,
                Time = DateTimeOffset.TryParse(String(root, "time"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null,
            };
        }
        catch (JsonException)
        {
            // A line cut short (the build was killed while writing) is not an event.
            return null;
        }
    }

    private static bool TryType(string? text, out BuildEventType type)
    {
        type = text switch
        {
            "error" => BuildEventType.Error,
            "warning" => BuildEventType.Warning,
            "message" => BuildEventType.Message,
            "targetStarted" => BuildEventType.TargetStarted,
            "targetFinished" => BuildEventType.TargetFinished,
            "targetSkipped" => BuildEventType.TargetSkipped,
            "buildFinished" => BuildEventType.BuildFinished,
            _ => (BuildEventType)(-1),
        };
        return Enum.IsDefined(type);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : 0;
}
