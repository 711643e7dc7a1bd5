using Microsoft.Build.Framework;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Verification;

namespace OneClickPublish.Tasks;

/// <summary>The first step of Verify: the definition is read and every rule checked; all mistakes are reported at once.</summary>
public sealed class VerifyDefinition : OneClickTask
{
    [Required]
    public string DefinitionFile { get; set; } = string.Empty;

    /// <summary>Written only when the definition has no errors: its name and version, one per line (the XIF is named after them).</summary>
    public string? VerifiedFile { get; set; }

    [Output]
    public string? ExtensionName { get; private set; }

    [Output]
    public string? ExtensionVersion { get; private set; }

    private protected override void ExecuteCore(DiagnosticBag diagnostics)
    {
        var path = FullPath(DefinitionFile);
        var definition = DefinitionReader.Read(path, diagnostics);
        if (definition is null)
        {
            return;
        }

        DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = Path.GetDirectoryName(path) });
        if (diagnostics.HasErrors)
        {
            return;
        }

        ExtensionName = definition.Name;
        ExtensionVersion = definition.Version!.ToNormalizedString();
        if (NullIfEmpty(VerifiedFile) is { } verified)
        {
            AtomicFile.WriteAllText(verified, $"{ExtensionName}\n{ExtensionVersion}\n");
        }
    }
}
