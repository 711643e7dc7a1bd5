using System.Reflection;
using System.Reflection.Metadata;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Compilation;

/// <summary>
/// The entry class of the built assembly: it exists, is public, can be created by the host (not abstract, a
/// public constructor without parameters), implements the extension's interface, and has one method per
/// action (each checked by <see cref="ActionMethodCheck"/>); also the assembly version against the definition.
/// </summary>
internal sealed class EntryClassCheck(
    ExtensionDefinition definition,
    MetadataReader metadata,
    PdbLocations locations,
    ActionMethodCheck actions,
    DiagnosticBag diagnostics)
{
    internal static SourceLocation DefinitionLocationOf(ExtensionDefinition definition) =>
        definition.Location.File is null && definition.FilePath is not null
            ? definition.Location with { File = definition.FilePath }
            : definition.Location;

    private SourceLocation DefinitionLocation => DefinitionLocationOf(definition);

    public void CheckVersion()
    {
        if (definition.Version is null)
        {
            return; // the definition's own verification reports a version that is not SemVer
        }

        var actual = metadata.GetAssemblyDefinition().Version;
        var expected = definition.Version;
        if (actual.Major != expected.Major || actual.Minor != expected.Minor || Math.Max(actual.Build, 0) != expected.Patch)
        {
            var location = definition.VersionLocation.File is null && definition.VersionLocation.Line == 0 ? DefinitionLocation : definition.VersionLocation;
            diagnostics.Report(CompileDiagnostics.AssemblyVersionMismatch, location, actual, definition.VersionText);
        }
    }

    public void CheckEntryClass()
    {
        var fullName = $"{definition.EffectiveNamespace}.{definition.EntryClassName}";
        var handle = FindTopLevelType(definition.EffectiveNamespace, definition.EntryClassName);
        if (handle is null)
        {
            diagnostics.Report(CompileDiagnostics.EntryClassMissing, DefinitionLocation, fullName);
            return;
        }

        var type = metadata.GetTypeDefinition(handle.Value);
        var classLocation = locations.TypeLocation(type) ?? DefinitionLocation;
        if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
        {
            diagnostics.Report(CompileDiagnostics.EntryClassNotPublic, classLocation, fullName);
        }

        if (CreationProblem(type) is { } problem)
        {
            diagnostics.Report(CompileDiagnostics.EntryClassNotCreatable, classLocation, fullName, problem);
        }

        if (!Implements(type, definition.EffectiveNamespace, definition.InterfaceName))
        {
            diagnostics.Report(CompileDiagnostics.EntryClassWithoutInterface, classLocation, fullName, $"{definition.EffectiveNamespace}.{definition.InterfaceName}");
        }

        var methods = type.GetMethods()
            .Select(h => (Handle: h, Method: metadata.GetMethodDefinition(h)))
            .ToLookup(m => metadata.GetString(m.Method.Name), StringComparer.Ordinal);
        foreach (var action in definition.Actions)
        {
            // An explicit implementation (void IHello.Greet(...)) is named "Acme.Hello.IHello.Greet" and is private:
            // report it as such rather than as a missing method.
            var candidates = methods[action.Name]
                .Concat(methods.Where(g => g.Key.EndsWith("." + action.Name, StringComparison.Ordinal)).SelectMany(static g => g))
                .ToList();
            actions.Check(action, candidates, fullName);
        }
    }

    /// <summary>
    /// Why the host could not make an instance with <c>new T()</c>: abstract, static, or no public
    /// instance constructor without parameters (the successor system refuses such an upload too). Checked in
    /// metadata: a class without a constructor in its source has the compiler's public one here. (A generic
    /// class is never found by <see cref="FindTopLevelType"/>: its metadata name ends in `n.)
    /// </summary>
    private string? CreationProblem(TypeDefinition type)
    {
        if ((type.Attributes & TypeAttributes.Abstract) != 0)
        {
            return (type.Attributes & TypeAttributes.Sealed) != 0 ? "it is static" : "it is abstract";
        }

        var constructors = type.GetMethods()
            .Select(metadata.GetMethodDefinition)
            .Where(m => (m.Attributes & MethodAttributes.Static) == 0 && metadata.StringComparer.Equals(m.Name, ".ctor"))
            .ToList();
        if (constructors.Any(static m => (m.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public
            && m.DecodeSignature(CanonicalTypeNameProvider.Instance, null).ParameterTypes.Length == 0))
        {
            return null;
        }

        return constructors.Any(static m => (m.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
            ? "its public constructors all take parameters"
            : "it has no public constructor";
    }

    private TypeDefinitionHandle? FindTopLevelType(string ns, string name)
    {
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (type.GetDeclaringType().IsNil
                && metadata.StringComparer.Equals(type.Name, name)
                && metadata.StringComparer.Equals(type.Namespace, ns))
            {
                return handle;
            }
        }

        return null;
    }

    private bool Implements(TypeDefinition type, string ns, string name)
    {
        var wanted = $"{ns}.{name}";
        foreach (var handle in type.GetInterfaceImplementations())
        {
            var implemented = metadata.GetInterfaceImplementation(handle).Interface;
            var implementedName = implemented.Kind switch
            {
                HandleKind.TypeDefinition => CanonicalTypeNameProvider.Instance.GetTypeFromDefinition(metadata, (TypeDefinitionHandle)implemented, 0),
                HandleKind.TypeReference => CanonicalTypeNameProvider.Instance.GetTypeFromReference(metadata, (TypeReferenceHandle)implemented, 0),
                _ => null,
            };
            if (implementedName == wanted)
            {
                return true;
            }
        }

        return false;
    }

}
