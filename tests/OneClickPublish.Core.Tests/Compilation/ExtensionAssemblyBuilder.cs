using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tests.Compilation;

/// <summary>
/// The Hello extension of these tests: its definition built in code, and its implementation
/// compiled with Roslyn into a dll and a portable pdb, with the methods each test asks for.
/// </summary>
internal static class ExtensionAssemblyBuilder
{
    public const string DefinitionFile = "/src/Hello/extension.xml";

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>The methods of a correct implementation, keyed by action, as "signature" → "body".</summary>
    public static Dictionary<string, (string Signature, string Body)> GoodMethods() => new()
    {
        ["Greet"] = ("public void Greet(string name, out string greeting)", "{ greeting = \"Hello \" + name; }"),
        ["Add"] = ("public void Add(int a, int b, out int sum)", "{ sum = a + b; }"),
        ["Store"] = ("public void Store(Customer customer, out long id, List<Customer> others, DateTime when)", "{ id = others.Count + when.Year + customer.Name.Length; }"),
    };

    public static ExtensionDefinition Definition()
    {
        var definition = new ExtensionDefinition
        {
            Name = "Hello",
            Namespace = "Acme.Hello",
            VersionText = "1.2.3",
            Version = NuGetVersion.Parse("1.2.3"),
            FilePath = DefinitionFile,
            Location = new SourceLocation(DefinitionFile, 2, 2),
            VersionLocation = new SourceLocation(DefinitionFile, 2, 40),
        };
        var customer = new StructureDefinition { Name = "Customer" };
        customer.Attributes.Add(new AttributeDefinition { Name = "Name", DataType = DataType.Text, DataTypeName = "Text" });
        definition.Structures.Add(customer);

        definition.Actions.Add(Action("Greet", 4, ("Name", ParameterDirection.Input, DataType.Text, null), ("Greeting", ParameterDirection.Output, DataType.Text, null)));
        definition.Actions.Add(Action("Add", 8, ("A", ParameterDirection.Input, DataType.Integer, null), ("B", ParameterDirection.Input, DataType.Integer, null), ("Sum", ParameterDirection.Output, DataType.Integer, null)));
        definition.Actions.Add(Action(
            "Store",
            13,
            ("Customer", ParameterDirection.Input, DataType.Record, "customer"), // Record Types match case-insensitively
            ("Id", ParameterDirection.Output, DataType.LongInteger, null),
            ("Others", ParameterDirection.Input, DataType.RecordList, "Customer"),
            ("When", ParameterDirection.Input, DataType.Date, null)));
        return definition;
    }

    private static ActionDefinition Action(string name, int line, params (string Name, ParameterDirection Direction, DataType Type, string? RecordType)[] parameters)
    {
        var action = new ActionDefinition { Name = name, Location = new SourceLocation(DefinitionFile, line, 6) };
        foreach (var (parameterName, direction, type, recordType) in parameters)
        {
            action.Parameters.Add(new ParameterDefinition
            {
                Name = parameterName,
                Direction = direction,
                DataType = type,
                DataTypeName = DataTypes.ToName(type),
                RecordType = recordType,
            });
        }

        return action;
    }

    /// <summary>
    /// Compiles the implementation into <paramref name="directory"/>: Acme.Hello.dll and its pdb.
    /// The interface is derived from the same signatures, so that the source always compiles.
    /// </summary>
    public static string Build(
        string directory,
        IReadOnlyDictionary<string, (string Signature, string Body)> methods,
        string assemblyVersion = "1.2.3.0",
        string classDeclaration = "public partial class HelloActions : IHello",
        string assemblyName = "Acme.Hello",
        bool withPdb = true,
        string interfaceExtra = "")
    {
        var interfaceMembers = string.Join("\n", methods.Values
            .Where(m => m.Signature.StartsWith("public void", StringComparison.Ordinal))
            .Select(m => "    " + m.Signature["public ".Length..] + ";")) + "\n" + interfaceExtra;
        var classMembers = string.Join("\n", methods.Values.Select(m => $"    {m.Signature}\n    {m.Body}\n"));
        var source = $$"""
            using System;
            using System.Collections.Generic;

            [assembly: System.Reflection.AssemblyVersion("{{assemblyVersion}}")]

            namespace Acme.Hello;

            public partial class Customer { public string Name { get; set; } = ""; }

            public interface IHello
            {
            {{interfaceMembers}}
            }

            {{classDeclaration}}
            {
            {{classMembers}}
            }
            """;
        return Compile(directory, assemblyName, source, withPdb);
    }

    /// <summary>A library with only a version: for the shipped-closure checks.</summary>
    public static string BuildLibrary(string directory, string assemblyName, string version) =>
        Compile(directory, assemblyName, $"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]\nnamespace Lib {{ public static class Marker {{ }} }}", withPdb: false);

    private static string Compile(string directory, string assemblyName, string source, bool withPdb)
    {
        Directory.CreateDirectory(directory);
        var sourcePath = Path.Combine(directory, "HelloActions.cs");
        File.WriteAllText(sourcePath, source);
        var tree = CSharpSyntaxTree.ParseText(source, path: sourcePath, encoding: Encoding.UTF8);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug));

        var dllPath = Path.Combine(directory, assemblyName + ".dll");
        var pdbPath = Path.ChangeExtension(dllPath, ".pdb");
        using var dll = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(
            dll,
            withPdb ? pdb : null,
            options: withPdb ? new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb, pdbFilePath: pdbPath) : null);
        if (!result.Success)
        {
            Assert.Fail("The test's source does not compile:\n" + string.Join("\n", result.Diagnostics) + "\n" + source);
        }

        File.WriteAllBytes(dllPath, dll.ToArray());
        if (withPdb)
        {
            File.WriteAllBytes(pdbPath, pdb.ToArray());
        }

        return dllPath;
    }
}
