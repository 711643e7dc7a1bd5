using OneClickPublish.CodeGeneration;
using static OneClickPublish.Core.Tests.CodeGeneration.TestDefinitions;

namespace OneClickPublish.Core.Tests.CodeGeneration.Merging;

/// <summary>
/// How a stub for a new action is spelled and indented: short names where the file sees the extension's
/// namespace (itself, a namespace under it, nested blocks, a plain using), qualified where it does not
/// (another namespace, an alias), and the file's own indentation unit.
/// </summary>
[TestClass]
public sealed class StubSpellingTests
{
    private const string SayHello = "public void SayHello(string personName, int times, out string greeting) => greeting = personName;";

    private static string StubOfDescribe(Action<OneClickPublish.Definition.ExtensionDefinition>? edit, string file)
    {
        var definition = Hello();
        edit?.Invoke(definition);
        var result = ImplementationMerger.Merge(definition, file);
        Assert.IsNotNull(result.Text, string.Join('\n', result.Changes));
        Assert.IsTrue(result.Changes.Any(static c => c.Kind == ImplementationChangeKind.StubAdded && c.ActionName == "Describe"), string.Join('\n', result.Changes));
        return result.Text;
    }

    [TestMethod]
    [DataRow("namespace HelloExtension.Parts;\n\n")]
    [DataRow("using HelloExtension;\n\nnamespace Other;\n\n")]
    public void Where_the_file_sees_the_extension_s_namespace_the_stub_uses_short_names(string header)
    {
        var text = StubOfDescribe(null, header + "public partial class HelloExtensionActions : global::HelloExtension.IHelloExtension\n{\n    [ActionKey(\"act-sayhello\")]\n    " + SayHello + "\n}\n");

        StringAssert.Contains(text, "    [ActionKey(\"act-describe\")]\n    public void Describe(Person who, out string text)\n");
    }

    [TestMethod]
    [DataRow("namespace Other;\n\n")]
    [DataRow("using H = HelloExtension;\n\nnamespace Other;\n\n")]
    [DataRow("using static HelloExtension.Helpers;\n\nnamespace Other;\n\n")]
    public void Where_it_does_not_the_stub_names_the_extension_s_namespace(string header)
    {
        var text = StubOfDescribe(null, header + "public partial class HelloExtensionActions\n{\n    " + SayHello + "\n}\n");

        StringAssert.Contains(text, "    [global::HelloExtension.ActionKey(\"act-describe\")]\n    public void Describe(global::HelloExtension.Person who, out string text)\n");
    }

    [TestMethod]
    public void Nested_namespace_blocks_are_read_outside_in()
    {
        var file = "namespace Acme\n{\n    namespace Greetings\n    {\n        public partial class HelloExtensionActions\n        {\n            " + SayHello + "\n        }\n    }\n}\n";

        var text = StubOfDescribe(d => d.Namespace = "Acme.Greetings", file);

        StringAssert.Contains(text, "            [ActionKey(\"act-describe\")]\n            public void Describe(Person who, out string text)\n");
    }

    [TestMethod]
    public void Members_written_at_the_class_s_own_indentation_still_get_an_indented_body()
    {
        var file = "namespace HelloExtension\n{\n    public partial class HelloExtensionActions\n    {\n    " + SayHello + "\n    }\n}\n";

        var text = StubOfDescribe(null, file);

        StringAssert.Contains(text, "    public void Describe(Person who, out string text)\n    {\n        throw new global::System.NotImplementedException();\n    }\n");
    }

    [TestMethod]
    public void A_file_indented_by_two_spaces_gets_a_stub_indented_by_two()
    {
        var file = "namespace HelloExtension;\n\npublic partial class HelloExtensionActions\n{\n  " + SayHello + "\n}\n";

        var text = StubOfDescribe(null, file);

        StringAssert.Contains(text, "  public void Describe(Person who, out string text)\n  {\n    throw new global::System.NotImplementedException();\n  }\n");
    }
}
