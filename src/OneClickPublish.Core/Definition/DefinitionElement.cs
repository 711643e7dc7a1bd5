using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>What every named element of a definition has: a name, an optional stable key, a description and where it was read from.</summary>
public abstract class DefinitionElement
{
    // Where the reader found the element, kept as numbers: a definition of 50,000 actions has 300,000
    // elements, and building a SourceLocation (and its element path) for each one up front made the
    // garbage collector the largest cost of reading. They are built on first use, normally only for
    // the few elements a diagnostic points at.
    private SourceLocation? _location;
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
        get => _location ??= _line == 0 ? SourceLocation.None : new SourceLocation(_file, _line, _column, ElementPath);
        set => _location = value;
    }

    /// <summary>Where the Name attribute was read; <see cref="SourceLocation.None"/> when unknown (use <see cref="Location"/>).</summary>
    public SourceLocation NameLocation
    {
        get => _name.Get(this);
        set => _name.Set(value);
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
        _location = null;
        _file = file;
        _line = line;
        _column = column;
    }

    internal void SetNamePosition(int line, int column) => _name.SetPosition(line, column);
}

/// <summary>Where an attribute of an element was read, as two numbers until someone asks for its SourceLocation.</summary>
internal struct AttributePosition
{
    private SourceLocation? _set;
    private int _line;
    private int _column;

    public readonly SourceLocation Get(DefinitionElement owner) =>
        _set ?? (_line == 0 ? SourceLocation.None : owner.Location with { Line = _line, Column = _column });

    public void Set(SourceLocation value)
    {
        _set = value;
        _line = 0;
    }

    public void SetPosition(int line, int column)
    {
        _set = null;
        _line = line;
        _column = column;
    }
}
