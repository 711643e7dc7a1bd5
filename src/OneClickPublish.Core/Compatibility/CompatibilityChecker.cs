using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Compatibility;

/// <summary>How much a version must move for a change: Major for what breaks consumers, Minor for additions.</summary>
public enum VersionBump
{
    None = 0,
    Patch = 1,
    Minor = 2,
    Major = 3,
}

/// <summary>One difference between two versions of a definition that consumers can notice.</summary>
/// <param name="RequiredBump">Major when it breaks consumers, Minor when it adds something.</param>
/// <param name="ElementPath">Where, as users read it: <c>Action ChargeCard › Input Amount</c>.</param>
/// <param name="Description">What changed, in plain words, starting with the element path.</param>
public sealed record CompatibilityChange(VersionBump RequiredBump, string ElementPath, string Description)
{
    public bool IsBreaking => RequiredBump == VersionBump.Major;

    public override string ToString() => Description;
}

/// <summary>
/// Compares a new version of an extension definition with the previous one. Elements are matched by
/// their Key when the previous element has one (so a renamed element is recognised, not reported as
/// removed and added), else by name (case-insensitive). Removing or changing an action, a parameter
/// (type, record type, direction, order, becoming mandatory), a structure, an entity or one of their
/// attributes is breaking; additions, renames followed by a Key and relaxations (an input that is no
/// longer mandatory, a longer text) are not.
/// </summary>
public static class CompatibilityChecker
{
    private const string Separator = " › ";

    public static IReadOnlyList<CompatibilityChange> Compare(ExtensionDefinition previous, ExtensionDefinition next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var changes = new List<CompatibilityChange>();
        CompareElements(previous.Actions, next.Actions, parentPath: null, changes, CompareAction);
        CompareElements(previous.Structures, next.Structures, parentPath: null, changes, (p, n, path, list) => CompareAttributes(p.Attributes, n.Attributes, path, list));
        CompareElements(previous.Entities, next.Entities, parentPath: null, changes, CompareEntity);
        return changes;
    }

    /// <summary>The bump the changes need: the largest of them, None when there are none.</summary>
    public static VersionBump RequiredBump(IEnumerable<CompatibilityChange> changes) =>
        changes.Select(static c => c.RequiredBump).DefaultIfEmpty(VersionBump.None).Max();

    /// <summary>The bump from one version to the next; None when next is not higher.</summary>
    public static VersionBump ActualBump(NuGetVersion previous, NuGetVersion next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (next <= previous)
        {
            return VersionBump.None;
        }

        if (next.Major != previous.Major)
        {
            return VersionBump.Major;
        }

        return next.Minor != previous.Minor ? VersionBump.Minor : VersionBump.Patch;
    }

    /// <summary>
    /// Compares and reports: one OCP5111 error per breaking change when the major version did not
    /// move, one OCP5112 warning per addition when only the patch version did. Returns the changes.
    /// </summary>
    public static IReadOnlyList<CompatibilityChange> Check(ExtensionDefinition previous, ExtensionDefinition next, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var changes = Compare(previous, next);
        if (previous.Version is null || next.Version is null)
        {
            return changes;
        }

        var bump = ActualBump(previous.Version, next.Version);
        foreach (var change in changes)
        {
            var location = SourceLocation.None.WithElementPath(change.ElementPath);
            if (change.IsBreaking && bump < VersionBump.Major)
            {
                diagnostics.Report(ServerDiagnostics.BreakingChangeWithoutMajorBump, location,
                    change.Description, previous.Version.ToNormalizedString(), next.Version.ToNormalizedString());
            }
            else if (change.RequiredBump == VersionBump.Minor && bump < VersionBump.Minor)
            {
                diagnostics.Report(ServerDiagnostics.AdditionWithoutMinorBump, location,
                    change.Description, previous.Version.ToNormalizedString(), next.Version.ToNormalizedString());
            }
        }

        return changes;
    }

    private static void CompareAction(ActionDefinition previous, ActionDefinition next, string path, List<CompatibilityChange> changes)
    {
        if (previous.IsFunction != next.IsFunction)
        {
            changes.Add(Breaking(path, next.IsFunction ? "became a function" : "is no longer a function"));
        }

        var matches = CompareElements(previous.Parameters, next.Parameters, path, changes, CompareParameter,
            added: (p, childPath) => p.Direction == ParameterDirection.Input && p.IsMandatory
                ? Breaking(childPath, "was added as a mandatory input")
                : null);

        // The generated signature follows the declaration order, so existing parameters must keep theirs.
        var orderInNext = matches.OrderBy(m => next.Parameters.IndexOf(m.Next)).Select(static m => m.Previous).ToList();
        var orderInPrevious = matches.Select(static m => m.Previous).ToList();
        if (!orderInNext.SequenceEqual(orderInPrevious))
        {
            changes.Add(Breaking(path, "changed the order of its parameters (" +
                string.Join(", ", orderInPrevious.Select(static p => p.Name)) + " → " +
                string.Join(", ", matches.OrderBy(m => next.Parameters.IndexOf(m.Next)).Select(static m => m.Next.Name)) + ")"));
        }
    }

    private static void CompareParameter(ParameterDefinition previous, ParameterDefinition next, string path, List<CompatibilityChange> changes)
    {
        if (previous.Direction != next.Direction)
        {
            changes.Add(Breaking(path, $"changed from {previous.Kind.ToLowerInvariant()} to {next.Kind.ToLowerInvariant()}"));
        }

        CompareType(previous, next, path, changes);
        if (next.Direction == ParameterDirection.Input && !previous.IsMandatory && next.IsMandatory)
        {
            changes.Add(Breaking(path, "became mandatory"));
        }
    }

