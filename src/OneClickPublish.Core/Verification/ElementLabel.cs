using OneClickPublish.Definition;

namespace OneClickPublish.Verification;

/// <summary>
/// How a message names an element ("Input 'Amount' of action 'ChargeCard'"). A struct formatted
/// only when a diagnostic is reported, so that a clean definition costs no strings.
/// </summary>
internal readonly record struct ElementLabel(DefinitionElement Element, DefinitionElement? Parent)
{
    public override string ToString()
    {
        var name = Element is ResourceDefinition resource ? resource.Path : Element.Name;
        return Parent is null
            ? $"{Element.Kind} '{name}'"
            : $"{Element.Kind} '{name}' of {Parent.Kind.ToLowerInvariant()} '{Parent.Name}'";
    }
}
