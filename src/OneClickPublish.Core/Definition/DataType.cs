namespace OneClickPublish.Definition;

/// <summary>The data types of the extension definition (see DESIGN.md, "Data types").</summary>
public enum DataType
{
    /// <summary>A name the reader did not recognise; the verifier reports it.</summary>
    Unknown = 0,
    Text,
    Integer,
    LongInteger,
    Decimal,
    Currency,
    Boolean,
    DateTime,
    Date,
    Time,
    PhoneNumber,
    Email,
    BinaryData,
    Object,
    Record,
    RecordList,
}
