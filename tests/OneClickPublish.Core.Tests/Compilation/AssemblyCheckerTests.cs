using OneClickPublish.Compilation;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tests.Compilation;

[TestClass]
public sealed class AssemblyCheckerTests
{
    private static DiagnosticBag Check(string assemblyPath, IReadOnlyList<string>? shipped = null)
    {
        var diagnostics = new DiagnosticBag();
        var ok = AssemblyChecker.Check(ExtensionAssemblyBuilder.Definition(), assemblyPath, shipped ?? [assemblyPath], diagnostics);
        Assert.AreEqual(!diagnostics.HasErrors, ok, "Check returns true exactly when it reported no error");
        return diagnostics;
    }

    private static DiagnosticBag CheckWith(TempDirectory dir, string action, string signature, string body = "{ throw new InvalidOperationException(); }")
    {
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods[action] = (signature, body);
        return Check(ExtensionAssemblyBuilder.Build(dir.Path, methods));
    }

    private static Diagnostic Single(DiagnosticBag diagnostics, string code)
    {
        Assert.AreEqual(1, diagnostics.Count, string.Join('\n', diagnostics));
        Assert.AreEqual(code, diagnostics[0].Code, diagnostics[0].ToString());
        return diagnostics[0];
    }

    private static void AssertPointsAtImplementation(Diagnostic diagnostic, TempDirectory dir)
    {
        Assert.AreEqual(Path.Combine(dir.Path, "HelloActions.cs"), diagnostic.Location.File, diagnostic.ToString());
        Assert.IsTrue(diagnostic.Location.Line > 10, diagnostic.ToString());
    }

