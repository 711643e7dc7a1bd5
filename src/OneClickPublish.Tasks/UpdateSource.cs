using Microsoft.Build.Framework;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tasks;

/// <summary>
/// The second step of Verify: generated code is brought in line with the definition (rewritten only
/// when its content changes) and the user's implementation file is merged, with a backup, never lost.
/// </summary>
public sealed class UpdateSource : OneClickTask
{
    [Required]
    public string DefinitionFile { get; set; } = string.Empty;

    [Required]
    public string GeneratedDirectory { get; set; } = string.Empty;

    /// <summary>Defaults to <c>{Name}Actions.cs</c> beside the definition.</summary>
    public string? ImplementationFile { get; set; }

    [Required]
    public string BackupDirectory { get; set; } = string.Empty;

    /// <summary>True: merge the implementation (with a backup). False: only report how it drifted from the definition.</summary>
    public bool MergeImplementation { get; set; } = true;

    /// <summary>True in design-time builds and inner builds of a multi-targeted project: generate code, leave the user's file alone, silently.</summary>
    public bool GenerateCodeOnly { get; set; }

    /// <summary>
    /// Written after a successful run so that MSBuild can skip the step when nothing changed. It holds the
    /// implementation file's full path: the targets read it to compile a stub created in this very build,
    /// which the project's Compile items, evaluated before the file existed, do not hold.
    /// </summary>
    public string? StampFile { get; set; }

    /// <summary>The project's LangVersion: a new implementation file compiles under it (7.3 in .NET Framework projects).</summary>
    public string? LanguageVersion { get; set; }

    [Output]
    public ITaskItem[] GeneratedFiles { get; private set; } = [];

    private protected override void ExecuteCore(DiagnosticBag diagnostics)
    {
        var definitionPath = FullPath(DefinitionFile);
        var definition = DefinitionReader.Read(definitionPath, diagnostics);
        if (definition is null || diagnostics.HasErrors)
        {
            return;
        }

        var implementation = NullIfEmpty(ImplementationFile) is { } given
            ? FullPath(given)
            : Path.Combine(Path.GetDirectoryName(definitionPath)!, definition.EntryClassName + ".cs");
        var options = new SourceUpdateOptions
        {
            GeneratedDirectory = FullPath(GeneratedDirectory),
            ImplementationFile = implementation,
            BackupDirectory = FullPath(BackupDirectory),
            MergeImplementation = MergeImplementation,
            GenerateCodeOnly = GenerateCodeOnly,
            LanguageVersion = NullIfEmpty(LanguageVersion),
        };
        var result = SourceUpdater.Update(definition, options, diagnostics);
        GeneratedFiles = Items(result.GeneratedFiles);
        if (!diagnostics.HasErrors && NullIfEmpty(StampFile) is { } stamp)
        {
            // Always rewritten (not only touched): the stamp must be newer than the inputs that made this run.
            AtomicFile.WriteAllText(stamp, implementation + Environment.NewLine);
        }
    }
}
