using System.Text;
using NuGet.Frameworks;
using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Import;

/// <summary>What <c>oneclick import</c> was asked.</summary>
internal sealed record ImportRequest(string XifFile, string? Output, string? Version, string? Framework, string? PackageVersion, bool Update = false);

/// <summary>
/// <c>oneclick import X.xif</c>: reads an Integration Studio .xif and writes a OneClickPublish project
/// (extension.xml, the csproj, every resource byte for byte, .oneclick/integration-studio.json). The
/// project is written into a staging folder beside the target and moved into place at the end, so a
/// refused file or a failure half way leaves nothing behind. The first build then writes
/// &lt;Name&gt;Actions.cs from the definition (UpdateSource), as for any new extension.
/// </summary>
internal sealed class ImportRunner(ToolContext context)
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<int> RunAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = VersionOf(request.Version);
        var framework = FrameworkOf(request.Framework);
        var packageVersion = request.PackageVersion ?? ToolVersion.Current;
        var xif = Path.GetFullPath(request.XifFile, context.CurrentDirectory);
        var explicitTarget = request.Output is null ? null : Path.GetFullPath(request.Output, context.CurrentDirectory);
        if (explicitTarget is not null && !request.Update)
        {
            RefuseExisting(explicitTarget);
        }

        var parent = explicitTarget is null ? Path.GetFullPath(context.CurrentDirectory) : Path.GetDirectoryName(explicitTarget)!;
        var diagnostics = new DiagnosticBag();
        using var staging = Guarded(parent, () => new StagingFolder(parent));
        var raw = new Dictionary<StudioNode, string>();
        var options = new StudioXifReadOptions
        {
            // Streamed to the staging folder under the file's own path; moved to the project path once the name is known.
            OpenResourceData = resource =>
            {
                var path = staging.FileFor(".raw/" + resource.RelativePath);
                raw[resource.Node] = path;
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            },
        };
        var extension = StudioXifReader.Read(xif, diagnostics, options);
        await ReportAsync(diagnostics).ConfigureAwait(false);
        if (extension is null)
        {
            return ExitCodes.ExtensionErrors;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var name = extension.Name;
        if (FolderNameProblem(name) is { } problem)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.ImportedNameNotUsable, new SourceLocation(xif), name, problem);
        }

        var target = explicitTarget ?? Path.Combine(parent, name);
        if (request.Update)
        {
            // The project keeps its own version unless a new one is given.
            version ??= PreviousVersion(target);
        }
        else
        {
            RefuseExisting(target);
        }

        var definition = StudioDefinitionMapper.ToDefinition(extension, version);
        var chosenFramework = Guarded(target, () => WriteProject(staging, extension, definition, raw, framework, packageVersion, xif));
        var carried = Guarded(target, () => WriteImplementation(staging, extension, definition, chosenFramework, parent));
        if (request.Update)
        {
            var languageVersion = NuGetFramework.Parse(chosenFramework).IsDesktop() ? "7.3" : null;
            var changes = Guarded(target, () => ImportUpdate.Apply(staging.Path, target, definition, languageVersion, context.Clock.GetLocalNow()));
            await context.Out.WriteLineAsync($"Updated {target} from {Path.GetFileName(xif)}: {(changes.Count == 0 ? "nothing changed" : $"{changes.Count} change(s)")}").ConfigureAwait(false);
            foreach (var change in changes)
            {
                await context.Out.WriteLineAsync("  " + change).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }

        Guarded(target, () => staging.MoveTo(target));

        await context.Out.WriteLineAsync($"Imported {name} from {Path.GetFileName(xif)} into {target}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  {definition.Actions.Count} action(s), {definition.Structures.Count} structure(s), {definition.Resources.Count} resource(s); the original's sources are in {StudioProjectLayout.OriginalFolder}/ (never compiled).").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  Bodies and helpers were checked against {carried.CheckedAgainst}.").ConfigureAwait(false);
        await ReportHelpersAsync(carried.Helpers).ConfigureAwait(false);
        await ReportBodiesAsync(carried.Actions, definition.EntryClassName).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"Next: dotnet build {Quote(target)}").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>Writes the resources, extension.xml, the csproj and the sidecar; returns the framework the csproj targets.</summary>
    private static string WriteProject(
        StagingFolder staging,
        StudioExtension extension,
        ExtensionDefinition definition,
        Dictionary<StudioNode, string> rawFiles,
        string? framework,
        string packageVersion,
        string xif)
    {
        foreach (var resource in extension.Resources)
        {
            var destination = staging.FileFor(StudioProjectLayout.ProjectPathOf(resource, extension.Name));
            if (rawFiles.TryGetValue(resource.Node, out var written))
            {
                File.Move(written, destination);
            }
            else
            {
                // A self-closed <Data /> (or none at all) is an empty file, as an empty <Data></Data> is.
                File.WriteAllBytes(destination, []);
            }
        }

        // Absent when the file has no resource with data.
        var raw = Path.Combine(staging.Path, ".raw");
        if (Directory.Exists(raw))
        {
            Directory.Delete(raw, recursive: true);
        }

        DefinitionWriter.WriteFile(definition, staging.FileFor("extension.xml"));

        var (chosen, origin) = framework is not null
            ? (framework, $"--framework {framework}")
            : OriginalFramework(extension, staging);
        var codeReferences = extension.Resources.Where(r => r.IsCodeReference).Select(r => StudioProjectLayout.ProjectPathOf(r, extension.Name));
        var otherSources = definition.Resources.Select(r => r.Path)
            .Where(p => p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !p.StartsWith(StudioProjectLayout.OriginalFolder + "/", StringComparison.Ordinal));
        File.WriteAllText(staging.FileFor(extension.Name + ".csproj"), ImportedProjectFile.Create(chosen, packageVersion, codeReferences, otherSources, origin), Utf8NoBom);

        using (var sidecar = new FileStream(staging.FileFor(StudioProjectLayout.SidecarPath), FileMode.CreateNew))
        {
            StudioSidecar.Write(sidecar, extension, xif);
        }

        // The sidecar is part of the project (the export needs it); the rest of .oneclick/ (backups) is not.
        File.WriteAllText(staging.FileFor(".gitignore"), "bin/\nobj/\n.oneclick/*\n!.oneclick/integration-studio.json\n", Utf8NoBom);
        return chosen;
    }

    /// <summary>&lt;Name&gt;Actions.cs with the original bodies carried where they compile (<see cref="BodyCarrier"/>).</summary>
    private static (IReadOnlyList<CarriedBody> Actions, IReadOnlyList<CarriedHelper> Helpers, string CheckedAgainst) WriteImplementation(StagingFolder staging, StudioExtension extension, ExtensionDefinition definition, string framework, string settingsRoot)
    {
        // Checked against what the project will compile against, so that a carried body builds there too.
        var references = CarrierReferences.For(
            framework,
            extension.Resources.Where(r => r.IsCodeReference).Select(r => staging.FileFor(StudioProjectLayout.ProjectPathOf(r, extension.Name))),
            settingsRoot);
        // .NET Framework projects compile C# 7.3 by default: the file and the bodies carried into it must too.
        var languageVersion = NuGetFramework.Parse(framework).IsDesktop() ? "7.3" : null;
        var originalName = extension.Name + ".cs";
        var original = extension.Resources.FirstOrDefault(r => string.Equals(r.RelativePath, "Source/NET/" + originalName, StringComparison.OrdinalIgnoreCase));
        var source = original is null ? null : File.ReadAllText(staging.FileFor(StudioProjectLayout.ProjectPathOf(original, extension.Name)));
        var helperFiles = extension.Resources.Where(r => HelperCarrier.IsCandidate(r.RelativePath, extension.Name))
            .Select(r => (r.RelativePath, File.ReadAllText(staging.FileFor(StudioProjectLayout.ProjectPathOf(r, extension.Name)))))
            .ToList();
        var helpers = HelperCarrier.Carry(definition, helperFiles, BodyCarrier.OptionsFor(languageVersion), references.References);
        foreach (var helper in helpers.Where(h => h.Carried))
        {
            File.WriteAllText(staging.FileFor(helper.ProjectPath), helper.Text, Utf8NoBom);
        }

        var (text, report) = BodyCarrier.Create(definition, source, originalName, references.References, languageVersion, helpers.Where(h => h.Carried).Select(h => h.Text).ToList());
        File.WriteAllText(staging.FileFor(definition.EntryClassName + ".cs"), text, Utf8NoBom);
        return (report, helpers, references.Description);
    }

    private async Task ReportHelpersAsync(IReadOnlyList<CarriedHelper> helpers)
    {
        foreach (var helper in helpers)
        {
            await context.Out.WriteLineAsync(helper.Carried
                ? $"  Helper {helper.ProjectPath}: carried over (it compiles with the generated code)"
                : $"  Helper {Path.GetFileName(helper.ProjectPath)}: left in {StudioProjectLayout.OriginalFolder}/{helper.ProjectPath}: {helper.Reason}").ConfigureAwait(false);
        }
    }

    private async Task ReportBodiesAsync(IReadOnlyList<CarriedBody> report, string entryClass)
    {
        var carried = report.Where(r => r.Carried).Select(r => r.Action).ToList();
        await context.Out.WriteLineAsync($"  {entryClass}.cs: {carried.Count} action(s) carried over{(carried.Count == 0 ? string.Empty : ": " + string.Join(", ", carried))}.").ConfigureAwait(false);
        var left = report.Where(r => !r.Carried).ToList();
        if (left.Count > 0)
        {
            await context.Out.WriteLineAsync($"  {left.Count} action(s) left to port (each throws NotImplementedException until it is):").ConfigureAwait(false);
            foreach (var action in left)
            {
                await context.Out.WriteLineAsync($"    {action.Action}: {action.Reason}").ConfigureAwait(false);
            }
        }
    }

    private static (string Framework, string Origin) OriginalFramework(StudioExtension extension, StagingFolder staging)
    {
        foreach (var project in extension.Resources.Where(r => r.Filename.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)))
        {
            var text = File.ReadAllText(staging.FileFor(StudioProjectLayout.ProjectPathOf(project, extension.Name)));
            if (ImportedProjectFile.FrameworkOf(text) is { } found)
            {
                return (found, $"The framework the Integration Studio project {project.Filename} targeted.");
            }
        }

        return (ImportedProjectFile.DefaultFramework, "The file holds no project that names its framework: the newest Integration Studio 11 targets.");
    }

    /// <summary>The version in the project's extension.xml; refuses a folder that no import wrote.</summary>
    private static string? PreviousVersion(string target)
    {
        var problem = !Directory.Exists(target) ? "the folder does not exist"
            : !File.Exists(Path.Combine(target, "extension.xml")) ? "it has no extension.xml"
            : !File.Exists(Path.Combine(target, StudioProjectLayout.SidecarPath)) ? $"it has no {StudioProjectLayout.SidecarPath}"
            : null;
        if (problem is not null)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.UpdateTargetNotImported, new SourceLocation(target), target, problem);
        }

        var previous = DefinitionReader.Read(Path.Combine(target, "extension.xml"), new DiagnosticBag());
        return string.IsNullOrEmpty(previous?.VersionText) ? null : previous.VersionText;
    }

    private static string? VersionOf(string? requested)
    {
        if (requested is null)
        {
            return null;
        }

        return NuGetVersion.TryParseStrict(requested, out _)
            ? requested
            : throw DiagnosticException.Create(ToolDiagnostics.UsageError, SourceLocation.None, $"'{requested}' is not a SemVer 2.0 version (--version), for example 1.0.0");
    }

    private static string? FrameworkOf(string? requested)
    {
        if (requested is null)
        {
            return null;
        }

        var parsed = NuGetFramework.Parse(requested);
        return parsed.IsUnsupported || parsed.IsPCL || requested.Contains(';', StringComparison.Ordinal)
            ? throw DiagnosticException.Create(ToolDiagnostics.UsageError, SourceLocation.None, $"'{requested}' is not a target framework (--framework), for example net48 or net8.0")
            : requested;
    }

    private static string? FolderNameProblem(string name)
    {
        if (name is "." or "..")
        {
            return "it is '.' or '..'";
        }

        var bad = name.FirstOrDefault(c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c));
        return bad != default ? $"it has '{bad}'" : null;
    }

    private static void RefuseExisting(string target)
    {
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.TargetExists, new SourceLocation(target), target);
        }
    }

    private static T Guarded<T>(string target, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.ProjectWriteFailed, new SourceLocation(target), target, e.Message);
        }
    }

    private static void Guarded(string target, Action write) => Guarded(target, () =>
    {
        write();
        return 0;
    });

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    private async Task ReportAsync(DiagnosticBag diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
    }
}
