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
    [TestMethod]
    public void Parameters_written_in_another_order_are_put_in_the_definition_s_order_by_name_and_keep_their_body()
    {
        var text = Merge(Hello(), File("public void SayHello(out string greeting, int times, string personName) { greeting = personName + times; }"));

        StringAssert.Contains(text, "public void SayHello(string personName, int times, out string greeting) { greeting = personName + times; }");
    }

    [TestMethod]
    public void A_parameter_named_in_another_case_is_matched_by_name_and_renamed_in_the_body()
    {
        var text = Merge(Hello(), File("public void SayHello(int Times, string PersonName, out string greeting) { greeting = PersonName + Times; }"));

        StringAssert.Contains(text, "public void SayHello(string personName, int times, out string greeting) { greeting = personName + times; }");
    }

    [TestMethod]
    public void A_parameter_the_definition_no_longer_has_is_removed_and_its_comment_moves_above_the_method()
    {
        var text = Merge(Hello(), File("public void SayHello(string personName, int times, out string greeting, string extra /* was the salutation */) { greeting = personName; }"));

        var signature = text.IndexOf("public void SayHello(string personName, int times, out string greeting) { greeting = personName; }", StringComparison.Ordinal);
        var comment = text.IndexOf("/* was the salutation */", StringComparison.Ordinal);
        Assert.IsTrue(signature > 0 && comment > 0 && comment < signature, text);
        Assert.AreEqual("/* was the salutation */\n    [ActionKey(\"act-sayhello\")]\n    ", text[comment..signature], "the comment stands on a line of its own above the method");
        Assert.IsFalse(text.Contains("extra", StringComparison.Ordinal), text);
    }

    [TestMethod]
    public void An_empty_parameter_list_gets_every_parameter_separated_as_the_generator_writes_them()
    {
        var result = ImplementationMerger.Merge(Hello(), File("public void SayHello() { }"));

        Assert.IsNotNull(result.Text, string.Join('\n', result.Changes));
        StringAssert.Contains(result.Text, "public void SayHello(string personName, int times, out string greeting) { }");
        StringAssert.Contains(string.Join('\n', result.Changes), "parameters of SayHello changed from () to (string personName, int times, out string greeting)");
    }

    [TestMethod]
    public void A_parameter_of_the_same_type_at_the_same_place_is_the_same_one_renamed_and_one_of_another_type_is_replaced()
    {
        var renamed = Merge(Hello(), File("public void SayHello(string who, int count, out string greeting) { greeting = who + count; }"));
        StringAssert.Contains(renamed, "public void SayHello(string personName, int times, out string greeting) { greeting = personName + times; }");

        // A bool where an int is wanted is not the same parameter: it is replaced (and its name is not carried into the body).
        var replaced = ImplementationMerger.Merge(Hello(), File("public void SayHello(string who, bool count, out string greeting) { greeting = who + count; }"));
        Assert.IsNotNull(replaced.Text);
        StringAssert.Contains(replaced.Text, "public void SayHello(string personName, int times, out string greeting) { greeting = personName + count; }");
    }
}
