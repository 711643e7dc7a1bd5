using OneClickPublish.CodeGeneration.Merging;

namespace OneClickPublish.Core.Tests.CodeGeneration.Merging;

/// <summary>
/// Spellings of one type that the merger must not "correct" (a rewrite would churn the user's code),
/// and the ones it must: a nullable value type is another type, a nullable reference only an annotation.
/// </summary>
[TestClass]
public sealed class TypeSpellingComparerTests
{
    private static readonly TypeSpellingComparer Types = new("HelloExtension");

    [TestMethod]
    [DataRow("String", "string")]
    [DataRow("Int32", "int")]
    [DataRow("Int64", "long")]
    [DataRow("System.Int64", "long")]
    [DataRow("global::System.Decimal", "decimal")]
    [DataRow("Boolean", "bool")]
    [DataRow("Object", "object")]
    [DataRow("Byte", "byte")]
    [DataRow("Byte[]", "byte[]")]
    [DataRow("System.Collections.Generic.List<Int64>", "List<long>")]
    [DataRow("HelloExtension.Person", "Person")]
    [DataRow("List< Person >", "List<Person>")]
    [DataRow("string?", "string")]
    [DataRow("Person?", "Person")]
    [DataRow("List<Person>?", "List<Person>")]
    [DataRow("byte[]?", "byte[]")]
    public void Spellings_of_one_type_are_the_same_type(string written, string expected)
    {
        Assert.IsTrue(Types.SameType(written, expected), $"{written} = {expected}");
        Assert.IsTrue(Types.SameType(expected, written), $"{expected} = {written}");
    }

    [TestMethod]
    [DataRow("int?", "int")]
    [DataRow("long?", "long")]
    [DataRow("Int64?", "long")]
    [DataRow("decimal?", "decimal")]
    [DataRow("bool?", "bool")]
    [DataRow("byte?", "byte")]
    [DataRow("DateTime?", "DateTime")]
    [DataRow("Int64", "int")]
    [DataRow("Int32", "long")]
    [DataRow("Decimal", "double")]
    [DataRow("Boolean", "byte")]
    [DataRow("Object", "string")]
    [DataRow("Byte", "bool")]
    [DataRow("Other.Person", "Person")]
    public void A_nullable_value_type_and_another_framework_type_are_other_types(string written, string expected)
    {
        Assert.IsFalse(Types.SameType(written, expected), $"{written} ≠ {expected}");
        Assert.IsFalse(Types.SameType(expected, written), $"{expected} ≠ {written}");
    }
}
