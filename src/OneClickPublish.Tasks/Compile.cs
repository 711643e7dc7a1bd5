using Microsoft.Build.Framework;
using OneClickPublish.Compilation;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Frameworks;

namespace OneClickPublish.Tasks;

/// <summary>
/// The third step of Verify: after the project's own compile, the built assembly is checked against
/// the definition (entry class, every action and its signature, version, conflicting dependencies).
/// </summary>
public sealed class Compile : OneClickTask
{
    [Required]
    public string DefinitionFile { get; set; } = string.Empty;

    [Required]
    public string AssemblyFile { get; set; } = string.Empty;

    /// <summary>The dependency closure Save will ship (the assembly and its copy-local references).</summary>
    public ITaskItem[] ShippedAssemblies { get; set; } = [];

    public string? StampFile { get; set; }

    /// <summary>The project's $(TargetFramework): a framework out of Microsoft's support is a warning (OCP3018).</summary>
    public string? TargetFramework { get; set; }

    /// <summary>$(TargetFrameworkMoniker), for a TargetFramework that is an alias (legacy, with TargetFrameworkIdentifier and Version set).</summary>
    public string? TargetFrameworkMoniker { get; set; }

    /// <summary>The day the support dates are compared with; tests set it.</summary>
    internal DateTime Today { get; set; } = DateTime.UtcNow.Date;

    private protected override void ExecuteCore(DiagnosticBag diagnostics)
    {
        var definition = DefinitionReader.Read(FullPath(DefinitionFile), diagnostics);
        if (definition is null || diagnostics.HasErrors)
        {
            return;
        }

        var shipped = ShippedAssemblies.Select(static i => i.GetMetadata("FullPath")).ToArray();
        AssemblyChecker.Check(definition, FullPath(AssemblyFile), shipped, diagnostics);
        var framework = FrameworkSupport.Parse(TargetFramework) is not null ? TargetFramework : NullIfEmpty(TargetFrameworkMoniker);
        FrameworkSupport.CheckProjectFramework(framework, Today, diagnostics, SourceLocation.None);
        if (!diagnostics.HasErrors && NullIfEmpty(StampFile) is { } stamp)
        {
            AtomicFile.Touch(stamp);
        }
    }
}
