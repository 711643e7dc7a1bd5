using Microsoft.Build.Framework;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;

namespace OneClickPublish.Tasks;

/// <summary>
/// The Publish stage: asks the server to publish the upload and follows the operation, relaying the
/// server's own stage lines (Publish, Deploy), errors, warnings and information into the build log as
/// they arrive.
/// </summary>
public sealed class Publish : PlatformTask
{
    [Required]
    public string UploadId { get; set; } = string.Empty;

    [Output]
    public string? DeploymentPath { get; private set; }

    private protected override void ExecuteCore(DiagnosticBag diagnostics)
    {
        using var client = CreateClient();
        var result = client.PublishAsync(UploadId, line => Diagnostics.Log(line.ToDiagnostic()), CancellationToken).GetAwaiter().GetResult();
        DeploymentPath = result.DeploymentPath;
        if (!result.Succeeded && !Log.HasLoggedErrors)
        {
            diagnostics.Report(PlatformDiagnostics.PublishFailedWithoutError, SourceLocation.None, client.Server, result.OperationId);
        }
    }
}
