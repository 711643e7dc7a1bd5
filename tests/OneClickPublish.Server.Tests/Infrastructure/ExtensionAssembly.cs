using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// A real extension assembly, compiled with Roslyn from what a user's project compiles: the code the
/// definition generates and an entry class implementing its interface, stamped with a target framework
/// (<c>[assembly: TargetFramework(…)]</c>) as the SDK stamps every build. The feed reads it as it reads a XIF's.
/// </summary>
internal static class ExtensionAssembly
{
    public static ExtensionDefinition Definition(string xml)
    {
        var diagnostics = new DiagnosticBag();
        return DefinitionReader.Parse(xml, "extension.xml", diagnostics) ?? throw new InvalidOperationException(string.Join("\n", diagnostics));
    }

    /// <summary>The compilation, checked to have no error.</summary>
    public static CSharpCompilation Compilation(ExtensionDefinition definition, string assemblyName, string? targetFramework, string? moreSource = null)
    {
        var sources = CodeGenerator.Generate(definition).Select(static f => CSharpSyntaxTree.ParseText(f.Content, path: f.FileName)).ToList();
        if (moreSource is not null)
        {
            sources.Insert(0, CSharpSyntaxTree.ParseText(moreSource, path: "More.cs"));
        }

        sources.Add(CSharpSyntaxTree.ParseText(Implementation(definition, targetFramework), path: "Implementation.cs"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(static path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(assemblyName, sources, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true, nullableContextOptions: NullableContextOptions.Disable));
        var errors = compilation.GetDiagnostics().Where(static d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        return errors.Count == 0 ? compilation : throw new InvalidOperationException(string.Join("\n", errors));
    }

    /// <summary>The assembly's bytes; <paramref name="targetFramework"/> such as ".NETFramework,Version=v4.8", or null for none; <paramref name="moreSource"/> compiled in too.</summary>
    public static byte[] Compile(string definitionXml, string assemblyName, string? targetFramework, string? moreSource = null)
    {
        using var output = new MemoryStream();
        var result = Compilation(Definition(definitionXml), assemblyName, targetFramework, moreSource).Emit(output);
        return result.Success ? output.ToArray() : throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    private static string Implementation(ExtensionDefinition definition, string? targetFramework)
    {
        var text = new StringBuilder();
        if (targetFramework is not null)
        {
            text.Append("[assembly: global::System.Runtime.Versioning.TargetFramework(\"").Append(targetFramework).Append("\")]\n");
        }

        text.Append("namespace ").Append(definition.EffectiveNamespace).Append("\n{\n");
        text.Append("    public partial class ").Append(definition.EntryClassName).Append(" : ").Append(definition.InterfaceName).Append("\n    {\n");
        foreach (var action in definition.Actions)
        {
            text.Append("        public void ").Append(action.Name).Append('(').Append(CodeGenerator.ParameterList(action, definition)).Append(")\n        {\n");
            foreach (var output in action.Parameters.Where(static p => p.Direction == ParameterDirection.Output))
            {
                text.Append("            ").Append(CodeNames.ParameterName(output.Name)).Append(" = default;\n");
            }

            text.Append("        }\n");
        }

        return text.Append("    }\n}\n").ToString();
    }
}
