using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Compilation;

/// <summary>
/// Where in the implementation file a method or class of the built assembly is, from its portable PDB; null
/// without a PDB (diagnostics then point at the definition).
/// </summary>
internal sealed class PdbLocations(MetadataReader? pdb)
{
    /// <summary>The first visible sequence point of the method: its body in the implementation file.</summary>
    public SourceLocation? MethodLocation(MethodDefinitionHandle handle)
    {
        if (pdb is null)
        {
            return null;
        }

        try
        {
            var debug = pdb.GetMethodDebugInformation(handle.ToDebugInformationHandle());
            foreach (var point in debug.GetSequencePoints())
            {
                if (!point.IsHidden)
                {
                    var document = pdb.GetString(pdb.GetDocument(point.Document).Name);
                    return new SourceLocation(document, point.StartLine, point.StartColumn);
                }
            }
        }
        catch (BadImageFormatException)
        {
            // A damaged PDB only costs the precise location.
        }

        return null;
    }

    /// <summary>The implementation file of the class: the document of its first method that has sequence points.</summary>
    public SourceLocation? TypeLocation(TypeDefinition type)
    {
        foreach (var handle in type.GetMethods())
        {
            var location = MethodLocation(handle);
            if (location is not null)
            {
                return location with { Line = 0, Column = 0 };
            }
        }

        return null;
    }
}
