using OneClickPublish.CodeGeneration;
using static OneClickPublish.Core.Tests.CodeGeneration.TestDefinitions;

namespace OneClickPublish.Core.Tests.CodeGeneration.Merging;

/// <summary>
/// Which methods a merge reports as kept (they look like an action that is gone) and which it leaves
/// unmentioned (helpers): the report is what tells a user that code of a removed action is still there.
/// </summary>
[TestClass]
public sealed class LeftoverMethodTests
{
    private static string File(string extra) => $$"""
        namespace HelloExtension;

        public partial class HelloExtensionActions : IHelloExtension
        {
            [ActionKey("act-sayhello")]
            public void SayHello(string personName, int times, out string greeting) => greeting = personName;

            [ActionKey("act-describe")]
            public void Describe(Person who, out string text) => text = who.Name;

        {{extra}}
        }

        """;

    [TestMethod]
    [DataRow("    public void Farewell(string personName) { }", "Farewell")]
    [DataRow("    [ActionKey(\"act-gone\")]\n    private int Gone() => 0;", "Gone")]
    [DataRow("    void IHelloExtension.Wave() { }", "Wave")]
    public void A_method_that_looks_like_a_removed_action_is_kept_and_reported_where_it_stands(string extra, string name)
    {
        var result = ImplementationMerger.Merge(Hello(), File(extra));

        var kept = result.KeptMethods.Single();
        Assert.AreEqual(name, kept.Name);
        Assert.AreEqual(11 + extra.Count(static c => c == '\n'), kept.Line, "the line of the method's name in the merged text");
        StringAssert.Contains(result.Text!, extra);
    }

    [TestMethod]
    [DataRow("    public static void Helper() { }")]
    [DataRow("    private void Helper() { }")]
    [DataRow("    internal void Helper() { }")]
    [DataRow("    public int Helper() => 0;")]
    [DataRow("    public string Helper(int x) => x.ToString();")]
    public void A_helper_is_not_reported(string extra)
    {
        var result = ImplementationMerger.Merge(Hello(), File(extra));

        Assert.AreEqual(0, result.KeptMethods.Count, string.Join(", ", result.KeptMethods));
        StringAssert.Contains(result.Text!, extra);
    }
}
