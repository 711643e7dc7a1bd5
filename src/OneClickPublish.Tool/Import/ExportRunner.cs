using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;
using OneClickPublish.Tool.Cli;

namespace OneClickPublish.Tool.Import;

/// <summary>What <c>oneclick export</c> was asked: the project file (resolved) and the .xif to write.</summary>
internal sealed record ExportRequest(string ProjectFile, string Output);

/// <summary>
/// <c>oneclick export [project] -o X.xif</c>: writes the extension in Integration Studio's own format, from
/// extension.xml and, for a project made by import, the tree kept in .oneclick/integration-studio.json.
/// </summary>
internal sealed class ExportRunner(ToolContext context)
{
    public async Task<int> RunAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var directory = Path.GetDirectoryName(Path.GetFullPath(request.ProjectFile, context.CurrentDirectory))!;
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Read(Path.Combine(directory, "extension.xml"), diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }

        if (definition is null || diagnostics.HasErrors)
        {
            return ExitCodes.ExtensionErrors;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var kept = StudioSidecar.ReadKept(directory);
        var export = StudioExportBuilder.Build(definition, kept, context.Clock.GetUtcNow().UtcDateTime);
        var output = Path.GetFullPath(request.Output, context.CurrentDirectory);
        StudioXifWriter.Write(export, directory, output);
        await context.Out.WriteLineAsync($"Wrote {output}: {definition.Name} in Integration Studio's format ({definition.Actions.Count} action(s), {definition.Resources.Count} resource(s){(kept is null ? string.Empty : ", with what the import kept")})").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
