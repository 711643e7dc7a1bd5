using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tests.IntegrationStudio;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Tool.Import;
using Spectre.Console.Testing;

namespace OneClickPublish.Tool.Tests.Import;

/// <summary>
/// The original Mss&lt;Action&gt; bodies in the imported implementation: one that uses only plain types is
/// carried with its parameters renamed, and compiles and runs unchanged; ones that use the vendor's
/// types stay as comments above a NotImplementedException, and the import's report says why.
/// </summary>
[TestClass]
public sealed class BodyCarrierTests
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(static path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    private string _root = null!;
    private StringWriter _out = null!;

    [TestInitialize]
    public void Create()
    {
        _root = Directory.CreateTempSubdirectory("oneclick-carry-").FullName;
        _out = new StringWriter();
    }

    [TestCleanup]
    public void Delete() => Directory.Delete(_root, recursive: true);

    private async Task<string> ImportGeoAsync()
    {
        var xif = Path.Combine(_root, "Geo.xif");
        File.WriteAllBytes(xif, StudioXifFixtures.Geo());
        var context = new ToolContext
        {
            Out = _out,
            Error = _out,
            BuildRunner = static () => throw new InvalidOperationException("nothing is built"),
            IsTerminal = false,
            Console = static () => new TestConsole(),
            CurrentDirectory = _root,
        };
        Assert.AreEqual(0, await new ImportRunner(context).RunAsync(new ImportRequest(xif, "Geo", null, null, "1.0.0"), CancellationToken.None), _out.ToString());
        return Path.Combine(_root, "Geo");
    }

    [TestMethod]
    public async Task A_body_of_plain_types_is_carried_renamed_and_runs_unchanged()
    {
        var project = await ImportGeoAsync();
        var implementation = File.ReadAllText(Path.Combine(project, "GeoActions.cs"));
        StringAssert.Contains(implementation, "summary = orientation + \"/\" + tag + \"/\" + (count + offset).ToString() + (verbose ? \"!\" : \"\");");

        var assembly = Compile(project, implementation);
        var actions = Activator.CreateInstance(assembly.GetType("Geo.GeoActions")!)!;
        object?[] arguments = [null, "Portrait", "t", 3, -1, true, 0L, 0m, DateTime.MinValue, DateTime.MinValue, null, null, null, null];
        actions.GetType().GetMethod("Describe")!.Invoke(actions, arguments);

        Assert.AreEqual("Portrait/t/2!", arguments[0]);
    }

    [TestMethod]
    public async Task Bodies_using_the_vendor_s_types_are_kept_as_comments_and_the_report_says_why()
    {
        var project = await ImportGeoAsync();
        var implementation = File.ReadAllText(Path.Combine(project, "GeoActions.cs"));

        StringAssert.Contains(implementation, "// ssRows = Sheets.Reader.CountRows(ssPath);");
        StringAssert.Contains(implementation, "// ssKm = (decimal) Math.Abs(ssFrom.ssSTPoint.ssLat - ssTo.ssSTPoint.ssLat) * 111;");
        StringAssert.Contains(implementation, "throw new global::System.NotImplementedException(\"Port from Integration Studio: it does not compile here:");
        var report = _out.ToString();
        StringAssert.Contains(report, "2 action(s) left to port");
        StringAssert.Contains(report, "Distance: it does not compile here: CS1061");
        StringAssert.Contains(report, "ssSTPoint");
        StringAssert.Contains(report, "CountRows: it does not compile here: CS0103");
        StringAssert.Contains(report, "Sheets");
        Compile(project, implementation);
    }

    /// <summary>The project's generated code and implementation compiled together, as its build would.</summary>
    private static Assembly Compile(string project, string implementation)
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Read(Path.Combine(project, "extension.xml"), diagnostics)!;
        var trees = CodeGenerator.Generate(definition).Select(f => CSharpSyntaxTree.ParseText(f.Content))
            .Append(CSharpSyntaxTree.ParseText(implementation));
        var compilation = CSharpCompilation.Create("Geo", trees, References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.IsTrue(emitted.Success, string.Join('\n', emitted.Diagnostics) + "\n" + implementation);
        return new AssemblyLoadContext("carried", isCollectible: true).LoadFromStream(new MemoryStream(image.ToArray()));
    }
}
