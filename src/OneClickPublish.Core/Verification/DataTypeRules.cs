using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.DefinitionVerifier;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>
/// Data types and Record Types: the Record Types are collected first (structures and entities by
/// name), then every parameter and attribute is checked against them; Length and Decimals of attributes.
/// </summary>
internal sealed class DataTypeRules(VerificationContext context, DefaultValueRules defaults)
{
    public void CollectRecordTypes()
    {
        foreach (var element in context.Definition.Structures.Cast<DefinitionElement>().Concat(context.Definition.Entities))
        {
            if (element.Name.Length == 0)
            {
                continue;
            }

            if (!context.RecordTypes.TryAdd(element.Name, element))
            {
                var first = context.RecordTypes[element.Name];
                context.Diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(element), $"{element.Kind} '{element.Name}'", Mention(first) + LineOf(first));
            }
        }
    }

    /// <summary>Data type, Record Type and default value of a parameter or attribute.</summary>
    public void VerifyTyped(TypedElement element, ElementLabel label, string? noDefaultBecause)
    {
        var type = element.DataType;
        if (type == DataType.Unknown)
        {
            if (string.IsNullOrWhiteSpace(element.DataTypeName))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, element.Location, label, "DataType");
            }
            else
            {
                context.Diagnostics.Report(DefinitionDiagnostics.UnknownDataType, Pick(element.DataTypeLocation, element.Location), label, element.DataTypeName);
            }
        }
        else if (DataTypes.IsRecord(type))
        {
            if (string.IsNullOrWhiteSpace(element.RecordType))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.RecordTypeMissing, Pick(element.DataTypeLocation, element.Location), label, DataTypes.ToName(type));
            }
            else if (!context.RecordTypes.ContainsKey(element.RecordType))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.RecordTypeUnknown, Pick(element.RecordTypeLocation, element.Location), label, element.RecordType);
            }
        }
        else if (!string.IsNullOrEmpty(element.RecordType))
        {
            context.Diagnostics.Report(DefinitionDiagnostics.RecordTypeIgnored, Pick(element.RecordTypeLocation, element.Location), label, element.RecordType, DataTypes.ToName(type));
        }

        defaults.VerifyDefault(element, label, noDefaultBecause);
    }

    public void VerifyLengthAndDecimals(AttributeDefinition attribute, ElementLabel label)
    {
        var type = attribute.DataType;
        var isText = type is DataType.Text or DataType.PhoneNumber or DataType.Email;
        var isDecimal = type is DataType.Decimal or DataType.Currency;
        if (attribute.Length is { } length && type != DataType.Unknown)
        {
            var problem = isText ? (length is < 1 or > MaxTextLength ? $"it must be from 1 to {MaxTextLength}" : null)
                : isDecimal ? (length is < 1 or > MaxDecimalDigits ? $"it must be from 1 to {MaxDecimalDigits} digits" : null)
                : $"{DataTypes.ToName(type)} has no Length";
            if (problem is not null)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.InvalidLength, Pick(attribute.LengthLocation, attribute.Location), label, length, problem);
            }
        }

        if (attribute.Decimals is { } decimals && type != DataType.Unknown)
        {
            var problem = !isDecimal ? $"{DataTypes.ToName(type)} has no Decimals"
                : decimals is < 0 or > MaxDecimals ? $"it must be from 0 to {MaxDecimals}"
                : attribute.Length is { } total && decimals > total ? $"it is more than Length {total}"
                : null;
            if (problem is not null)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.InvalidDecimals, Pick(attribute.DecimalsLocation, attribute.Location), label, decimals, problem);
            }
        }
    }
}
