using System.Text;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;
using OneClickPublish.Verification;
using OneClickPublish.Xif;

namespace OneClickPublish.Net472.Harness;

/// <summary>
/// The work the tasks hand to Core, on each case folder under a root: read and verify extension.xml (every
/// diagnostic with its code, line and column), then for a valid definition update the source (generate code,
/// merge {Name}Actions.cs, with backups) and save a XIF of the definition, sources, bin/ and resources, and
/// read it back. Compiled twice: into the net472 harness (run under Mono) and into Core.Tests (net8.0 Core,
/// in-process), so that both runtimes do exactly the same thing and their outputs can be compared file by file.
/// Only APIs that both builds have are used here.
/// </summary>
internal static class CoreWork
{
    public const string ReportFile = "report.txt";
    public const string XifFile = "out.xif";
    public const string StudioInput = "input.studio.xif";

    /// <summary>Backups are named after the clock: a fixed one keeps both runs' names equal.</summary>
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    public static string Run(string root)
    {
        root = Path.GetFullPath(root);
        var report = new StringBuilder();
        foreach (var folder in Directory.GetDirectories(root).OrderBy(static d => d, StringComparer.Ordinal))
        {
            report.Append("== ").Append(Path.GetFileName(folder)).Append('\n');
            RunCase(folder, root, report);
        }

        Frameworks(report);
        var text = report.ToString();
        File.WriteAllText(Path.Combine(root, ReportFile), text);
        return text;
    }

    /// <summary>The build's OCP3018 and the client's and server's rule of which framework runs which (NuGet.Frameworks, shipped in tasks/net472/).</summary>
    private static void Frameworks(StringBuilder report)
    {
        report.Append("== frameworks\n");
        var diagnostics = new DiagnosticBag();
        foreach (var moniker in new[] { "net461", "net48", "net6.0-windows", "net10.0", "netstandard2.0" })
        {
            OneClickPublish.Frameworks.FrameworkSupport.CheckProjectFramework(moniker, Now.UtcDateTime, diagnostics, SourceLocation.None);
        }

        foreach (var diagnostic in diagnostics)
        {
            report.Append(diagnostic.Code).Append(": ").Append(diagnostic.Message).Append('\n');
        }

        foreach (var (runtime, target) in new[] { ("net48", "net472"), ("net10.0", "net6.0"), ("net10.0", "net48"), (".NETFramework,Version=v4.8", "netstandard2.0") })
        {
            var runs = OneClickPublish.Frameworks.FrameworkSupport.CanRun(OneClickPublish.Frameworks.FrameworkSupport.ParseRuntime(runtime)!, OneClickPublish.Frameworks.FrameworkSupport.Parse(target)!);
            report.Append(runtime).Append(runs ? " runs " : " does not run ").Append(target).Append('\n');
        }
    }

