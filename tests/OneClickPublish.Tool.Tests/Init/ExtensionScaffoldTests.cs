using System.Xml;
using System.Xml.Schema;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Init;
using OneClickPublish.Verification;

namespace OneClickPublish.Tool.Tests.Init;

[TestClass]
public sealed class ExtensionScaffoldTests
{
    [TestMethod]
    [DataRow("Geo", "Geo")]
    [DataRow("Acme.Geo", "Acme.Geo")]
    [DataRow("My_Ext2", "My_Ext2")]
    public void The_definition_verifies_without_errors_or_warnings(string name, string ns)
    {
        var text = ExtensionScaffold.Definition(new ExtensionIdentity(name.Replace(".", string.Empty, StringComparison.Ordinal), ns, "1.0.0"));
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(text, "/src/extension.xml", diagnostics);
        Assert.IsNotNull(definition);
        DefinitionVerifier.Verify(definition, diagnostics);

        Assert.AreEqual(0, diagnostics.Count, string.Join(Environment.NewLine, diagnostics));
        var action = definition.Actions.Single();
        Assert.AreEqual(ExtensionScaffold.ExampleAction, action.Name);
        CollectionAssert.AreEqual(new[] { ParameterDirection.Input, ParameterDirection.Output }, action.Parameters.Select(p => p.Direction).ToArray());
        Assert.AreEqual(ns, definition.Namespace);
        Assert.AreEqual("1.0.0", definition.VersionText);
    }

    [TestMethod]
    public void The_definition_is_valid_against_the_schema_it_names()
    {
        var text = ExtensionScaffold.Definition(new ExtensionIdentity("Geo", "Geo", "2.1.0-beta.1"));
        var errors = new List<string>();
        var settings = DefinitionReader.CreateSafeSettings();
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = DefinitionSchema.Load();
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);

        using (var reader = XmlReader.Create(new StringReader(text), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.AreEqual(0, errors.Count, string.Join(Environment.NewLine, errors));
        StringAssert.Contains(text, "xsi:schemaLocation=\"urn:oneclickpublish:extension:v1 extension.xsd\"");
    }

    [TestMethod]
    [DataRow("Geo", "Geo")]
    [DataRow("geo_tools", "geo_tools")]
    [DataRow("Acme.Geo", "AcmeGeo")]
    [DataRow("acme.geo-tools", "AcmeGeoTools")]
    [DataRow("3d-maps", "Extension3dMaps")]
    [DataRow("class", "Class")]
    [DataRow("---", null)]
    public void A_project_name_becomes_a_valid_extension_name(string projectName, string? expected)
    {
        Assert.AreEqual(expected, ExtensionScaffold.NameFromProject(projectName));
    }

    [TestMethod]
    public void A_long_project_name_is_cut_to_the_longest_name_allowed()
    {
        var name = ExtensionScaffold.NameFromProject("Very." + new string('x', 80));

        Assert.AreEqual(DefinitionVerifier.MaxNameLength, name!.Length);
        Assert.IsNull(ExtensionScaffold.NameProblem(name));
    }

    [TestMethod]
    [DataRow("Geo", null)]
    [DataRow("3D", "it must start with an ASCII letter and hold only letters, digits and '_'")]
    [DataRow("Géo", "it must start with an ASCII letter and hold only letters, digits and '_'")]
    [DataRow("namespace", "it is a C# keyword")]
    public void Names_follow_the_definition_s_rules(string name, string? problem)
    {
        Assert.AreEqual(problem, ExtensionScaffold.NameProblem(name));
    }

    [TestMethod]
    [DataRow("Acme.Geo", true)]
    [DataRow("_Acme.Geo2", true)]
    [DataRow("Acme..Geo", false)]
    [DataRow("Acme.class", false)]
    [DataRow("Acme-Geo", false)]
    public void Namespaces_follow_the_verifier_s_rules(string ns, bool valid)
    {
        Assert.AreEqual(valid, ExtensionScaffold.IsValidNamespace(ns));
    }
}
