namespace OneClickPublish.Diagnostics;

/// <summary>Diagnostics of the pipeline's own plumbing (OCP0100–0199).</summary>
public static class TaskDiagnostics
{
    public static readonly DiagnosticDescriptor InternalError = new(
        "OCP0100", DiagnosticSeverity.Error, "Internal error",
        "{0} failed unexpectedly; this is a bug in OneClickPublish, please report it with this text: {1}",
        "Something went wrong that is not a mistake in your extension. Report it with the full text of the error; running the build again with -v:diag helps.");

    public static readonly DiagnosticDescriptor Cancelled = new(
        "OCP0101", DiagnosticSeverity.Error, "Cancelled",
        "{0} was cancelled",
        "The build was cancelled (Ctrl+C) while this step ran. Nothing was left half-done; run the build again to continue.");

    public static readonly DiagnosticDescriptor MissingParameter = new(
        "OCP0102", DiagnosticSeverity.Error, "Missing setting",
        "{0} needs {1}",
        "A step of 1-Click Publish ran without a setting it needs. Set the property named in the message, or run the step through the OneClickPublish targets, which set it.");

    /// <summary>
    /// Logged by the targets (OneClickPublishCheckMSBuildVersion) before any task of ours is loaded, so its text
    /// lives in OneClickPublish.Pipeline.targets too: this format with {0} = the running MSBuild's version.
    /// </summary>
    public static readonly DiagnosticDescriptor MSBuildTooOld = new(
        "OCP0103", DiagnosticSeverity.Error, "MSBuild too old",
        "MSBuild {0} is too old for OneClickPublish, which needs MSBuild 17.8 or later: build with Visual Studio 2022 version 17.8 or later, or with the .NET SDK 8.0.100 or later",
        "The OneClickPublish tasks are built against MSBuild 17.8 (Visual Studio 2022 version 17.8, .NET SDK 8.0.100) and cannot run in an older one. Update Visual Studio, or build with dotnet build from the .NET SDK 8.0.100 or later (check that no global.json pins an older SDK).");
}
