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
}
