using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using static OneClickPublish.Core.Tests.CodeGeneration.TestDefinitions;

namespace OneClickPublish.Core.Tests.CodeGeneration.Merging;

/// <summary>
/// Parameter lists the merger rewrites in place: directions gained or lost under attributes and
/// ref modifiers, renames inside expression bodies, new parameters in a list written one per line.
/// </summary>
[TestClass]
public sealed class ParameterMergeTests
{
    private static string File(string sayHello, string describe = "public void Describe(Person who, out string text) => text = who.Name;") => $$"""
        namespace HelloExtension;

        public partial class HelloExtensionActions : IHelloExtension
        {
            [ActionKey("act-sayhello")]
            {{sayHello}}

            [ActionKey("act-describe")]
            {{describe}}
        }

        """;

    private static string Merge(ExtensionDefinition definition, string file)
    {
        var result = ImplementationMerger.Merge(definition, file);
        Assert.IsNotNull(result.Text, string.Join('\n', result.Changes));
        RoslynCompiler.AssertCompiles(definition, result.Text);
        return result.Text;
    }

    [TestMethod]
    public void An_input_that_becomes_an_output_gains_out_and_keeps_its_place()
    {
        var definition = Hello();
        definition.Actions[0].Parameters[1].Direction = ParameterDirection.Output;

        var text = Merge(definition, File("public void SayHello(string personName, int times, out string greeting) { times = 1; greeting = personName; }"));

        StringAssert.Contains(text, "public void SayHello(string personName, out int times, out string greeting) { times = 1;");
    }

    [TestMethod]
    public void An_out_parameter_under_an_attribute_keeps_the_attribute_first()
    {
        var definition = Hello();
        definition.Actions[0].Parameters[1].Direction = ParameterDirection.Output;

        var text = Merge(definition, File("public void SayHello(string personName, [System.ComponentModel.Description(\"n\")] int times, out string greeting) { times = 1; greeting = personName; }"));

        StringAssert.Contains(text, "SayHello(string personName, [System.ComponentModel.Description(\"n\")] out int times, out string greeting)");
    }

    [TestMethod]
    public void A_ref_input_loses_ref()
    {
        var text = Merge(Hello(), File("public void SayHello(string personName, ref int times, out string greeting) { greeting = personName + times; }"));

        StringAssert.Contains(text, "public void SayHello(string personName, int times, out string greeting)");
    }

    [TestMethod]
    public void A_renamed_parameter_is_renamed_in_an_expression_body()
    {
        var definition = Hello();
        definition.Actions[1].Parameters[0].Name = "Customer";

        var text = Merge(definition, File("public void SayHello(string personName, int times, out string greeting) => greeting = personName;"));

        StringAssert.Contains(text, "public void Describe(Person customer, out string text) => text = customer.Name;");
    }

    [TestMethod]
    public void A_parameter_added_to_a_list_written_one_per_line_gets_a_line_of_its_own()
    {
        var definition = Hello();
        definition.Actions[0].Parameters.Add(Input("Polite", DataType.Boolean));

        var text = Merge(definition, File("public void SayHello(\n        string personName,\n        int times,\n        out string greeting) => greeting = personName;"));

        StringAssert.Contains(text, "public void SayHello(\n        string personName,\n        int times,\n        out string greeting,\n        bool polite) => greeting = personName;");
    }
}
