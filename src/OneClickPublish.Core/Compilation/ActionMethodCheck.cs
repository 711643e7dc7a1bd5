using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Compilation;

/// <summary>
/// One action's method in the entry class: a public instance method returning void whose parameters match
/// the definition's in number, type and direction; warned when its body only throws NotImplementedException.
/// </summary>
internal sealed class ActionMethodCheck(
    ExtensionDefinition definition,
    PEReader pe,
    MetadataReader metadata,
    PdbLocations locations,
    DiagnosticBag diagnostics)
{
    public void Check(ActionDefinition action, List<(MethodDefinitionHandle Handle, MethodDefinition Method)> candidates, string className)
    {
        var actionLocation = ActionLocation(action);
        if (candidates.Count == 0)
        {
            diagnostics.Report(CompileDiagnostics.ActionMissing, actionLocation, action.Name, className);
            return;
        }

        // Overloads: the action is implemented if one of them matches; otherwise the closest one is reported.
        var best = candidates
            .Select(c => (c.Handle, c.Method, Problems: SignatureProblems(action, c.Handle, c.Method, className)))
            .OrderBy(static c => c.Problems.Count)
            .First();
        diagnostics.AddRange(best.Problems);
        if (OnlyThrowsNotImplemented(best.Method))
        {
            diagnostics.Report(CompileDiagnostics.ActionNotImplementedYet, locations.MethodLocation(best.Handle) ?? actionLocation, $"{className}.{action.Name}");
        }
    }

    private List<Diagnostic> SignatureProblems(ActionDefinition action, MethodDefinitionHandle handle, MethodDefinition method, string className)
    {
        var problems = new List<Diagnostic>();
        var location = locations.MethodLocation(handle) ?? ActionLocation(action);
        var methodName = $"{className}.{action.Name}";
        var access = method.Attributes & MethodAttributes.MemberAccessMask;
        if (access != MethodAttributes.Public || (method.Attributes & MethodAttributes.Static) != 0)
        {
            var what = metadata.GetString(method.Name).Contains('.', StringComparison.Ordinal)
                ? "an explicit interface implementation"
                : access != MethodAttributes.Public ? "not public" : "static";
            problems.Add(Diagnostic.Create(CompileDiagnostics.ActionNotPublicInstance, location, methodName, what));
        }

        var signature = method.DecodeSignature(CanonicalTypeNameProvider.Instance, genericContext: null);
        if (signature.ReturnType != "System.Void")
        {
            problems.Add(Diagnostic.Create(CompileDiagnostics.ActionReturnType, location, methodName, SignatureTypeNames.ToDisplay(signature.ReturnType)));
        }

        var expected = action.Parameters;
        if (signature.ParameterTypes.Length != expected.Count)
        {
            var declared = expected.Count == 0
                ? "none"
                : string.Join(", ", expected.Select(p => $"{(p.Direction == ParameterDirection.Output ? "out " : string.Empty)}{SignatureTypeNames.ToDisplay(SignatureTypeNames.FromClrTypeName(p.ClrTypeName, definition))} {p.Name}"));
            problems.Add(Diagnostic.Create(CompileDiagnostics.ActionParameterCount, location, methodName, signature.ParameterTypes.Length, action.Name, expected.Count, declared));
            return problems;
        }

        var parameters = ParametersBySequence(method);
        for (var i = 0; i < expected.Count; i++)
        {
            var definitionParameter = expected[i];
            var actual = signature.ParameterTypes[i];
            var (name, attributes) = parameters.TryGetValue(i + 1, out var p) ? p : ($"#{i + 1}", default(ParameterAttributes));
            var position = i + 1;
            var isByRef = actual.EndsWith('&');
            var actualElement = isByRef ? actual[..^1] : actual;
            if (definitionParameter.Direction == ParameterDirection.Output)
            {
                if (!isByRef || (attributes & ParameterAttributes.Out) == 0)
                {
                    problems.Add(Diagnostic.Create(CompileDiagnostics.ActionOutputNotOut, location, position, name, methodName, definitionParameter.Name));
                }
            }
            else if (isByRef)
            {
                problems.Add(Diagnostic.Create(CompileDiagnostics.ActionInputByRef, location, position, name, methodName, definitionParameter.Name));
            }

            var wanted = SignatureTypeNames.FromClrTypeName(definitionParameter.ClrTypeName, definition);
            if (!string.Equals(actualElement, wanted, StringComparison.Ordinal))
            {
                problems.Add(Diagnostic.Create(
                    CompileDiagnostics.ActionParameterType, location, position, name, methodName,
                    SignatureTypeNames.ToDisplay(actualElement), definitionParameter.Kind.ToLowerInvariant(), definitionParameter.Name,
                    SignatureTypeNames.ToDisplay(wanted)));
            }
        }

        return problems;
    }

    private Dictionary<int, (string Name, ParameterAttributes Attributes)> ParametersBySequence(MethodDefinition method)
    {
        var result = new Dictionary<int, (string, ParameterAttributes)>();
        foreach (var handle in method.GetParameters())
        {
            var parameter = metadata.GetParameter(handle);
            result[parameter.SequenceNumber] = (metadata.GetString(parameter.Name), parameter.Attributes);
        }

        return result;
    }

    /// <summary>
    /// True when the body is exactly a throw of a new NotImplementedException: optional nops,
    /// an optional ldstr (the message), newobj of a NotImplementedException constructor, throw.
    /// </summary>
    private bool OnlyThrowsNotImplemented(MethodDefinition method)
    {
        if (method.RelativeVirtualAddress == 0)
        {
            return false;
        }

        var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes();
        if (il is null)
        {
            return false;
        }

        var i = SkipNops(il, 0);
        if (i < il.Length && il[i] == (byte)ILOpCode.Ldstr)
        {
            i = SkipNops(il, i + 5);
        }

        if (i + 5 > il.Length || il[i] != (byte)ILOpCode.Newobj)
        {
            return false;
        }

        var constructor = MetadataTokens.EntityHandle(BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(i + 1)));
        if (!IsNotImplementedExceptionConstructor(constructor))
        {
            return false;
        }

        i = SkipNops(il, i + 5);
        return i < il.Length && il[i] == (byte)ILOpCode.Throw && SkipNops(il, i + 1) == il.Length;
    }

    private bool IsNotImplementedExceptionConstructor(EntityHandle constructor)
    {
        if (constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        return parent.Kind == HandleKind.TypeReference
            && CanonicalTypeNameProvider.Instance.GetTypeFromReference(metadata, (TypeReferenceHandle)parent, 0) == "System.NotImplementedException";
    }

    private static int SkipNops(byte[] il, int i)
    {
        while (i < il.Length && il[i] == (byte)ILOpCode.Nop)
        {
            i++;
        }

        return i;
    }

    private SourceLocation ActionLocation(ActionDefinition action)
    {
        var location = action.Location.File is null && action.Location.Line == 0 ? EntryClassCheck.DefinitionLocationOf(definition) : action.Location;
        return location.ElementPath is null ? location.WithElementPath($"Action {action.Name}") : location;
    }

}
