using System.Diagnostics.CodeAnalysis;

namespace OneClickPublish.Definition;

/// <summary>Names of data types as written in the definition, and their .NET mapping.</summary>
public static class DataTypes
{
    private static readonly Dictionary<string, DataType> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Text"] = DataType.Text,
        ["Integer"] = DataType.Integer,
        ["Long Integer"] = DataType.LongInteger,
        ["Decimal"] = DataType.Decimal,
        ["Currency"] = DataType.Currency,
        ["Boolean"] = DataType.Boolean,
        ["Date Time"] = DataType.DateTime,
        ["Date"] = DataType.Date,
        ["Time"] = DataType.Time,
        ["Phone Number"] = DataType.PhoneNumber,
        ["Email"] = DataType.Email,
        ["Binary Data"] = DataType.BinaryData,
        ["Object"] = DataType.Object,
        ["Record"] = DataType.Record,
        ["Record List"] = DataType.RecordList,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, [NotNullWhen(true)] out DataType? type)
    {
        if (name is not null && ByName.TryGetValue(name.Trim(), out var found))
        {
            type = found;
            return true;
        }

        type = null;
        return false;
    }

    public static string ToName(DataType type) => type switch
    {
        DataType.LongInteger => "Long Integer",
        DataType.DateTime => "Date Time",
        DataType.PhoneNumber => "Phone Number",
        DataType.BinaryData => "Binary Data",
        DataType.RecordList => "Record List",
        _ => type.ToString(),
    };

    public static bool IsRecord(DataType type) => type is DataType.Record or DataType.RecordList;

    /// <summary>
    /// The C# type for a data type. Date and Time map to DateTime on every target framework so that a
    /// multi-targeted extension has one signature per action (documented in docs/definition.md).
    /// </summary>
    public static string ToClrTypeName(DataType type, string? recordType) => type switch
    {
        DataType.Text or DataType.PhoneNumber or DataType.Email => "string",
        DataType.Integer => "int",
        DataType.LongInteger => "long",
        DataType.Decimal or DataType.Currency => "decimal",
        DataType.Boolean => "bool",
        DataType.DateTime or DataType.Date or DataType.Time => "global::System.DateTime",
        DataType.BinaryData => "byte[]",
        DataType.Object => "object",
        DataType.Record => recordType ?? "object",
        DataType.RecordList => $"global::System.Collections.Generic.List<{recordType ?? "object"}>",
        _ => "object",
    };
}
