using OneClickPublish.CodeGeneration;
using static OneClickPublish.Core.Tests.CodeGeneration.TestDefinitions;

namespace OneClickPublish.Core.Tests.CodeGeneration.Merging;

/// <summary>Which method of a file without keys the merger takes for an action: mutation testing found these choices unchecked.</summary>
[TestClass]
public sealed class ActionMatchingTests
{
    private static string File(string members) => $$"""
        namespace HelloExtension;

        public partial class HelloExtensionActions : IHelloExtension
        {
        {{members}}

            public void Describe(Person who, out string text) => text = who.Name;
        }

        """;

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    [TestMethod]
    public void Of_two_overloads_the_one_with_the_action_signature_is_the_implementation()
    {
        var file = File("""
                public void SayHello(int other) { }

                public void SayHello(string personName, int times, out string greeting) => greeting = personName;
            """);

        var result = ImplementationMerger.Merge(Hello(), file);

        Assert.IsNotNull(result.Text);
        StringAssert.Contains(result.Text, "public void SayHello(int other) { }", "the other overload is left as it was");
        StringAssert.Contains(result.Text, "[ActionKey(\"act-sayhello\")]\n    public void SayHello(string personName, int times, out string greeting) => greeting = personName;");
        Assert.IsFalse(result.Changes.Any(c => c.Kind is ImplementationChangeKind.StubAdded or ImplementationChangeKind.ParametersChanged), string.Join('\n', result.Changes));
    }

    [TestMethod]
    public void A_method_spelled_exactly_like_the_action_is_preferred_to_one_differing_in_case()
    {
        var file = File("""
                public void sayHello(string personName, int times, out string greeting) => greeting = "lower";

                public void SayHello(string personName, int times, out string greeting) => greeting = "exact";
            """);

        var result = ImplementationMerger.Merge(Hello(), file);

        Assert.IsNotNull(result.Text);
        StringAssert.Contains(result.Text, "[ActionKey(\"act-sayhello\")]\n    public void SayHello(string personName, int times, out string greeting) => greeting = \"exact\";");
        Assert.AreEqual(1, Count(result.Text, "[ActionKey(\"act-sayhello\")]"));
    }

    [TestMethod]
    public void A_private_method_with_the_action_signature_is_taken_and_gets_no_stub_beside_it()
    {
        var file = File("""
                private void SayHello(string personName, int times, out string greeting) => greeting = personName;
            """);

        var result = ImplementationMerger.Merge(Hello(), file);

        Assert.IsNotNull(result.Text);
        Assert.AreEqual(1, Count(result.Text, "void SayHello("), result.Text);
        Assert.IsFalse(result.Changes.Any(c => c.Kind == ImplementationChangeKind.StubAdded), string.Join('\n', result.Changes));
    }
    [TestMethod]
    [DataRow("private static string SayHello(string name) => name;")]
    [DataRow("public static string SayHello(string name) => name;")]
    [DataRow("private void SayHello(string who, int times, out string greeting) => greeting = who;")]
    [DataRow("private void SayHello(string personName, long times, out string greeting) => greeting = personName;")]
    [DataRow("private void SayHello(string personName, int times, string greeting) { }")]
    public void A_helper_of_the_action_s_name_is_left_alone_and_the_action_gets_a_stub_beside_it(string helper)
    {
        var result = ImplementationMerger.Merge(Hello(), File("    " + helper));

        Assert.IsNotNull(result.Text, string.Join('\n', result.Changes));
        StringAssert.Contains(result.Text, helper, "the helper is not rewritten");
        Assert.AreEqual(2, Count(result.Text, " SayHello("), result.Text);
        Assert.IsTrue(result.Changes.Any(static c => c.Kind == ImplementationChangeKind.StubAdded && c.ActionName == "SayHello"), string.Join('\n', result.Changes));
    }

    [TestMethod]
    public void A_private_method_with_the_action_s_exact_signature_is_its_implementation()
    {
        var result = ImplementationMerger.Merge(Hello(), File("    private void SayHello(string personName, int times, out string greeting) => greeting = personName;"));

        Assert.IsNotNull(result.Text, string.Join('\n', result.Changes));
        Assert.AreEqual(1, Count(result.Text, " SayHello("), result.Text);
        Assert.IsFalse(result.Changes.Any(static c => c.Kind == ImplementationChangeKind.StubAdded), string.Join('\n', result.Changes));
    }

    [TestMethod]
    public void A_public_method_named_in_another_case_is_taken_when_none_has_the_exact_name()
    {
        var result = ImplementationMerger.Merge(Hello(), File("    public void sayHello(string personName, int times, out string greeting) => greeting = personName;"));

        Assert.IsNotNull(result.Text, string.Join('\n', result.Changes));
        Assert.AreEqual(1, Count(result.Text, "ayHello("), result.Text);
        Assert.IsFalse(result.Changes.Any(static c => c.Kind == ImplementationChangeKind.StubAdded), string.Join('\n', result.Changes));
    }
}
