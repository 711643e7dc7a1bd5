using OneClickPublish.Definition;
using OneClickPublish.Verification;

namespace OneClickPublish.Core.Tests.Verification;

/// <summary>
/// The pure checks of the verifier's rule sets on their own (DefinitionVerifierTests covers them through
/// whole definitions): default values, resource paths and namespaces.
/// </summary>
[TestClass]
public sealed class RuleSetTests
{
    [TestMethod]
    [DataRow(DataType.Integer, "-12", null)]
    [DataRow(DataType.Integer, "1.5", " (a whole number from -2147483648 to 2147483647)")]
    [DataRow(DataType.LongInteger, "9223372036854775807", null)]
    [DataRow(DataType.Boolean, "TRUE", null)]
    [DataRow(DataType.Boolean, "yes", " (true or false)")]
    [DataRow(DataType.Date, "2026-12-03", null)]
    [DataRow(DataType.Date, "03.12.2026", " (yyyy-MM-dd)")]
    [DataRow(DataType.DateTime, "2026-12-03 09:30", null)]
    [DataRow(DataType.Time, "25:00", " (HH:mm:ss)")]
    [DataRow(DataType.Decimal, "12.50", null)]
    [DataRow(DataType.Decimal, "1.", " (a number such as 12.50, with digits on both sides of the '.')")]
    [DataRow(DataType.Decimal, "1,000", " (a number such as 12.50, with '.' and no thousands separator)")]
    public void A_default_value_is_checked_against_its_data_type(DataType type, string value, string? problem)
    {
        var parameter = new ParameterDefinition { DataType = type };

        Assert.AreEqual(problem, DefaultValueRules.DefaultValueProblem(parameter, value));
    }

    [TestMethod]
    [DataRow("123.45", null)]
    [DataRow("1.234", " (it has more than 2 decimals)")]
    [DataRow("1234.5", " (it does not fit in 5 digits with 2 decimals)")]
    public void A_decimal_default_of_an_attribute_fits_its_Length_and_Decimals(string value, string? problem)
    {
        var attribute = new AttributeDefinition { DataType = DataType.Decimal, Length = 5, Decimals = 2 };

        Assert.AreEqual(problem, DefaultValueRules.DefaultValueProblem(attribute, value));
    }

    [TestMethod]
    public void A_text_default_of_an_attribute_fits_its_Length()
    {
        var attribute = new AttributeDefinition { DataType = DataType.Text, Length = 3 };

        Assert.IsNull(DefaultValueRules.DefaultValueProblem(attribute, "abc"));
        Assert.AreEqual(" (it is longer than Length 3)", DefaultValueRules.DefaultValueProblem(attribute, "abcd"));
    }

    [TestMethod]
    [DataRow("images/logo.png", null)]
    [DataRow(@"images\logo.png", null)]
    [DataRow("/etc/passwd", "it is absolute")]
    [DataRow("C:/logo.png", "it is absolute")]
    [DataRow("../logo.png", "it goes up with '..'")]
    [DataRow("images//logo.png", "it has an empty segment (a doubled or trailing '/')")]
    [DataRow("images/*.png", "it contains a character not allowed in a path")]
    public void A_resource_path_stays_a_plain_relative_path(string path, string? problem)
    {
        Assert.AreEqual(problem, ResourceRules.ResourcePathProblem(path));
    }

    [TestMethod]
    public void A_resource_resolves_under_the_base_folder_only_when_its_path_is_plain()
    {
        var baseDirectory = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "ocp-base"));

        Assert.AreEqual(Path.Combine(baseDirectory, "images", "logo.png"), ResourceRules.ResolveOnDisk(@"images\logo.png", baseDirectory));
        Assert.IsNull(ResourceRules.ResolveOnDisk("../logo.png", baseDirectory));
    }

    [TestMethod]
    [DataRow("Shop.Orders", null)]
    [DataRow("", "it is empty (leave the attribute out to use the extension's name)")]
    [DataRow("Shop..Orders", "it has an empty part")]
    [DataRow("Shop.class", "'class' is a C# keyword")]
    [DataRow("Shop.@Orders", "'@Orders' is not an identifier")]
    [DataRow("Shop.Grüße", "'Grüße' is not an identifier")]
    public void A_namespace_is_dotted_ASCII_identifiers_that_are_not_keywords(string ns, string? problem)
    {
        Assert.AreEqual(problem, NameRules.NamespaceProblem(ns));
    }
}