    private static void RunCase(string folder, string root, StringBuilder report)
    {
        if (File.Exists(Path.Combine(folder, StudioInput)))
        {
            RunStudioCase(folder, root, report);
            return;
        }

        var definitionPath = Path.Combine(folder, "extension.xml");
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Read(definitionPath, diagnostics);
        if (definition is not null)
        {
            DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = folder });
        }

        Write("verify", diagnostics, root, report);
        if (definition is null || diagnostics.HasErrors)
        {
            return;
        }

        diagnostics = new DiagnosticBag();
        var update = SourceUpdater.Update(definition, new SourceUpdateOptions
        {
            GeneratedDirectory = Path.Combine(folder, "generated"),
            ImplementationFile = Path.Combine(folder, definition.EntryClassName + ".cs"),
            BackupDirectory = Path.Combine(folder, "backups"),
            Clock = new FixedClock(Now),
        }, diagnostics);
        Write("update source", diagnostics, root, report);
        report.Append("generated: ").Append(string.Join(", ", update.GeneratedFiles.Select(Path.GetFileName).OrderBy(static n => n, StringComparer.Ordinal))).Append('\n');
        foreach (var change in update.ImplementationChanges)
        {
            report.Append("change: ").Append(change.Kind).Append(' ').Append(change.ActionName).Append(": ").Append(change.Description).Append('\n');
        }

        if (diagnostics.HasErrors)
        {
            return;
        }

        var entries = Directory.GetFiles(folder, "*.cs")
            .Select(path => new XifSourceEntry(path, "sources/" + Path.GetFileName(path), XifEntryKind.Source))
            .Concat(Directory.GetFiles(Path.Combine(folder, "bin"))
                .Select(path => new XifSourceEntry(path, "bin/" + Path.GetFileName(path), XifEntryKind.Binary)))
            .Concat(definition.Resources.Select(resource => new XifSourceEntry(
                Path.Combine(folder, resource.Path), "resources/" + resource.Path.Replace('\\', '/'), XifEntryKind.Resource, resource.DeployAction)))
            .ToList();
        diagnostics = new DiagnosticBag();
        var manifest = XifWriter.Write(new XifPackageSpec
        {
            ExtensionName = definition.Name,
            ExtensionVersion = definition.Version!.ToNormalizedString(),
            DefinitionPath = definitionPath,
            Entries = entries,
        }, Path.Combine(folder, XifFile), diagnostics);
        Write("save xif", diagnostics, root, report);
        if (manifest is null)
        {
            return;
        }

        foreach (var entry in manifest.Entries)
        {
            report.Append("entry: ").Append(entry.Path).Append(' ').Append(entry.Size).Append(' ').Append(entry.Sha256).Append('\n');
        }

        diagnostics = new DiagnosticBag();
        using (var archive = XifReader.Open(Path.Combine(folder, XifFile), XifLimits.Default, diagnostics))
        {
            report.Append("read back: ").Append(archive is null ? "refused" : "ok").Append('\n');
        }

        Write("read xif", diagnostics, root, report);
    }

    /// <summary>
    /// An Integration Studio .xif: read it (resources streamed to files), map it to a definition written as
    /// extension.xml, write it back in its own format from the tree read, and read that back. The .xif written
    /// is deleted (another runtime's deflater may give other bytes); what it holds is reported instead.
    /// </summary>
    private static void RunStudioCase(string folder, string root, StringBuilder report)
    {
        var project = Path.Combine(folder, "project");
        var diagnostics = new DiagnosticBag();
        var files = new Dictionary<StudioNode, string>();
        var options = new StudioXifReadOptions
        {
            OpenResourceData = resource =>
            {
                files[resource.Node] = resource.RelativePath;
                var path = Path.Combine(project, resource.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return File.Create(path);
            },
        };
        var extension = StudioXifReader.Read(Path.Combine(folder, StudioInput), diagnostics, options);
        Write("read studio xif", diagnostics, root, report);
        if (extension is null)
        {
            return;
        }

        report.Append("studio: ").Append(extension.Name).Append(' ').Append(extension.Actions.Count).Append(" actions, ")
            .Append(extension.Actions.Sum(static a => a.Parameters.Count)).Append(" parameters, ").Append(extension.Structures.Count).Append(" structures\n");
        foreach (var resource in extension.Resources)
        {
            report.Append("resource: ").Append(resource.RelativePath).Append(' ').Append(resource.DataLength).Append(' ').Append(resource.CompileAction).Append('\n');
        }

        foreach (var parameter in extension.Actions.SelectMany(static a => a.Parameters))
        {
            report.Append("parameter: ").Append(parameter).Append(' ').Append(parameter.Type).Append(" default=").Append(parameter.Default?.LiteralValue ?? "(none)").Append('\n');
        }

        DefinitionWriter.WriteFile(StudioDefinitionMapper.ToDefinition(extension), Path.Combine(project, "extension.xml"));

        var exported = Path.Combine(folder, "exported.xif");
        var export = StudioExport.Of(extension.Root, files.Where(p => File.Exists(Path.Combine(project, p.Value))).ToDictionary(static p => p.Key, static p => p.Value));
        StudioXifWriter.Write(export, project, exported);
        diagnostics = new DiagnosticBag();
        var again = StudioXifReader.Read(exported, diagnostics);
        Write("read exported studio xif", diagnostics, root, report);
        var same = again is not null && again.Resources.Select(static r => Convert.ToBase64String(r.Data ?? [])).SequenceEqual(
            extension.Resources.Select(r => Convert.ToBase64String(File.Exists(Path.Combine(project, r.RelativePath)) ? File.ReadAllBytes(Path.Combine(project, r.RelativePath)) : [])));
        report.Append("studio read back: ").Append(again is null ? "refused" : "ok").Append(", resources ").Append(same ? "equal" : "differ").Append('\n');
        File.Delete(exported);
    }

    /// <summary>One line per diagnostic: step, severity, code, file (relative to the root), line, column, element path, message.</summary>
    private static void Write(string step, DiagnosticBag diagnostics, string root, StringBuilder report)
    {
        foreach (var d in diagnostics)
        {
            var file = d.Location.File is { } path ? path.Replace(root, "{root}") : "-";
            report.Append(step).Append(": ").Append(d.Severity).Append(' ').Append(d.Code)
                .Append(' ').Append(file).Append('(').Append(d.Location.Line).Append(',').Append(d.Location.Column).Append(')')
                .Append(" [").Append(d.Location.ElementPath).Append("] ")
                .Append(d.Message.Replace(root, "{root}")).Append('\n');
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
