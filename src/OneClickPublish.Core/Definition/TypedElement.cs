using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>An element with a data type: a parameter or an attribute.</summary>
public abstract class TypedElement : DefinitionElement
{
    private AttributePosition _dataType;
    private AttributePosition _recordType;
    private AttributePosition _defaultValue;

    /// <summary>The data type exactly as written, kept so that an unknown one can be reported by name.</summary>
    public string DataTypeName { get; set; } = string.Empty;

    public DataType DataType { get; set; }

    public SourceLocation DataTypeLocation
    {
        get => _dataType.Get(this, LocationSlot.DataType);
        set => _dataType.Set(this, LocationSlot.DataType, value);
    }

    public bool IsMandatory { get; set; }

    public string? DefaultValue { get; set; }

    public string? RecordType { get; set; }

    public SourceLocation RecordTypeLocation
    {
        get => _recordType.Get(this, LocationSlot.RecordType);
        set => _recordType.Set(this, LocationSlot.RecordType, value);
    }

    public SourceLocation DefaultValueLocation
    {
        get => _defaultValue.Get(this, LocationSlot.DefaultValue);
        set => _defaultValue.Set(this, LocationSlot.DefaultValue, value);
    }

    public string ClrTypeName => DataTypes.ToClrTypeName(DataType, RecordType);

    internal void SetDataTypePosition(int line, int column) => _dataType.SetPosition(this, LocationSlot.DataType, line, column);

    internal void SetRecordTypePosition(int line, int column) => _recordType.SetPosition(this, LocationSlot.RecordType, line, column);

    internal void SetDefaultValuePosition(int line, int column) => _defaultValue.SetPosition(this, LocationSlot.DefaultValue, line, column);
}
