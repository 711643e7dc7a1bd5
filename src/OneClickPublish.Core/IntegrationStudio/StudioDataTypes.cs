using OneClickPublish.Definition;

namespace OneClickPublish.IntegrationStudio;

/// <summary>The format's Type words and our data types (the table of the format page, both ways).</summary>
public static class StudioDataTypes
{
    private static readonly (string Word, DataType Type)[] Table =
    [
        ("rtText", DataType.Text),
        ("rtInteger", DataType.Integer),
        ("rtLongInteger", DataType.LongInteger),
        ("rtDecimal", DataType.Decimal),
        ("rtBoolean", DataType.Boolean),
        ("rtDateTime", DataType.DateTime),
        ("rtDate", DataType.Date),
        ("rtBinaryData", DataType.BinaryData),
        ("rtObject", DataType.Object),
        ("rtRecord", DataType.Record),
        ("rtRecordList", DataType.RecordList),

        // Never seen in a file; spelled the way the seen ones are (a guess, documented in docs/import-export.md).
        ("rtCurrency", DataType.Currency),
        ("rtTime", DataType.Time),
        ("rtPhoneNumber", DataType.PhoneNumber),
        ("rtEmail", DataType.Email),
    ];

    public static DataType? FromWord(string? word)
    {
        foreach (var (w, type) in Table)
        {
            if (string.Equals(w, word, StringComparison.Ordinal))
            {
                return type;
            }
        }

        return null;
    }

    public static string ToWord(DataType type)
    {
        foreach (var (word, t) in Table)
        {
            if (t == type)
            {
                return word;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(type), type, "no Integration Studio type");
    }
}
