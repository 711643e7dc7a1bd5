using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.DefinitionVerifier;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>Actions and their parameters: names unique in their scope, functions with one output, inputs only mandatory, icons on disk.</summary>
internal sealed class ActionRules(VerificationContext context, NameRules nameRules, KeyAndDescriptionRules keysAndDescriptions, DataTypeRules dataTypes)
{
    // A scope of names, reused from one action to the next.
    private readonly Dictionary<string, ParameterDefinition> _parameterNames = new(StringComparer.OrdinalIgnoreCase);

    public void VerifyActions()
    {
        var names = new Dictionary<string, ActionDefinition>(context.Definition.Actions.Count, StringComparer.OrdinalIgnoreCase);
        var entryClassName = context.Definition.EntryClassName; // built once, not once per action
        foreach (var action in context.Definition.Actions)
        {
            var label = new ElementLabel(action, null);
            if (nameRules.CheckName(action, label, MaxNameLength))
            {
                if (!names.TryAdd(action.Name, action))
                {
                    var first = names[action.Name];
                    context.Diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(action), label, $"action '{first.Name}'{LineOf(first)}");
                }

                nameRules.CheckReservedMemberName(action, label, entryClassName);
            }

            keysAndDescriptions.CheckKeyAndDescription(action, label, isPublic: true);
            VerifyParameters(action);

            if (action.IsFunction)
            {
                var outputs = 0;
                foreach (var parameter in action.Parameters)
                {
                    outputs += parameter.Direction == ParameterDirection.Output ? 1 : 0;
                }

                if (outputs != 1)
                {
                    context.Diagnostics.Report(DefinitionDiagnostics.FunctionOutputCount, action.Location, action.Name, outputs);
                }
            }

            if (!string.IsNullOrEmpty(action.Icon) && context.Options.BaseDirectory is not null)
            {
                var full = ResourceRules.ResolveOnDisk(action.Icon, context.Options.BaseDirectory);
                if (full is null || !File.Exists(full))
                {
                    context.Diagnostics.Report(DefinitionDiagnostics.IconNotFound, Pick(action.IconLocation, action.Location), action.Name, action.Icon, full ?? action.Icon);
                }
            }
        }
    }

    private void VerifyParameters(ActionDefinition action)
    {
        var names = _parameterNames;
        names.Clear();
        foreach (var parameter in action.Parameters)
        {
            var label = new ElementLabel(parameter, action);
            if (nameRules.CheckName(parameter, label, MaxNameLength))
            {
                if (!names.TryAdd(parameter.Name, parameter))
                {
                    var first = names[parameter.Name];
                    context.Diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(parameter), label, $"{first.Kind.ToLowerInvariant()} '{first.Name}'{LineOf(first)}");
                }

                nameRules.CheckKeyword(parameter, label);
            }

            keysAndDescriptions.CheckKeyAndDescription(parameter, label, isPublic: false);
            var isOutput = parameter.Direction == ParameterDirection.Output;
            if (isOutput && parameter.IsMandatory)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.OnlyInputsMandatory, parameter.Location, label);
            }

            dataTypes.VerifyTyped(parameter, label, isOutput ? "an output has no default" : null);
        }
    }
}
