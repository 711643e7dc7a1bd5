using System.Globalization;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>Default values: allowed for the element at all, and a valid literal of its data type.</summary>
internal sealed class DefaultValueRules(VerificationContext context)
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm"];
    private static readonly string[] DateFormats = ["yyyy-MM-dd"];
    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm"];

    /// <summary>The default value of a parameter or attribute, against its data type (and Length and Decimals).</summary>
    public void VerifyDefault(TypedElement element, ElementLabel label, string? noDefaultBecause)
    {
        if (element.DefaultValue is null)
        {
            return;
        }

        var type = element.DataType;
        noDefaultBecause ??= type switch
        {
            DataType.BinaryData or DataType.Object or DataType.Record or DataType.RecordList =>
                $"{DataTypes.ToName(type)} has no literal value",
            _ => null,
        };
        if (noDefaultBecause is not null)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.DefaultValueNotAllowed, Pick(element.DefaultValueLocation, element.Location), label, noDefaultBecause);
        }
        else if (type != DataType.Unknown && DefaultValueProblem(element, element.DefaultValue) is { } problem)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.InvalidDefaultValue, Pick(element.DefaultValueLocation, element.Location), label, element.DefaultValue, DataTypes.ToName(type), problem);
        }
    }

    /// <summary>Null when the default fits; otherwise "" or a parenthesised reason appended to the message.</summary>
    public static string? DefaultValueProblem(TypedElement element, string value)
    {
        var attribute = element as AttributeDefinition;
        var invariant = CultureInfo.InvariantCulture;
        switch (element.DataType)
        {
            case DataType.Text or DataType.PhoneNumber or DataType.Email:
                return attribute?.Length is { } max && value.Length > max ? $" (it is longer than Length {max})" : null;
            case DataType.Integer:
                return int.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : " (a whole number from -2147483648 to 2147483647)";
            case DataType.LongInteger:
                return long.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : " (a whole number of at most 64 bits)";
            case DataType.Decimal or DataType.Currency:
                return DecimalProblem(value, attribute);
            case DataType.Boolean:
                return value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)
                    ? null
                    : " (true or false)";
            case DataType.DateTime:
                return DateTime.TryParseExact(value, DateTimeFormats, invariant, DateTimeStyles.None, out _) ? null : " (yyyy-MM-dd HH:mm:ss)";
            case DataType.Date:
                return DateTime.TryParseExact(value, DateFormats, invariant, DateTimeStyles.None, out _) ? null : " (yyyy-MM-dd)";
            case DataType.Time:
                return DateTime.TryParseExact(value, TimeFormats, invariant, DateTimeStyles.None, out _) ? null : " (HH:mm:ss)";
            default:
                return null;
        }
    }

    private static string? DecimalProblem(string value, AttributeDefinition? attribute)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            return " (a number such as 12.50, with '.' and no thousands separator)";
        }

        // Digits on both sides of the point, so that the default is also a valid C# literal (not "1." or ".5").
        var digits = value.AsSpan().TrimStart("+-");
        var point = digits.IndexOf('.');
        if (digits.Length == 0 || point == 0 || point == digits.Length - 1 || digits.Length < value.Length - 1)
        {
            return " (a number such as 12.50, with digits on both sides of the '.')";
        }

        var integerDigits = (point < 0 ? digits : digits[..point]).TrimStart('0').Length;
        var fractionDigits = point < 0 ? 0 : digits[(point + 1)..].TrimEnd('0').Length;
        var decimals = attribute?.Decimals;
        if (decimals is { } d && fractionDigits > d)
        {
            return $" (it has more than {d} decimals)";
        }

        if (attribute?.Length is { } length && integerDigits > length - (decimals ?? 0))
        {
            return $" (it does not fit in {length} digits with {decimals ?? 0} decimals)";
        }

        return null;
    }
}
