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

    private async Task<string> ImportGeoAsync(byte[]? file = null, string? framework = null)
    {
        var xif = Path.Combine(_root, "Geo.xif");
        File.WriteAllBytes(xif, file ?? StudioXifFixtures.Geo());
        var context = new ToolContext
        {
            Out = _out,
            Error = _out,
            BuildRunner = static () => throw new InvalidOperationException("nothing is built"),
            IsTerminal = false,
            Console = static () => new TestConsole(),
            CurrentDirectory = _root,
        };
        Assert.AreEqual(0, await new ImportRunner(context).RunAsync(new ImportRequest(xif, "Geo", null, framework, "1.0.0"), CancellationToken.None), _out.ToString());
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

    [TestMethod]
    public async Task Helper_classes_that_compile_are_carried_and_bodies_may_use_them()
    {
        static string Resource(string key, string file, string text) =>
            $@"<Resource Key=""{key}"" Filename=""{file}"" Description="""" ImportDetails="""" CompileAction=""Ignore"" LastModified=""2024-03-01 10:00:00"" Path=""\Source\NET\Util\"" CodeReference=""No""><Data>{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text))}</Data><References /></Resource>";
        const string GeoMath = "using System;\r\nusing OutSystems.HubEdition.RuntimePlatform;\r\n\r\nnamespace OutSystems.NssGeo {\r\n\tpublic static class GeoMath {\r\n\t\tpublic static int Twice(int value) { return value * 2; }\r\n\t}\r\n}\r\n";
        const string Vendor = "namespace OutSystems.NssGeo {\r\n\tpublic static class VendorHelper {\r\n\t\tpublic static RCPointRecord Origin() { return null; }\r\n\t}\r\n}\r\n";
        var original = System.Text.Encoding.UTF8.GetString(StudioXifFixtures.GeoCs).Replace("(ssCount + ssOffset).ToString()", "GeoMath.Twice(ssCount + ssOffset).ToString()", StringComparison.Ordinal);
        var xml = StudioXifFixtures.GeoXml
            .Replace(Convert.ToBase64String(StudioXifFixtures.GeoCs), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(original)), StringComparison.Ordinal)
            .Replace("  </Resources>", Resource("hElPeR0000000000000001", "GeoMath.cs", GeoMath) + Resource("hElPeR0000000000000002", "VendorHelper.cs", Vendor) + "\n  </Resources>", StringComparison.Ordinal);

        var project = await ImportGeoAsync(StudioXifFixtures.Xif(xml));

        var helper = File.ReadAllText(Path.Combine(project, "Util", "GeoMath.cs"));
        Assert.IsFalse(helper.Contains("OutSystems.HubEdition", StringComparison.Ordinal), "the vendor's using lines are removed");
        Assert.IsFalse(File.Exists(Path.Combine(project, "Util", "VendorHelper.cs")), "a helper that uses the vendor's types stays in IntegrationStudio/");
        StringAssert.Contains(_out.ToString(), "Helper Util/GeoMath.cs: carried over");
        StringAssert.Contains(_out.ToString(), "Helper VendorHelper.cs: left in IntegrationStudio/Source/NET/Util/VendorHelper.cs: it does not compile here: CS0246");
        StringAssert.Contains(_out.ToString(), "GeoActions.cs: 1 action(s) carried over: Describe.");
        var implementation = File.ReadAllText(Path.Combine(project, "GeoActions.cs"));
        var assembly = Compile(project, implementation, helper);
        var actions = Activator.CreateInstance(assembly.GetType("Geo.GeoActions")!)!;
        object?[] arguments = [null, "Portrait", "t", 3, -1, false, 0L, 0m, DateTime.MinValue, DateTime.MinValue, null, null, null, null];
        actions.GetType().GetMethod("Describe")!.Invoke(actions, arguments);
        Assert.AreEqual("Portrait/t/4", arguments[0]);
    }

    [TestMethod]
    public void Helpers_the_parser_refuses_are_left_without_a_compilation_with_the_reason()
    {
        var definition = DefinitionReader.Parse(
            """<Extension xmlns="urn:oneclickpublish:extension:v1" Name="Geo" Version="1.0.0" Description="d"><Actions><Action Name="A" Description="d" /></Actions></Extension>""",
            "extension.xml", new DiagnosticBag())!;
        var statements = string.Concat(Enumerable.Repeat("System.Console.WriteLine(1);\n", 5000));

        var helpers = HelperCarrier.Carry(definition,
            [("Source/NET/Statements.cs", statements), ("Source/NET/Broken.cs", "namespace X { class Y { void Z( } }"), ("Source/NET/Fine.cs", "namespace Geo { public static class Fine { public static int One() { return 1; } } }")],
            BodyCarrier.OptionsFor(null), CarrierReferences.For("net8.0", [], _root).References);

        Assert.AreEqual("it has statements outside a class, which a library cannot have (CS8805)", helpers.Single(h => h.ProjectPath.EndsWith("Statements.cs", StringComparison.Ordinal)).Reason);
        StringAssert.StartsWith(helpers.Single(h => h.ProjectPath.EndsWith("Broken.cs", StringComparison.Ordinal)).Reason, "it does not compile here: CS1026");
        Assert.IsTrue(helpers.Single(h => h.ProjectPath.EndsWith("Fine.cs", StringComparison.Ordinal)).Carried);
    }

    [TestMethod]
    public async Task A_body_is_checked_against_the_project_s_framework_not_the_tool_s_runtime()
    {
        // string.Contains(char) exists in .NET, not in .NET Framework 4.7.2, which the original targeted: carried
        // on this runtime's assemblies, the body would break the imported project's first build.
        var original = System.Text.Encoding.UTF8.GetString(StudioXifFixtures.GeoCs).Replace("(ssVerbose ? \"!\" : \"\")", "(ssVerbose && ssTag.Contains('!') ? \"!\" : \"\")", StringComparison.Ordinal);
        Assert.AreNotEqual(System.Text.Encoding.UTF8.GetString(StudioXifFixtures.GeoCs), original);
        var xml = StudioXifFixtures.GeoXml.Replace(Convert.ToBase64String(StudioXifFixtures.GeoCs), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(original)), StringComparison.Ordinal);
        Assert.IsNotNull(CarrierReferences.FrameworkReferenceFolder(NuGet.Frameworks.NuGetFramework.Parse("net472"), _root), "this test project restores Microsoft.NETFramework.ReferenceAssemblies.net472");

        var project = await ImportGeoAsync(StudioXifFixtures.Xif(xml));

        var report = _out.ToString();
        StringAssert.Contains(report, "checked against the .NET Framework reference assemblies of net472");
        StringAssert.Contains(report, "Describe: it does not compile here: CS1503");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "GeoActions.cs")), "// ssSummary = ssOrientation");

        // The same body, imported for .NET, is carried: the refusal above came from the framework, not the body.
        _out.GetStringBuilder().Clear();
        Directory.Delete(project, recursive: true);
        project = await ImportGeoAsync(StudioXifFixtures.Xif(xml), "net8.0");
        StringAssert.Contains(_out.ToString(), "GeoActions.cs: 1 action(s) carried over: Describe.");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "GeoActions.cs")), "tag.Contains('!')");
    }

    [TestMethod]
    public void Without_the_framework_s_reference_assemblies_the_report_says_what_the_bodies_were_checked_against()
    {
        // A framework no package or targeting pack exists for: the check falls back to this runtime and says so.
        var references = CarrierReferences.For("net403", [], _root);

        Assert.IsFalse(references.IsExact);
        StringAssert.Contains(references.Description, "not of net403");
        StringAssert.Contains(references.Description, "Microsoft.NETFramework.ReferenceAssemblies.net403");
        Assert.IsTrue(references.References.Count > 0);
    }

    /// <summary>The project's generated code and implementation compiled together, as its build would.</summary>
    private static Assembly Compile(string project, string implementation, params string[] others)
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Read(Path.Combine(project, "extension.xml"), diagnostics)!;
        var trees = CodeGenerator.Generate(definition).Select(f => CSharpSyntaxTree.ParseText(f.Content))
            .Append(CSharpSyntaxTree.ParseText(implementation))
            .Concat(others.Select(o => CSharpSyntaxTree.ParseText(o)));
        var compilation = CSharpCompilation.Create("Geo", trees, References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.IsTrue(emitted.Success, string.Join('\n', emitted.Diagnostics) + "\n" + implementation);
        return new AssemblyLoadContext("carried", isCollectible: true).LoadFromStream(new MemoryStream(image.ToArray()));
    }
}
