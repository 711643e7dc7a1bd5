using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.CodeGeneration.Merging;

namespace OneClickPublish.Core.Tests.CodeGeneration.Merging;

/// <summary>
/// The small pure parts the merger is built from, on their own: how types are compared by meaning,
/// how a method's <c>[ActionKey]</c> is read, and the file's line endings and indentation.
/// </summary>
[TestClass]
public sealed class MergeSeamTests
{
    [TestMethod]
    [DataRow("Int32", "int")]
    [DataRow("System.String", "string")]
    [DataRow("global::System.DateTime", "DateTime")]
    [DataRow("string?", "string")]
    [DataRow("List<Order>", "global::System.Collections.Generic.List<global::Shop.Order>")]
    [DataRow("Shop.Order", "global::Shop.Order")]
    [DataRow("System.Collections.Generic.List< Order >", "List<Order>")]
    public void Spellings_of_the_same_type_are_the_same_type(string written, string expected)
    {
        Assert.IsTrue(new TypeSpellingComparer("Shop").SameType(written, expected));
    }

    [TestMethod]
    [DataRow("int?", "int", DisplayName = "a nullable value type is another type")]
    [DataRow("DateTime?", "DateTime", DisplayName = "nullable DateTime too")]
    [DataRow("long", "int")]
    [DataRow("Other.Order", "global::Shop.Order", DisplayName = "only the extension's namespace is ignored")]
    public void Different_types_are_not_the_same_type(string written, string expected)
    {
        Assert.IsFalse(new TypeSpellingComparer("Shop").SameType(written, expected));
    }

    [TestMethod]
    [DataRow("""[ActionKey("act-1")] public void A() { }""", "act-1")]
    [DataRow("""[global::Shop.ActionKeyAttribute("act-1")] public void A() { }""", "act-1")]
    [DataRow("""[Obsolete, Shop.ActionKey("act-1")] public void A() { }""", "act-1")]
    [DataRow("""[Obsolete("act-1")] public void A() { }""", null)]
    [DataRow("""[ActionKey(Keys.First)] public void A() { }""", null, DisplayName = "only a string literal is a key")]
    public void The_action_key_of_a_method_is_read_from_its_attribute(string method, string? key)
    {
        var declaration = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(method)!;

        Assert.AreEqual(key, ActionKeyMarker.ActionKeyOf(declaration)?.Key);
    }

    [TestMethod]
    public void The_line_ending_is_CRLF_when_the_file_has_one()
    {
        Assert.AreEqual("\r\n", MergeSyntax.LineEndingOf("class A\n{\r\n}\n"));
        Assert.AreEqual("\n", MergeSyntax.LineEndingOf("class A\n{\n}\n"));
    }

    [TestMethod]
    public void Indentation_is_the_whitespace_before_a_node_on_its_line()
    {
        var root = SyntaxFactory.ParseCompilationUnit("class A\n{\n\t  // note\n\t  void M() { }\n}\n");
        var method = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

        Assert.AreEqual("\t  ", MergeSyntax.Indentation(method));
    }

    [TestMethod]
    public void The_first_syntax_error_is_given_with_its_line_and_column()
    {
        var problem = MergeSyntax.FirstError(CSharpSyntaxTree.ParseText("class A\n{\n    void M( { }\n}\n", MergeSyntax.ParseOptions));

        Assert.IsNotNull(problem);
        Assert.AreEqual(3, problem.Line);
        Assert.IsNull(MergeSyntax.FirstError(CSharpSyntaxTree.ParseText("class A { }", MergeSyntax.ParseOptions)));
    }

    [TestMethod]
    public void A_parameter_list_is_shown_on_one_line()
    {
        var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("void M(\n    string  name, // who\n    out int count) { }")!;

        Assert.AreEqual("string name, out int count", MergeSyntax.Signature(method.ParameterList));
    }
}
