using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>An attribute of a structure or of an entity.</summary>
public sealed class AttributeDefinition : TypedElement
{
    public override string Kind => "Attribute";

    /// <summary>Maximum length (Text) or total digits (Decimal); null when not given.</summary>
    public int? Length { get; set; }

    public int? Decimals { get; set; }

    public SourceLocation LengthLocation { get; set; } = SourceLocation.None;

    public SourceLocation DecimalsLocation { get; set; } = SourceLocation.None;

    /// <summary>Entity attributes only.</summary>
    public bool IsIdentifier { get; set; }

    /// <summary>Entity attributes only.</summary>
    public bool IsAutoNumber { get; set; }
}
