using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.DefinitionVerifier;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>Structures: their attributes (no entity-only properties), and no structure that contains itself through Record attributes.</summary>
internal sealed class StructureRules(VerificationContext context, NameRules nameRules, KeyAndDescriptionRules keysAndDescriptions, DataTypeRules dataTypes)
{
    // A scope of attribute names, reused from one structure to the next.
    private readonly Dictionary<string, AttributeDefinition> _attributeNames = new(StringComparer.OrdinalIgnoreCase);

    public void VerifyStructure(StructureDefinition structure)
    {
        var label = new ElementLabel(structure, null);
        if (nameRules.CheckName(structure, label, MaxNameLength))
        {
            nameRules.CheckReservedTypeName(structure, label);
        }

        keysAndDescriptions.CheckKeyAndDescription(structure, label, isPublic: true);
        if (structure.Attributes.Count == 0)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.NoAttributes, structure.Location, label);
        }

        var names = _attributeNames;
        names.Clear();
        foreach (var attribute in structure.Attributes)
        {
            var attributeLabel = new ElementLabel(attribute, structure);
            keysAndDescriptions.CheckKeyAndDescription(attribute, attributeLabel, isPublic: false);
            nameRules.CheckAttributeName(structure, attribute, attributeLabel, MaxNameLength, names);
            if (attribute.IsIdentifier)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.EntityOnlyProperty, attribute.Location, attributeLabel, "Identifier");
            }

            if (attribute.IsAutoNumber)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.EntityOnlyProperty, attribute.Location, attributeLabel, "AutoNumber");
            }

            dataTypes.VerifyTyped(attribute, attributeLabel, null);
            dataTypes.VerifyLengthAndDecimals(attribute, attributeLabel);
        }
    }

    /// <summary>
    /// Reports each cycle of structures that contain each other through Record or Record List
    /// attributes, once per back edge of a depth-first walk: linear in structures plus attributes.
    /// </summary>
    public void FindRecursiveStructures()
    {
        var state = new Dictionary<StructureDefinition, int>(ReferenceEqualityComparer.Instance); // 1 on the path, 2 done
        var path = new List<(StructureDefinition Structure, AttributeDefinition? Via)>();
        var positions = new Dictionary<StructureDefinition, int>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(StructureDefinition Structure, int NextAttribute)>();

        foreach (var root in context.Definition.Structures)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            Enter(root, null);
            while (pending.Count > 0)
            {
                var (structure, next) = pending.Pop();
                if (next >= structure.Attributes.Count)
                {
                    state[structure] = 2;
                    positions.Remove(structure);
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                pending.Push((structure, next + 1));
                var attribute = structure.Attributes[next];
                if (!DataTypes.IsRecord(attribute.DataType)
                    || attribute.RecordType is null
                    || !context.RecordTypes.TryGetValue(attribute.RecordType, out var target)
                    || target is not StructureDefinition child)
                {
                    continue;
                }

                if (!state.TryGetValue(child, out var childState))
                {
                    Enter(child, attribute);
                }
                else if (childState == 1)
                {
                    ReportCycle(positions[child], attribute);
                }
            }
        }

        void Enter(StructureDefinition structure, AttributeDefinition? via)
        {
            state[structure] = 1;
            positions[structure] = path.Count;
            path.Add((structure, via));
            pending.Push((structure, 0));
        }

        void ReportCycle(int start, AttributeDefinition closing)
        {
            var steps = new List<string>();
            for (var i = start; i < path.Count; i++)
            {
                var via = i + 1 < path.Count ? path[i + 1].Via! : closing;
                steps.Add($"{path[i].Structure.Name}.{via.Name}");
            }

            steps.Add(path[start].Structure.Name);
            context.Diagnostics.Report(
                DefinitionDiagnostics.RecursiveStructure,
                Pick(closing.RecordTypeLocation, closing.Location),
                path[start].Structure.Name,
                string.Join(" \u2192 ", steps));
        }
    }
}
