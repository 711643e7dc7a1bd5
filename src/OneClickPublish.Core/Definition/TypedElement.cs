using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>An element with a data type: a parameter or an attribute.</summary>
public abstract class TypedElement : DefinitionElement
{
    /// <summary>The data type exactly as written, kept so that an unknown one can be reported by name.</summary>
    public string DataTypeName { get; set; } = string.Empty;

    public DataType DataType { get; set; }

    public SourceLocation DataTypeLocation { get; set; } = SourceLocation.None;

    public bool IsMandatory { get; set; }

    public string? DefaultValue { get; set; }

    public string? RecordType { get; set; }

    public SourceLocation RecordTypeLocation { get; set; } = SourceLocation.None;

    public SourceLocation DefaultValueLocation { get; set; } = SourceLocation.None;

    public string ClrTypeName => DataTypes.ToClrTypeName(DataType, RecordType);
}
