using System.Collections.Immutable;
using System.Reflection.Metadata;
using OneClickPublish.Compilation;
using OneClickPublish.Definition;

namespace OneClickPublish.Tests.Compilation;

/// <summary>The one spelling both sides of the assembly check are brought to, and how messages show it.</summary>
[TestClass]
public sealed class SignatureTypeNamesTests
{
    private static ExtensionDefinition Definition()
    {
        var definition = new ExtensionDefinition { Name = "Hello", VersionText = "1.0.0", Namespace = "Hello" };
        definition.Structures.Add(new StructureDefinition { Name = "Person" });
        return definition;
    }

    [TestMethod]
    [DataRow("int", "System.Int32")]
    [DataRow(" string ", "System.String")]
    [DataRow("int[]", "System.Int32[]")]
    [DataRow("global::System.DateTime", "System.DateTime")]
    [DataRow("person", "Hello.Person")]
    [DataRow("Unknown", "Hello.Unknown")]
    [DataRow("List<person>", "List`1<Hello.Person>")]
    [DataRow("global::System.Collections.Generic.Dictionary<string, global::System.Collections.Generic.List<int[]>>", "System.Collections.Generic.Dictionary`2<System.String,System.Collections.Generic.List`1<System.Int32[]>>")]
    public void A_CSharp_type_name_is_brought_to_the_metadata_spelling(string written, string canonical) =>
        Assert.AreEqual(canonical, SignatureTypeNames.FromClrTypeName(written, Definition()));

    [TestMethod]
    [DataRow("System.Int32", "int")]
    [DataRow("System.IntPtr", "System.IntPtr")]
    [DataRow("System.Collections.Generic.Dictionary`2<System.String,System.Int32>[]", "System.Collections.Generic.Dictionary<string, int>[]")]
    [DataRow("System.Int32&", "ref int")]
    [DataRow("Hello.Person", "Hello.Person")]
    public void A_canonical_name_is_shown_with_keywords_and_without_arity(string canonical, string shown) =>
        Assert.AreEqual(shown, SignatureTypeNames.ToDisplay(canonical));

    [TestMethod]
    public void Metadata_shapes_are_spelled_like_the_definition_side()
    {
        var provider = CanonicalTypeNameProvider.Instance;

        Assert.AreEqual("System.IntPtr", provider.GetPrimitiveType(PrimitiveTypeCode.IntPtr));
        Assert.AreEqual("System.UIntPtr", provider.GetPrimitiveType(PrimitiveTypeCode.UIntPtr));
        Assert.AreEqual("System.Int32", provider.GetPrimitiveType(PrimitiveTypeCode.Int32));
        Assert.AreEqual("System.Int32[]", provider.GetSZArrayType("System.Int32"));
        Assert.AreEqual("System.Int32[,,]", provider.GetArrayType("System.Int32", new ArrayShape(3, [], [])));
        Assert.AreEqual("System.Int32&", provider.GetByReferenceType("System.Int32"));
        Assert.AreEqual("System.Int32*", provider.GetPointerType("System.Int32"));
        Assert.AreEqual("System.Int32", provider.GetPinnedType("System.Int32"));
        Assert.AreEqual("System.Int32", provider.GetModifiedType("System.Runtime.CompilerServices.IsVolatile", "System.Int32", isRequired: true));
        Assert.AreEqual("List`1<System.Int32>", provider.GetGenericInstantiation("List`1", ImmutableArray.Create("System.Int32")));
        Assert.AreEqual("!!1", provider.GetGenericMethodParameter(null, 1));
        Assert.AreEqual("!0", provider.GetGenericTypeParameter(null, 0));
    }
}
