using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>What every named element of a definition has: a name, an optional stable key, a description and where it was read from.</summary>
public abstract class DefinitionElement
{
    // Where the reader found the element, kept as numbers: a definition of 50,000 actions has 300,000
    // elements, and building a SourceLocation (and its element path) for each one up front made the
    // garbage collector the largest cost of reading. They are built on first use, normally only for
    // the few elements a diagnostic points at. Locations set explicitly and the built Location live in
    // one array made on first use, so that an element read from a file carries no empty slots for them.
    private SourceLocation?[]? _locations;
    private string? _file;
    private int _line;
    private int _column;
    private AttributePosition _name;

    public string Name { get; set; } = string.Empty;

    /// <summary>Opaque stable identity; lets UpdateSource and the compatibility check follow a rename.</summary>
    public string? Key { get; set; }

    public string? Description { get; set; }

    /// <summary>Where the element starts (its '&lt;'), with its <see cref="ElementPath"/>; <see cref="SourceLocation.None"/> when unknown.</summary>
    public SourceLocation Location
    {
        get => GetLocation(LocationSlot.Element) ?? SetLocation(LocationSlot.Element, _line == 0 ? SourceLocation.None : new SourceLocation(_file, _line, _column, ElementPath));
        set => SetLocation(LocationSlot.Element, value);
    }

    /// <summary>Where the Name attribute was read; <see cref="SourceLocation.None"/> when unknown (use <see cref="Location"/>).</summary>
    public SourceLocation NameLocation
    {
        get => _name.Get(this, LocationSlot.Name);
        set => _name.Set(this, LocationSlot.Name, value);
    }

    /// <summary>The element this one is declared in (the action of a parameter, the structure or entity of an attribute); null for top-level elements.</summary>
    public DefinitionElement? Parent { get; set; }

    /// <summary>The element as users find it in the file: <c>Action ChargeCard › Input Amount</c>.</summary>
    public string ElementPath
    {
        get
        {
            var step = $"{Kind} {(Name.Length == 0 ? "(no name)" : Name)}";
            return Parent is null ? step : $"{Parent.ElementPath} \u203A {step}";
        }
    }

    /// <summary>The element's kind as users read it in a path: Action, Input, Structure…</summary>
    public abstract string Kind { get; }

    public override string ToString() => $"{Kind} {Name}";

    /// <summary>Records where the reader found the element; <see cref="Location"/> is built from it when first asked.</summary>
    internal void SetReadPosition(string? file, int line, int column)
    {
        ClearLocation(LocationSlot.Element);
        _file = file;
        _line = line;
        _column = column;
    }

    internal void SetNamePosition(int line, int column) => _name.SetPosition(this, LocationSlot.Name, line, column);

    internal SourceLocation? GetLocation(LocationSlot slot) => _locations?[(int)slot];

    internal SourceLocation SetLocation(LocationSlot slot, SourceLocation value)
    {
        _locations ??= new SourceLocation?[(int)LocationSlot.Count];
        _locations[(int)slot] = value;
        return value;
    }

    internal void ClearLocation(LocationSlot slot)
    {
        if (_locations is not null)
        {
            _locations[(int)slot] = null;
        }
    }
}

/// <summary>The locations an element keeps in its array of explicitly set (or built) ones.</summary>
internal enum LocationSlot
{
    Element,
    Name,
    DataType,
    RecordType,
    DefaultValue,
    Count,
}

/// <summary>
/// Where an attribute of an element was read, as two numbers until someone asks for its SourceLocation;
/// a location set explicitly is kept in the owner's array and wins.
/// </summary>
internal struct AttributePosition
{
    private int _line;
    private int _column;

    public readonly SourceLocation Get(DefinitionElement owner, LocationSlot slot) =>
        owner.GetLocation(slot) ?? (_line == 0 ? SourceLocation.None : owner.Location with { Line = _line, Column = _column });

    public void Set(DefinitionElement owner, LocationSlot slot, SourceLocation value)
    {
        owner.SetLocation(slot, value);
        _line = 0;
    }

    public void SetPosition(DefinitionElement owner, LocationSlot slot, int line, int column)
    {
        owner.ClearLocation(slot);
        _line = line;
        _column = column;
    }
}
