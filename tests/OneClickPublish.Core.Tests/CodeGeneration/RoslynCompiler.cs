using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;

namespace OneClickPublish.Core.Tests.CodeGeneration;

/// <summary>Compiles generated code and an implementation together, the way the extension's build would.</summary>
internal static class RoslynCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(static path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>The compiler's errors and warnings, as "id: message at line"; empty when the code compiles cleanly.</summary>
    public static IReadOnlyList<string> Problems(ExtensionDefinition definition, string implementation, bool nullable = true)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var trees = CodeGenerator.Generate(definition)
            .Select(f => CSharpSyntaxTree.ParseText(f.Content, options, path: f.FileName))
            .Append(CSharpSyntaxTree.ParseText(implementation, options, path: "Implementation.cs"));
        var compilation = CSharpCompilation.Create(
            "TestExtension",
            trees,
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable));
        return compilation.GetDiagnostics()
            .Where(static d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .Select(static d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} at {d.Location.GetLineSpan()}")
            .ToList();
    }

    public static void AssertCompiles(ExtensionDefinition definition, string implementation)
    {
        var problems = Problems(definition, implementation);
        Assert.AreEqual(0, problems.Count, "Expected clean compile, got:\n" + string.Join("\n", problems) + "\n--- implementation ---\n" + implementation);
    }
}
