using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.DefinitionVerifier;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>The extension element itself: its name, Version, Namespace, key and description, and that it declares anything at all.</summary>
internal sealed class ExtensionRules(VerificationContext context, NameRules nameRules, KeyAndDescriptionRules keysAndDescriptions)
{
    public void VerifyExtension()
    {
        var definition = context.Definition;
        var label = new ElementLabel(definition, null);
        if (nameRules.CheckName(definition, label, MaxNameLength) && IsCSharpKeyword(definition.Name))
        {
            context.Diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(definition), label, definition.Name, "it is a C# keyword");
        }

        if (definition.Version is null)
        {
            if (string.IsNullOrEmpty(definition.VersionText))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, definition.Location, label, "Version");
            }
            else if (!NuGetVersion.TryParseStrict(definition.VersionText, out _))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.InvalidVersion, Pick(definition.VersionLocation, definition.Location), definition.VersionText);
            }
        }

        if (definition.Namespace is not null && NameRules.NamespaceProblem(definition.Namespace) is { } problem)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.InvalidNamespace, Pick(definition.NamespaceLocation, definition.Location), definition.Namespace, problem);
        }

        keysAndDescriptions.CheckKeyAndDescription(definition, label, isPublic: true);
        if (definition.Actions.Count == 0 && definition.Structures.Count == 0 && definition.Entities.Count == 0)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.EmptyExtension, definition.Location, definition.Name);
        }
    }
}