    private static void CompareEntity(EntityDefinition previous, EntityDefinition next, string path, List<CompatibilityChange> changes)
    {
        if (!string.Equals(previous.TableName ?? string.Empty, next.TableName ?? string.Empty, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add(Breaking(path, $"changed its table name from '{previous.TableName}' to '{next.TableName}'"));
        }

        CompareAttributes(previous.Attributes, next.Attributes, path, changes);
    }

    private static void CompareAttributes(List<AttributeDefinition> previous, List<AttributeDefinition> next, string path, List<CompatibilityChange> changes) =>
        CompareElements(previous, next, path, changes, CompareAttribute);

    private static void CompareAttribute(AttributeDefinition previous, AttributeDefinition next, string path, List<CompatibilityChange> changes)
    {
        CompareType(previous, next, path, changes);
        if (!previous.IsMandatory && next.IsMandatory)
        {
            changes.Add(Breaking(path, "became mandatory"));
        }

        if (previous.IsIdentifier != next.IsIdentifier)
        {
            changes.Add(Breaking(path, next.IsIdentifier ? "became the identifier" : "is no longer the identifier"));
        }

        if (previous.IsAutoNumber != next.IsAutoNumber)
        {
            changes.Add(Breaking(path, next.IsAutoNumber ? "became auto number" : "is no longer auto number"));
        }

        switch (previous.Length, next.Length)
        {
            case ({ } before, { } after) when after < before:
                changes.Add(Breaking(path, $"length shrank from {before} to {after}"));
                break;
            case ({ } before, { } after) when after > before:
                changes.Add(Addition(path, $"length grew from {before} to {after}"));
                break;
            case (null, { } after):
                changes.Add(Breaking(path, $"length became limited to {after}"));
                break;
            default:
                break;
        }

        if (previous.Decimals is { } oldDecimals && next.Decimals is { } newDecimals && newDecimals < oldDecimals)
        {
            changes.Add(Breaking(path, $"decimals shrank from {oldDecimals} to {newDecimals}"));
        }
    }

    private static void CompareType(TypedElement previous, TypedElement next, string path, List<CompatibilityChange> changes)
    {
        var sameType = previous.DataType == next.DataType
            && (previous.DataType != DataType.Unknown || string.Equals(previous.DataTypeName.Trim(), next.DataTypeName.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!sameType)
        {
            changes.Add(Breaking(path, $"changed its data type from {Describe(previous)} to {Describe(next)}"));
        }
        else if (DataTypes.IsRecord(next.DataType) && !string.Equals(previous.RecordType, next.RecordType, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add(Breaking(path, $"changed its record type from {previous.RecordType} to {next.RecordType}"));
        }
    }

    private static string Describe(TypedElement element) =>
        element.DataType == DataType.Unknown ? element.DataTypeName : DataTypes.ToName(element.DataType);

    /// <summary>
    /// Pairs previous and next elements, reports removals, additions and renames, runs
    /// <paramref name="compare"/> on every pair and returns the pairs in the previous order.
    /// </summary>
    private static List<(T Previous, T Next)> CompareElements<T>(
        List<T> previous,
        List<T> next,
        string? parentPath,
        List<CompatibilityChange> changes,
        Action<T, T, string, List<CompatibilityChange>> compare,
        Func<T, string, CompatibilityChange?>? added = null)
        where T : DefinitionElement
    {
        var unmatched = new List<T>(next);
        var matches = new List<(T Previous, T Next)>();
        foreach (var old in previous)
        {
            var match = FindMatch(old, unmatched);
            var oldPath = PathOf(parentPath, old);
            if (match is null)
            {
                changes.Add(Breaking(oldPath, "was removed"));
                continue;
            }

            unmatched.Remove(match);
            matches.Add((old, match));
            var path = PathOf(parentPath, match);
            if (!string.Equals(old.Name, match.Name, StringComparison.Ordinal))
            {
                // Followed by its Key: consumers refer to it by key, so a rename does not break them.
                changes.Add(new CompatibilityChange(VersionBump.Minor, path, $"{oldPath} was renamed to {match.Name}"));
            }

            compare(old, match, path, changes);
        }

        foreach (var fresh in unmatched)
        {
            var path = PathOf(parentPath, fresh);
            changes.Add(added?.Invoke(fresh, path) ?? Addition(path, "was added"));
        }

        return matches;
    }

    private static T? FindMatch<T>(T old, List<T> candidates)
        where T : DefinitionElement
    {
        if (!string.IsNullOrEmpty(old.Key))
        {
            var byKey = candidates.Find(c => string.Equals(c.Key, old.Key, StringComparison.Ordinal));
            if (byKey is not null)
            {
                return byKey;
            }

            // An element that lost its key is still recognised by its name; one with another key is a different element.
            return candidates.Find(c => string.IsNullOrEmpty(c.Key) && SameName(c, old));
        }

        return candidates.Find(c => SameName(c, old));
    }

    private static bool SameName(DefinitionElement a, DefinitionElement b) =>
        string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase)
        && (a.Kind == b.Kind || a is ParameterDefinition && b is ParameterDefinition);

    private static string PathOf(string? parentPath, DefinitionElement element) =>
        parentPath is null ? $"{element.Kind} {element.Name}" : $"{parentPath}{Separator}{element.Kind} {element.Name}";

    private static CompatibilityChange Breaking(string path, string what) => new(VersionBump.Major, path, $"{path} {what}");

    private static CompatibilityChange Addition(string path, string what) => new(VersionBump.Minor, path, $"{path} {what}");
}
