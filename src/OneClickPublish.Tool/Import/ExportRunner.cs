using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Import;

/// <summary>What <c>oneclick export</c> was asked: the project file (resolved) and the .xif to write.</summary>
internal sealed record ExportRequest(string ProjectFile, string Output);

/// <summary>
/// <c>oneclick export [project] -o X.xif</c>: writes the extension in Integration Studio's own format, from
/// extension.xml and the tree the import kept in .oneclick/integration-studio.json; for any other project, by
/// the pipeline's Save (a build), which adds the project's sources and binaries.
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
        var output = Path.GetFullPath(request.Output, context.CurrentDirectory);
        if (kept is null)
        {
            // Not made by import: the file carries the project's sources and built binaries as a reference
            // copy, so it takes a build. The pipeline's own Save writes it, the same file as
            // `dotnet build -t:OneClickSave -p:OneClickPublishXifFormat=IntegrationStudio`.
            return await new PipelineCommandRunner(context).RunAsync(
                new PipelineRequest(OneClickStep.Save, request.ProjectFile, Json: false, Watch: false, NoWindow: true, Server: null, ApiKey: null,
                    DataDirectory: Path.Combine(directory, OneClickCli.DefaultDataDirectory),
                    Properties: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                    {
                        ["OneClickPublishXifFormat"] = "IntegrationStudio",
                        ["OneClickPublishXifPath"] = output,
                    }),
                cancellationToken).ConfigureAwait(false);
        }

        var export = StudioExportBuilder.Build(definition, kept, context.Clock.GetUtcNow().UtcDateTime);
        StudioXifWriter.Write(export, directory, output);
        await context.Out.WriteLineAsync($"Wrote {output}: {definition.Name} in Integration Studio's format ({definition.Actions.Count} action(s), {definition.Resources.Count} resource(s), with what the import kept)").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
