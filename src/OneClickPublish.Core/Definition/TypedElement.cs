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
        get => _dataType.Get(this);
        set => _dataType.Set(value);
    }

    public bool IsMandatory { get; set; }

    public string? DefaultValue { get; set; }

    public string? RecordType { get; set; }

    public SourceLocation RecordTypeLocation
    {
        get => _recordType.Get(this);
        set => _recordType.Set(value);
    }

    public SourceLocation DefaultValueLocation
    {
        get => _defaultValue.Get(this);
        set => _defaultValue.Set(value);
    }

    public string ClrTypeName => DataTypes.ToClrTypeName(DataType, RecordType);

    internal void SetDataTypePosition(int line, int column) => _dataType.SetPosition(line, column);

    internal void SetRecordTypePosition(int line, int column) => _recordType.SetPosition(line, column);

    internal void SetDefaultValuePosition(int line, int column) => _defaultValue.SetPosition(line, column);
}
