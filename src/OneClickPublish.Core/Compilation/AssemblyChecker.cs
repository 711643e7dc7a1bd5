using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Compilation;

/// <summary>
/// The Compile check: reads the built assembly with System.Reflection.Metadata (it is never
/// loaded, so nothing of the user's code runs and no file stays locked) and checks it against the
/// definition: the entry class, one method per action with the right signature, the assembly
/// version, and, over what Save will ship, one version per assembly name.
/// </summary>
public static class AssemblyChecker
{
    /// <summary>
    /// Reports every mismatch in <paramref name="diagnostics"/>; returns true when none of them is an error.
    /// </summary>
    /// <param name="assemblyPath">The built assembly (TargetPath). A portable PDB beside it, or embedded, lets method diagnostics point at the implementation file and line.</param>
    /// <param name="shippedAssemblies">Every file of the dependency closure Save will ship (the built assembly included); files that are not .NET assemblies are ignored.</param>
    public static bool Check(ExtensionDefinition definition, string assemblyPath, IReadOnlyList<string> shippedAssemblies, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        ArgumentNullException.ThrowIfNull(shippedAssemblies);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var errorsBefore = diagnostics.ErrorCount;
        CheckAssembly(definition, assemblyPath, diagnostics);
        CheckShippedVersions(shippedAssemblies, assemblyPath, diagnostics);
        return diagnostics.ErrorCount == errorsBefore;
    }

    private static void CheckAssembly(ExtensionDefinition definition, string assemblyPath, DiagnosticBag diagnostics)
    {
        var assemblyLocation = new SourceLocation(assemblyPath);
        if (!File.Exists(assemblyPath))
        {
            diagnostics.Report(CompileDiagnostics.AssemblyNotFound, assemblyLocation, assemblyPath);
            return;
        }

        try
        {
            using var stream = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
            {
                diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, "it has no .NET assembly metadata");
                return;
            }

            using var pdb = OpenPdb(pe, assemblyPath);
            var context = new CheckContext(definition, pe, pe.GetMetadataReader(), pdb?.GetMetadataReader(), diagnostics);
            context.CheckVersion();
            context.CheckEntryClass();
        }
        catch (BadImageFormatException ex)
        {
            diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, ex.Message);
        }
        catch (IOException ex)
        {
            diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, ex.Message);
        }
    }

    /// <summary>The portable PDB beside the assembly (or embedded in it); null when there is none or it cannot be read — locations then fall back to the definition.</summary>
    private static MetadataReaderProvider? OpenPdb(PEReader pe, string assemblyPath)
    {
        try
        {
            return pe.TryOpenAssociatedPortablePdb(
                assemblyPath,
                static path => File.Exists(path) ? File.OpenRead(path) : null,
                out var provider,
                out _)
                ? provider
                : null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void CheckShippedVersions(IReadOnlyList<string> shippedAssemblies, string assemblyPath, DiagnosticBag diagnostics)
    {
        var byName = new Dictionary<string, List<(Version Version, string Path)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in shippedAssemblies)
        {
            if (!File.Exists(path))
            {
                if (PathsEqual(path, assemblyPath))
                {
                    continue; // already reported as the built assembly
                }

                diagnostics.Report(CompileDiagnostics.ShippedAssemblyNotFound, new SourceLocation(path), path);
                continue;
            }

            var identity = ReadIdentity(path);
            if (identity is null)
            {
                continue; // native libraries and other files have no assembly version to conflict
            }

            if (!byName.TryGetValue(identity.Value.Name, out var found))
            {
                byName[identity.Value.Name] = found = [];
            }

            found.Add((identity.Value.Version, path));
        }

        foreach (var (name, found) in byName.OrderBy(static p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            var versions = found.GroupBy(static f => f.Version).OrderBy(static g => g.Key).ToList();
            if (versions.Count > 1)
            {
                var list = string.Join(", ", versions.Select(static g => $"{g.Key} ({string.Join(", ", g.Select(static f => f.Path))})"));
                diagnostics.Report(CompileDiagnostics.ConflictingAssemblyVersions, new SourceLocation(versions[^1].First().Path), name, versions.Count, list);
            }
        }
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static (string Name, Version Version)? ReadIdentity(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return null;
            }

            var assembly = reader.GetAssemblyDefinition();
            return (reader.GetString(assembly.Name), assembly.Version);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>The state of one check of the built assembly: its readers and where to point diagnostics.</summary>
    private sealed class CheckContext(
        ExtensionDefinition definition,
        PEReader pe,
        MetadataReader metadata,
        MetadataReader? pdb,
        DiagnosticBag diagnostics)
    {
        private SourceLocation DefinitionLocation =>
            definition.Location.File is null && definition.FilePath is not null
                ? definition.Location with { File = definition.FilePath }
                : definition.Location;

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
            var classLocation = TypeLocation(type) ?? DefinitionLocation;
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
            {
                diagnostics.Report(CompileDiagnostics.EntryClassNotPublic, classLocation, fullName);
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
                CheckAction(action, candidates, fullName);
            }
        }

        private void CheckAction(ActionDefinition action, List<(MethodDefinitionHandle Handle, MethodDefinition Method)> candidates, string className)
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
                diagnostics.Report(CompileDiagnostics.ActionNotImplementedYet, MethodLocation(best.Handle) ?? actionLocation, $"{className}.{action.Name}");
            }
        }

        private List<Diagnostic> SignatureProblems(ActionDefinition action, MethodDefinitionHandle handle, MethodDefinition method, string className)
        {
            var problems = new List<Diagnostic>();
            var location = MethodLocation(handle) ?? ActionLocation(action);
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

        private SourceLocation ActionLocation(ActionDefinition action)
        {
            var location = action.Location.File is null && action.Location.Line == 0 ? DefinitionLocation : action.Location;
            return location.ElementPath is null ? location.WithElementPath($"Action {action.Name}") : location;
        }

        /// <summary>The first visible sequence point of the method: its body in the implementation file.</summary>
        private SourceLocation? MethodLocation(MethodDefinitionHandle handle)
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
        private SourceLocation? TypeLocation(TypeDefinition type)
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
}
