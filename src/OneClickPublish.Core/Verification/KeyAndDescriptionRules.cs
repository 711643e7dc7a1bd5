using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.DefinitionVerifier;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>Keys (well formed, unique across the definition) and descriptions (present on public elements, not too long).</summary>
internal sealed class KeyAndDescriptionRules(VerificationContext context)
{
    public void CheckKeyAndDescription(DefinitionElement element, ElementLabel label, bool isPublic)
    {
        if (element.Key is { } key)
        {
            if (key.Length is 0 or > MaxKeyLength || !IsPrintableWithoutSpaces(key))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.InvalidKey, element.Location, label, key);
            }
            else if (!context.Keys.TryAdd(key, element))
            {
                var first = context.Keys[key];
                context.Diagnostics.Report(DefinitionDiagnostics.DuplicateKey, element.Location, label, key, Mention(first) + LineOf(first));
            }
        }

        if (string.IsNullOrWhiteSpace(element.Description))
        {
            if (isPublic)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.MissingDescription, element.Location, label);
            }
        }
        else if (element.Description.Length > MaxDescriptionLength)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.DescriptionTooLong, element.Location, label, element.Description.Length, MaxDescriptionLength);
        }
    }

    private static bool IsPrintableWithoutSpaces(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
