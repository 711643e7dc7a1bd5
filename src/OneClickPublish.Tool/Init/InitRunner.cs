using System.Xml;
using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Verification;

namespace OneClickPublish.Tool.Init;

/// <summary>What <c>oneclick init</c> was asked: the project file (resolved), and the options.</summary>
internal sealed record InitRequest(string ProjectFile, string? Name, bool Force, string? PackageVersion);

/// <summary>
/// <c>oneclick init</c>: makes a class library an extension. Everything is worked out and checked
/// before the first file is written (a refusal changes nothing); each file is then written whole
/// (<see cref="AtomicFile"/>). Prints one plain line per file written and the next command.
/// </summary>
internal sealed class InitRunner(ToolContext context, IPackageSources sources)
{
    /// <summary>Where the tool knows packed packages lie (<see cref="SourceAdvice.KnownFolders"/>); settable for tests.</summary>
    public Func<IEnumerable<string>> KnownPackageFolders { get; init; } = () => SourceAdvice.KnownFolders(context.ToolDirectory);

    public async Task<int> RunAsync(InitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var projectFile = Path.GetFullPath(request.ProjectFile);
        var projectDirectory = Path.GetDirectoryName(projectFile)!;
        if (!string.Equals(Path.GetExtension(projectFile), ".csproj", StringComparison.OrdinalIgnoreCase))
        {
            throw DiagnosticException.Create(ToolDiagnostics.NotAClassLibrary, new SourceLocation(projectFile), Display(projectFile),
                "an extension's code is generated in C#, so its project is a .csproj");
        }

        var packageVersion = PackageVersion(request.PackageVersion);
        var projectText = TextFile.Read(projectFile);
        var project = Parse(projectFile, projectText.Text);
        var layout = new MsBuildLayout(ReadAbove(projectDirectory, "Directory.Build.props", required: false), ReadAbove(projectDirectory, "Directory.Packages.props", required: true));

        if (layout.Property(project, "OutputType") is { } outputType && (outputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) || outputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase)))
        {
            throw DiagnosticException.Create(ToolDiagnostics.NotAClassLibrary, new SourceLocation(projectFile), Display(projectFile), $"it builds a program (OutputType {outputType})");
        }

        var identity = Identity(projectFile, project, layout, request.Name);
        var definitionPath = DefinitionPath(projectDirectory, project, layout);
        var definitionDirectory = Path.GetDirectoryName(definitionPath)!;
        if (File.Exists(definitionPath) && !request.Force)
        {
            throw DiagnosticException.Create(ToolDiagnostics.DefinitionExists, new SourceLocation(definitionPath), Display(definitionPath));
        }

        // ---- everything decided; from here on files are written ----
        var definition = ExtensionScaffold.Definition(identity);
        CheckScaffold(definition, definitionPath);
        var reference = PackageReferencePlan.For(projectFile, project, layout, packageVersion.ToNormalizedString());
        var backups = FileBackup.DirectoryFor(projectDirectory);
        var now = context.Clock.GetLocalNow();

        if (File.Exists(definitionPath))
        {
            var backup = Guarded(definitionPath, () => FileBackup.Create(definitionPath, backups, now));
            await Say($"Kept the previous {Path.GetFileName(definitionPath)} as {Display(backup)}").ConfigureAwait(false);
        }

        Guarded(definitionPath, () => TextFile.Write(definitionPath, definition, byteOrderMark: false));
        await Say($"Wrote {Display(definitionPath)}: the extension {identity.Name} {identity.Version} (namespace {identity.Namespace}) with one example action, {ExtensionScaffold.ExampleAction}").ConfigureAwait(false);

        await WriteSchemaAsync(definitionDirectory, request.Force, backups, now).ConfigureAwait(false);

        if (reference.AlreadyReferenced is not null)
        {
            await Say(reference.AlreadyReferenced).ConfigureAwait(false);
        }

        foreach (var change in reference.Changes)
        {
            var bom = change.Path == projectFile ? projectText.ByteOrderMark : TextFile.Read(change.Path).ByteOrderMark;
            Guarded(change.Path, () => TextFile.Write(change.Path, change.After, bom));
            await Say(change.Description).ConfigureAwait(false);
        }

        await IgnoreOneClickFolderAsync(projectDirectory).ConfigureAwait(false);

        var exitCode = await CheckSourcesAsync(projectFile, reference.ReferencedVersion, cancellationToken).ConfigureAwait(false);

        var implementation = Path.Combine(definitionDirectory, identity.Name + "Actions.cs");
        var build = Path.GetFullPath(context.CurrentDirectory) == projectDirectory ? "dotnet build" : $"dotnet build {SourceAdvice.Quote(Display(projectDirectory))}";
        await Say(File.Exists(implementation)
            ? $"Next: {build}"
            : $"Next: {build}   (verifies the definition and adds {identity.Name}Actions.cs with a method to fill in for {ExtensionScaffold.ExampleAction})").ConfigureAwait(false);
        return exitCode;
    }

    private static NuGetVersion PackageVersion(string? requested)
    {
        var text = requested ?? ToolVersion.Current;
        return NuGetVersion.TryParse(text, out var version)
            ? version
            : throw DiagnosticException.Create(ToolDiagnostics.UsageError, SourceLocation.None, $"'{text}' is not a package version (--package-version)");
    }

    private MsBuildFile Parse(string path, string text)
    {
        try
        {
            return MsBuildFile.Parse(text);
        }
        catch (XmlException e)
        {
            throw DiagnosticException.Create(ToolDiagnostics.ProjectFileNotValid, new SourceLocation(path, e.LineNumber, e.LinePosition), Display(path), e.Message);
        }
    }

    /// <summary>The nearest file of that name above the project; one init would edit (Directory.Packages.props) must read, the other may be skipped.</summary>
    private MsBuildFileOnDisk? ReadAbove(string projectDirectory, string fileName, bool required)
    {
        if (MsBuildLayout.FindAbove(projectDirectory, fileName) is not { } path)
        {
            return null;
        }

        try
        {
            return new MsBuildFileOnDisk(path, MsBuildFile.Parse(TextFile.Read(path).Text));
        }
        catch (XmlException) when (!required)
        {
            return null;
        }
        catch (XmlException e)
        {
            throw DiagnosticException.Create(ToolDiagnostics.ProjectFileNotValid, new SourceLocation(path, e.LineNumber, e.LinePosition), Display(path), e.Message);
        }
    }

    /// <summary>
    /// Where the build looks for the definition: extension.xml beside the project, or the project's
    /// OneClickPublishDefinitionFile when it names one outright (a definition anywhere else would be ignored by the build).
    /// </summary>
    private static string DefinitionPath(string projectDirectory, MsBuildFile project, MsBuildLayout layout)
    {
        var set = layout.Property(project, "OneClickPublishDefinitionFile");
        return set is { Length: > 0 } && !set.Contains('$', StringComparison.Ordinal)
            ? Path.GetFullPath(set.Replace('\\', Path.DirectorySeparatorChar), projectDirectory)
            : Path.Combine(projectDirectory, ExtensionScaffold.DefinitionFileName);
    }

    private static ExtensionIdentity Identity(string projectFile, MsBuildFile project, MsBuildLayout layout, string? requestedName)
    {
        var projectName = Path.GetFileNameWithoutExtension(projectFile);
        string name;
        if (requestedName is not null)
        {
            name = ExtensionScaffold.NameProblem(requestedName) is { } problem
                ? throw DiagnosticException.Create(ToolDiagnostics.ExtensionNameNotValid, SourceLocation.None, requestedName, problem)
                : requestedName;
        }
        else
        {
            name = ExtensionScaffold.NameFromProject(projectName)
                ?? throw DiagnosticException.Create(ToolDiagnostics.ExtensionNameNotValid, SourceLocation.None, projectName, "no valid name can be made of it; give one with --name");
        }

        // Generated code goes where the project's own code is: its root namespace.
        var rootNamespace = layout.Property(project, "RootNamespace");
        var ns = rootNamespace is not null && ExtensionScaffold.IsValidNamespace(rootNamespace) ? rootNamespace
            : ExtensionScaffold.IsValidNamespace(projectName) ? projectName
            : name;

        // The definition's version is the assembly's unless the project sets one; then they must agree (Compile check).
        var version = new[] { layout.Property(project, "Version"), layout.Property(project, "VersionPrefix") }
            .FirstOrDefault(static v => v is not null && ExtensionScaffold.IsValidVersion(v))
            ?? ExtensionScaffold.DefaultVersion;
        return new ExtensionIdentity(name, ns, version);
    }

    /// <summary>The scaffold is verified as a build would verify it: a definition init writes must never fail the first build.</summary>
    private static void CheckScaffold(string definition, string definitionPath)
    {
        var diagnostics = new DiagnosticBag();
        var model = DefinitionReader.Parse(definition, definitionPath, diagnostics);
        if (model is not null)
        {
            DefinitionVerifier.Verify(model, diagnostics);
        }

        if (diagnostics.FirstOrDefault(static d => d.Severity == DiagnosticSeverity.Error) is { } error)
        {
            throw new DiagnosticException(error);
        }
    }

    private async Task WriteSchemaAsync(string definitionDirectory, bool force, string backups, DateTimeOffset now)
    {
        var path = Path.Combine(definitionDirectory, ExtensionScaffold.SchemaFileName);
        var schema = DefinitionSchema.ReadText().Replace("\r\n", "\n", StringComparison.Ordinal);
        var existing = TextFile.ReadIfExists(path);
        if (existing is not null && existing.Text.Replace("\r\n", "\n", StringComparison.Ordinal) == schema)
        {
            await Say($"{Display(path)} is this version's schema already").ConfigureAwait(false);
            return;
        }

        if (existing is not null && !force)
        {
            await Say($"Kept {Display(path)}, which differs from this version's schema ('oneclick init --force' replaces it, keeping a backup)").ConfigureAwait(false);
            return;
        }

        if (existing is not null)
        {
            var backup = Guarded(path, () => FileBackup.Create(path, backups, now));
            await Say($"Kept the previous {ExtensionScaffold.SchemaFileName} as {Display(backup)}").ConfigureAwait(false);
        }

        Guarded(path, () => TextFile.Write(path, schema, byteOrderMark: false));
        await Say($"Wrote {Display(path)}: the definition's schema, so that editors check and complete {ExtensionScaffold.DefinitionFileName}").ConfigureAwait(false);
    }

    private async Task IgnoreOneClickFolderAsync(string projectDirectory)
    {
        if (GitIgnore.IgnoringFile(projectDirectory, GitIgnore.FilesFor(projectDirectory)) is { } ignoredBy)
        {
            await Say($"{GitIgnore.Entry} is ignored by {Display(ignoredBy)} already").ConfigureAwait(false);
            return;
        }

        var path = Path.Combine(projectDirectory, GitIgnore.FileName);
        var existing = TextFile.ReadIfExists(path);
        Guarded(path, () => TextFile.Write(path, GitIgnore.WithEntry(existing?.Text), existing?.ByteOrderMark ?? false));
        await Say(existing is null
            ? $"Wrote {Display(path)}: {GitIgnore.Entry} (backups, the local server's data) stays out of git"
            : $"Added {GitIgnore.Entry} to {Display(path)}").ConfigureAwait(false);
    }

    private async Task<int> CheckSourcesAsync(string projectFile, string? version, CancellationToken cancellationToken)
    {
        const string Id = PackageReferencePlan.PackageId;
        if (version is null || !NuGetVersion.TryParse(version, out var parsed))
        {
            await Say($"The version of the {Id} reference is not written out in a file init reads; its NuGet sources were not asked").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var projectDirectory = Path.GetDirectoryName(projectFile)!;
        var availability = await sources.FindAsync(projectDirectory, Id, parsed, cancellationToken).ConfigureAwait(false);
        foreach (var source in availability.Unchecked)
        {
            await context.Error.WriteLineAsync(Diagnostic.Create(ToolDiagnostics.SourceNotChecked, SourceLocation.None, source.Name, source.Location, $"{Id} {parsed.ToNormalizedString()}", source.Reason).ToString()).ConfigureAwait(false);
        }

        if (availability.FoundOn is not null)
        {
            await Say($"{Id} {parsed.ToNormalizedString()} is on the NuGet source '{availability.FoundOn}' ({availability.FoundAt})").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var asked = availability.SourcesAsked.Count == 0 ? "none: no source is allowed for it" : string.Join(", ", availability.SourcesAsked);
        await context.Error.WriteLineAsync(Diagnostic.Create(ToolDiagnostics.PackageNotOnAnySource, new SourceLocation(projectFile), Display(projectFile), Id, parsed.ToNormalizedString(), asked).ToString()).ConfigureAwait(false);
        var folder = SourceAdvice.FolderHolding(KnownPackageFolders(), Id, parsed);
        foreach (var line in SourceAdvice.Lines(availability, folder, Id, parsed))
        {
            await context.Error.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.ExtensionErrors;
    }

    private Task Say(string line) => context.Out.WriteLineAsync(line);

    /// <summary>A path as the user typed around it: relative to the current folder when inside it.</summary>
    private string Display(string path)
    {
        var relative = Path.GetRelativePath(context.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static void Guarded(string path, Action write) => Guarded(path, () =>
    {
        write();
        return 0;
    });

    private static T Guarded<T>(string path, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DiagnosticException.Create(ToolDiagnostics.InitWriteFailed, new SourceLocation(path), path, e.Message);
        }
    }
}