    [TestMethod]
    public void A_correct_implementation_passes_without_any_diagnostic()
    {
        using var dir = new TempDirectory();
        var diagnostics = Check(ExtensionAssemblyBuilder.Build(dir.Path, ExtensionAssemblyBuilder.GoodMethods()));
        Assert.AreEqual(0, diagnostics.Count, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void A_missing_assembly_is_reported()
    {
        using var dir = new TempDirectory();
        Single(Check(dir.Combine("bin", "Acme.Hello.dll")), "OCP3001");
    }

    [TestMethod]
    public void A_file_that_is_not_an_assembly_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteFile("Acme.Hello.dll", "not a PE file at all");
        Single(Check(path), "OCP3002");
    }

    [TestMethod]
    public void A_missing_entry_class_is_reported_at_the_definition()
    {
        using var dir = new TempDirectory();
        var path = ExtensionAssemblyBuilder.Build(dir.Path, ExtensionAssemblyBuilder.GoodMethods(), classDeclaration: "public partial class HelloImplementation : IHello");
        var diagnostic = Single(Check(path), "OCP3003");
        StringAssert.Contains(diagnostic.Message, "Acme.Hello.HelloActions");
        Assert.AreEqual(ExtensionAssemblyBuilder.DefinitionFile, diagnostic.Location.File);
    }

    [TestMethod]
    public void An_internal_entry_class_is_reported_in_its_file()
    {
        using var dir = new TempDirectory();
        var path = ExtensionAssemblyBuilder.Build(dir.Path, ExtensionAssemblyBuilder.GoodMethods(), classDeclaration: "internal partial class HelloActions : IHello");
        var diagnostic = Single(Check(path), "OCP3004");
        Assert.AreEqual(Path.Combine(dir.Path, "HelloActions.cs"), diagnostic.Location.File);
    }

    [TestMethod]
    [DataRow("public abstract partial class HelloActions : IHello", "", "it is abstract")]
    [DataRow("public partial class HelloActions : IHello", "private HelloActions() { }", "it has no public constructor")]
    [DataRow("public partial class HelloActions : IHello", "public HelloActions(string settings) { }", "its public constructors all take parameters")]
    public void An_entry_class_the_host_cannot_create_is_reported_in_its_file(string classDeclaration, string constructor, string why)
    {
        using var dir = new TempDirectory();
        var path = ExtensionAssemblyBuilder.Build(dir.Path, WithMember(constructor), classDeclaration: classDeclaration);

        var diagnostics = Check(path);

        var diagnostic = diagnostics.Single(d => d.Code == "OCP3017");
        StringAssert.Contains(diagnostic.Message, why);
        Assert.AreEqual(Path.Combine(dir.Path, "HelloActions.cs"), diagnostic.Location.File);
    }

    private static Dictionary<string, (string Signature, string Body)> WithMember(string member)
    {
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods["(member)"] = (member, string.Empty);
        return methods;
    }

    [TestMethod]
    public void An_entry_class_with_a_public_parameterless_constructor_among_others_is_accepted()
    {
        using var dir = new TempDirectory();
        var path = ExtensionAssemblyBuilder.Build(dir.Path, WithMember("public HelloActions() { } public HelloActions(string settings) { }"));

        Assert.IsFalse(Check(path).Any(d => d.Code == "OCP3017"));
    }

    [TestMethod]
    public void An_entry_class_without_the_interface_is_reported()
    {
        using var dir = new TempDirectory();
        var path = ExtensionAssemblyBuilder.Build(dir.Path, ExtensionAssemblyBuilder.GoodMethods(), classDeclaration: "public partial class HelloActions");
        StringAssert.Contains(Single(Check(path), "OCP3005").Message, "Acme.Hello.IHello");
    }

    [TestMethod]
    public void A_missing_action_is_reported_at_the_action_in_the_definition()
    {
        using var dir = new TempDirectory();
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods.Remove("Add");
        var diagnostic = Single(Check(ExtensionAssemblyBuilder.Build(dir.Path, methods)), "OCP3006");
        Assert.AreEqual(new SourceLocation(ExtensionAssemblyBuilder.DefinitionFile, 8, 6, "Action Add"), diagnostic.Location);
    }

    [TestMethod]
    public void A_wrong_parameter_type_is_reported_at_the_method_in_the_implementation_file()
    {
        using var dir = new TempDirectory();
        var diagnostic = Single(CheckWith(dir, "Add", "public void Add(long a, int b, out int sum)", "{ sum = b; }"), "OCP3008");
        Assert.AreEqual("Parameter 1 ('a') of method 'Acme.Hello.HelloActions.Add' is long; the definition's input 'A' needs int", diagnostic.Message);
        AssertPointsAtImplementation(diagnostic, dir);
    }

    [TestMethod]
    public void A_wrong_record_list_element_type_is_reported()
    {
        using var dir = new TempDirectory();
        var diagnostic = Single(
            CheckWith(dir, "Store", "public void Store(Customer customer, out long id, List<object> others, DateTime when)", "{ id = 0; }"),
            "OCP3008");
        StringAssert.Contains(diagnostic.Message, "System.Collections.Generic.List<object>");
        StringAssert.Contains(diagnostic.Message, "System.Collections.Generic.List<Acme.Hello.Customer>");
    }

    [TestMethod]
    public void An_output_that_is_not_out_is_reported()
    {
        using var dir = new TempDirectory();
        var diagnostic = Single(CheckWith(dir, "Greet", "public void Greet(string name, string greeting)", "{ }"), "OCP3009");
        StringAssert.Contains(diagnostic.Message, "'greeting'");
        AssertPointsAtImplementation(diagnostic, dir);
    }

    [TestMethod]
    public void An_output_passed_by_ref_instead_of_out_is_reported()
    {
        using var dir = new TempDirectory();
        Single(CheckWith(dir, "Greet", "public void Greet(string name, ref string greeting)", "{ }"), "OCP3009");
    }

    [TestMethod]
    public void An_input_passed_by_reference_is_reported()
    {
        using var dir = new TempDirectory();
        Single(CheckWith(dir, "Greet", "public void Greet(ref string name, out string greeting)", "{ greeting = name; }"), "OCP3010");
    }

    [TestMethod]
    public void A_wrong_parameter_count_is_reported_with_the_expected_signature()
    {
        using var dir = new TempDirectory();
        var diagnostic = Single(CheckWith(dir, "Add", "public void Add(int a, out int sum)", "{ sum = a; }"), "OCP3007");
        StringAssert.Contains(diagnostic.Message, "int A, int B, out int Sum");
    }

    [TestMethod]
    public void A_method_that_returns_a_value_is_reported()
    {
        using var dir = new TempDirectory();
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods["Add"] = ("public int Add(int a, int b, out int sum)", "{ sum = a + b; return sum; }");
        methods["Add2"] = ("public void Add(int a, int b, string unused)", "{ }"); // keeps IHello.Add declared for the compiler
        var diagnostics = Check(ExtensionAssemblyBuilder.Build(dir.Path, methods, classDeclaration: "public partial class HelloActions"));
        CollectionAssert.Contains(diagnostics.Select(d => d.Code).ToList(), "OCP3011", string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void A_static_action_method_is_reported()
    {
        using var dir = new TempDirectory();
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods["Greet"] = ("public static void Greet(string name, out string greeting)", "{ greeting = name; }");
        var diagnostics = Check(ExtensionAssemblyBuilder.Build(dir.Path, methods, classDeclaration: "public partial class HelloActions"));
        Assert.AreEqual("OCP3012", diagnostics.Single(d => d.Code != "OCP3005").Code, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void An_explicit_interface_implementation_is_reported_as_not_public()
    {
        using var dir = new TempDirectory();
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods["Greet"] = ("void IHello.Greet(string name, out string greeting)", "{ greeting = name; }");
        var source = ExtensionAssemblyBuilder.Build(dir.Path, methods, interfaceExtra: "    void Greet(string name, out string greeting);");
        var diagnostic = Single(Check(source), "OCP3012");
        StringAssert.Contains(diagnostic.Message, "explicit interface implementation");
    }

    [TestMethod]
    public void One_matching_overload_is_enough()
    {
        using var dir = new TempDirectory();
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods["Greet2"] = ("public void Greet(string name)", "{ }");
        Assert.AreEqual(0, Check(ExtensionAssemblyBuilder.Build(dir.Path, methods)).Count);
    }

    [TestMethod]
    public void An_assembly_version_other_than_the_definitions_is_reported_at_the_version_attribute()
    {
        using var dir = new TempDirectory();
        var diagnostic = Single(Check(ExtensionAssemblyBuilder.Build(dir.Path, ExtensionAssemblyBuilder.GoodMethods(), assemblyVersion: "1.2.4.0")), "OCP3013");
        StringAssert.StartsWith(diagnostic.Message, "The assembly's version is 1.2.4.0; the definition's version is 1.2.3. ");
        StringAssert.Contains(diagnostic.Message, "remove <Version>", "it says which to change");
        Assert.AreEqual(new SourceLocation(ExtensionAssemblyBuilder.DefinitionFile, 2, 40), diagnostic.Location);
    }

    [TestMethod]
    public void The_revision_of_the_assembly_version_is_free()
    {
        using var dir = new TempDirectory();
        Assert.AreEqual(0, Check(ExtensionAssemblyBuilder.Build(dir.Path, ExtensionAssemblyBuilder.GoodMethods(), assemblyVersion: "1.2.3.77")).Count);
    }

    [TestMethod]
    [DataRow("{ throw new NotImplementedException(); }")]
    [DataRow("{ throw new NotImplementedException(\"later\"); }")]
    [DataRow("=> throw new NotImplementedException();")]
    public void A_body_that_only_throws_NotImplementedException_is_a_warning(string body)
    {
        using var dir = new TempDirectory();
        var diagnostic = Single(CheckWith(dir, "Add", "public void Add(int a, int b, out int sum)", body), "OCP3015");
        Assert.AreEqual(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertPointsAtImplementation(diagnostic, dir);
    }

    [TestMethod]
    [DataRow("{ if (a > b) throw new NotImplementedException(); sum = a + b; }")]
    [DataRow("{ throw new InvalidOperationException(); }")]
    public void A_body_that_does_more_than_throw_NotImplementedException_is_not_a_warning(string body)
    {
        using var dir = new TempDirectory();
        Assert.AreEqual(0, CheckWith(dir, "Add", "public void Add(int a, int b, out int sum)", body).Count);
    }

    [TestMethod]
    public void Without_a_pdb_method_diagnostics_point_at_the_action_in_the_definition()
    {
        using var dir = new TempDirectory();
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods["Add"] = ("public void Add(int a, int b, out int sum)", "{ throw new NotImplementedException(); }");
        var diagnostic = Single(Check(ExtensionAssemblyBuilder.Build(dir.Path, methods, withPdb: false)), "OCP3015");
        Assert.AreEqual(new SourceLocation(ExtensionAssemblyBuilder.DefinitionFile, 8, 6, "Action Add"), diagnostic.Location);
    }

    [TestMethod]
    public void Every_mismatch_is_reported_in_one_check()
    {
        using var dir = new TempDirectory();
        var methods = ExtensionAssemblyBuilder.GoodMethods();
        methods.Remove("Store");
        methods["Greet"] = ("public void Greet(string name, string greeting)", "{ }");
        var diagnostics = Check(ExtensionAssemblyBuilder.Build(dir.Path, methods, assemblyVersion: "2.0.0.0"));
        CollectionAssert.AreEquivalent(new[] { "OCP3009", "OCP3006", "OCP3013" }, diagnostics.Select(d => d.Code).ToArray());
    }

    [TestMethod]
    public void Two_versions_of_one_assembly_in_the_shipped_closure_are_reported()
    {
        using var dir = new TempDirectory();
        var main = ExtensionAssemblyBuilder.Build(dir.Combine("main"), ExtensionAssemblyBuilder.GoodMethods());
        var v1 = ExtensionAssemblyBuilder.BuildLibrary(dir.Combine("a"), "Contoso.Json", "1.0.0.0");
        var v2 = ExtensionAssemblyBuilder.BuildLibrary(dir.Combine("b"), "contoso.json", "2.0.0.0");
        var diagnostic = Single(Check(main, [main, v1, v2]), "OCP3014");
        StringAssert.Contains(diagnostic.Message, "1.0.0.0");
        StringAssert.Contains(diagnostic.Message, "2.0.0.0");
    }

    [TestMethod]
    public void The_same_version_twice_and_native_files_are_no_conflict()
    {
        using var dir = new TempDirectory();
        var main = ExtensionAssemblyBuilder.Build(dir.Combine("main"), ExtensionAssemblyBuilder.GoodMethods());
        var a = ExtensionAssemblyBuilder.BuildLibrary(dir.Combine("a"), "Contoso.Json", "1.0.0.0");
        var b = ExtensionAssemblyBuilder.BuildLibrary(dir.Combine("b"), "Contoso.Json", "1.0.0.0");
        var native = dir.WriteFile("runtimes/linux-x64/native/libsqlite.so", new byte[] { 0x7f, 0x45, 0x4c, 0x46, 1, 2, 3 });
        Assert.AreEqual(0, Check(main, [main, a, b, native]).Count);
    }

    [TestMethod]
    public void A_shipped_file_that_does_not_exist_is_reported()
    {
        using var dir = new TempDirectory();
        var main = ExtensionAssemblyBuilder.Build(dir.Combine("main"), ExtensionAssemblyBuilder.GoodMethods());
        Single(Check(main, [main, dir.Combine("gone.dll")]), "OCP3016");
    }
}
