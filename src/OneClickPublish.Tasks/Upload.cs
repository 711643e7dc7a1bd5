using Microsoft.Build.Framework;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;

namespace OneClickPublish.Tasks;

/// <summary>The Upload stage: the XIF goes to the Platform Server, resumably, checked against its SHA-256.</summary>
public sealed class Upload : PlatformTask
{
    [Required]
    public string XifFile { get; set; } = string.Empty;

    /// <summary>The project's target frameworks ($(TargetFrameworks);$(TargetFramework)): the server must run one of them (OCP5023).</summary>
    public string? TargetFrameworks { get; set; }

    [Output]
    public string? UploadId { get; private set; }

    private protected override void ExecuteCore(DiagnosticBag diagnostics)
    {
        using var client = CreateClient();
        // Before a byte is sent: a server that cannot run the extension would refuse its publish after the whole upload.
        var frameworks = (TargetFrameworks ?? string.Empty).Split([';'], StringSplitOptions.RemoveEmptyEntries);
        if (TargetFrameworkCheck.RunAsync(client, frameworks, CancellationToken).GetAwaiter().GetResult() is { } notChecked)
        {
            Log.LogMessage(DiagnosticLogger.Subcategory, notChecked.Code, notChecked.Code, null, 0, 0, 0, 0, MessageImportance.Low, notChecked.Message);
        }

        UploadId = client.UploadAsync(FullPath(XifFile), new ProgressLog(this), CancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Logs progress in steps of ten percent, on the uploading thread, while Execute still runs.</summary>
    private sealed class ProgressLog(Upload task) : IProgress<TransferProgress>
    {
        private int _lastStep = -1;

        public void Report(TransferProgress value)
        {
            var step = value.Percent / 10;
            if (step == _lastStep)
            {
                return;
            }

            _lastStep = step;
            var progress = Diagnostic.Create(PipelineDiagnostics.Progress, SourceLocation.None, "Upload", value.Percent,
                $"{value.BytesTransferred / 1024} KiB of {value.TotalBytes / 1024} KiB");
            task.Log.LogMessage(DiagnosticLogger.Subcategory, progress.Code, progress.Code, null, 0, 0, 0, 0, MessageImportance.Low, progress.Message);
        }
    }
}
