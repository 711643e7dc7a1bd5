using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Console;

/// <summary>
/// The five stage markers of the 1-Click Publish window (Verify, Save, Upload, Publish, Deploy) for a
/// server operation. The server runs Publish and Deploy; what came before ran where the XIF was made:
/// for a publish from a build those three were done on the developer's machine before the operation
/// existed. For a publish from the browser the file is already saved and the browser uploaded it, and
/// the Verify marker is the server's own verification, done in its Publish stage before the files are
/// stored (the OCP5140 line says they were). operation.js applies the same rules as lines arrive.
/// </summary>
internal static class OperationMarkers
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static IReadOnlyList<Stage> Stages { get; } = [Stage.Verify, Stage.Save, Stage.Upload, Stage.Publish, Stage.Deploy];

    public static Dictionary<Stage, string> Compute(IEnumerable<LogLineRecord> log, bool fromBrowser)
    {
        var markers = new Dictionary<Stage, string>
        {
            [Stage.Verify] = Succeeded,
            [Stage.Save] = Succeeded,
            [Stage.Upload] = Succeeded,
            [Stage.Publish] = Pending,
            [Stage.Deploy] = Pending,
        };
        if (fromBrowser)
        {
            markers[Stage.Verify] = Pending;
        }

        var stored = false;
        foreach (var line in log)
        {
            if (line.Code == ServerDiagnostics.VersionPublished.Code || line.Code == ServerDiagnostics.AlreadyPublished.Code)
            {
                stored = true;
                if (fromBrowser)
                {
                    markers[Stage.Verify] = Succeeded;
                }
            }

            if (line.Kind != "stage" || !Enum.TryParse<Stage>(line.Stage, out var stage))
            {
                continue;
            }

            // A stage line is started, succeeded or failed (OperationLog).
            var state = line.Status switch
            {
                "started" => Running,
                "succeeded" => Succeeded,
                _ => Failed,
            };
            if (fromBrowser && stage == Stage.Publish && !stored)
            {
                // Until the files are stored, the server's Publish stage is verifying what the browser sent.
                // It cannot succeed before: OCP5140 (or OCP5110) comes first.
                markers[Stage.Verify] = state;
                continue;
            }

            markers[stage] = state;
        }

        return markers;
    }

    /// <summary>The marker to highlight: the last one running, else none.</summary>
    public static Stage? Current(Dictionary<Stage, string> markers) =>
        Stages.Where(s => markers[s] == Running).Select(static s => (Stage?)s).LastOrDefault();
}
