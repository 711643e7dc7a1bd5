using System.Net;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// One extension's pages against a real server: a version's definition rendered readably with its
/// files, the comparison of two versions, and each refusal with the code the API answers with in the
/// same case (a bad name or version, a key not granted the extension, an unknown one, a stored
/// definition that cannot be read).
/// </summary>
[TestClass]
public sealed class ConsoleVersionPageTests
{
    private const string RichDefinition = """
        <?xml version="1.0" encoding="utf-8"?>
        <Extension xmlns="urn:oneclickpublish:extension:v1" Name="Rich" Version="1.0.0" Namespace="Rich" Description="A test extension.">
          <Actions>
            <Action Name="SayHello" Key="act-sayhello" Description="Builds a greeting.">
              <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who to greet." />
              <Output Name="Greeting" DataType="Text" />
            </Action>
            <Action Name="Describe" Key="act-describe" Function="true" Description="Describes a person in one line.">
              <Input Name="Who" DataType="Record" RecordType="Person" Mandatory="true" Description="The person." />
              <Output Name="Text" DataType="Text" Description="One line about the person." />
            </Action>
            <Action Name="Ping" Key="act-ping" />
          </Actions>
          <Structures>
            <Structure Name="Person" Key="str-person" Description="A person to greet.">
              <Attribute Name="Name" DataType="Text" Mandatory="true" Length="100" Description="Full name." />
              <Attribute Name="BirthDate" DataType="Date" />
            </Structure>
          </Structures>
          <Entities>
            <Entity Name="Customer" TableName="RICH_CUSTOMER" Key="ent-customer">
              <Attribute Name="Id" DataType="Long Integer" Identifier="true" AutoNumber="true" Mandatory="true" Description="Identifier." />
            </Entity>
          </Entities>
          <Resources>
            <Resource Path="Resources/icon.png" DeployAction="Images" Description="The icon." />
          </Resources>
        </Extension>
        """;

    [TestMethod]
    public async Task A_version_page_shows_functions_records_entities_resources_and_the_version_s_files()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var rich = new TestXif("Rich", "1.0.0", RichDefinition)
            .Add("bin/Rich.dll", new byte[] { 1, 2, 3 })
            .Add("Resources/icon.png", new byte[2048], deployAction: "Images");
        var published = await fixture.PublishAsync(rich.Build());
        Assert.AreEqual("succeeded", published.State, published.ToString());
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var page = await browser.GetStringAsync("/console/extensions/rich/versions/1.0.0");

        StringAssert.Contains(page, "<h1>Rich 1.0.0</h1>", "the name as published, whatever the URL's case");
        StringAssert.Contains(page, "<p class=\"description\">A test extension.</p>");
        StringAssert.Contains(page, "<h2>Actions (3)</h2>");
        StringAssert.Contains(page, "<h3>Describe <span class=\"badge\">function</span></h3>");
        StringAssert.Contains(page, "<td>Who</td><td>Input</td><td>Record of Person</td><td>yes</td><td>The person.</td>");
        StringAssert.Contains(page, "<td>Greeting</td><td>Output</td><td>Text</td><td>no</td><td></td>");
        StringAssert.Contains(page, "<section class=\"element action\" aria-label=\"Action Ping\"><h3>Ping</h3></section>", "no description, no parameters: no table");
        StringAssert.Contains(page, "<h2>Structures (1)</h2>");
        StringAssert.Contains(page, "<td>Name</td><td>Text (100)</td><td>yes</td><td>Full name.</td>");
        StringAssert.Contains(page, "<td>BirthDate</td><td>Date</td><td>no</td><td></td>");
        StringAssert.Contains(page, "<h2>Entities (1)</h2>");
        StringAssert.Contains(page, "<td>Id</td><td>Long Integer, identifier</td>");
        StringAssert.Contains(page, "<h2>Resources (1)</h2>");
        StringAssert.Contains(page, "<li><code>Resources/icon.png</code> — Images</li>");
        StringAssert.Contains(page, "<td>bin/Rich.dll</td><td>3 B</td>");
        StringAssert.Contains(page, "<td>Resources/icon.png</td><td>2 KiB</td>");
        StringAssert.Contains(page, "download=\"Rich.1.0.0.xif\"");

        // A definition with actions only shows no empty sections.
        var plain = new TestXif("Plain", "1.0.0", Definitions.Simple("Plain", "1.0.0", structures: string.Empty).Replace(" Description=\"A test extension.\"", string.Empty, StringComparison.Ordinal));
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(plain.Build())).State);
        var plainPage = await browser.GetStringAsync("/console/extensions/Plain/versions/1.0.0");
        StringAssert.Contains(plainPage, "<h2>Actions (1)</h2>");
        foreach (var absent in new[] { "Structures (", "Entities (", "Resources (", "<p class=\"description\">A test" })
        {
            Assert.IsFalse(plainPage.Contains(absent, StringComparison.Ordinal), absent);
        }
    }

    [TestMethod]
    public async Task The_extension_s_pages_refuse_a_bad_name_or_version_a_key_not_granted_and_what_is_unknown_with_the_api_s_codes()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Billing", "1.0.0").Build())).State);
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory);
        var geo = (await keys.CreateAsync("geo", ApiKeyScope.Read, ["Geo*"])).Key;
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(geo);

        var cases = new (string Path, HttpStatusCode Status, string Code)[]
        {
            ("/console/extensions/9bad", HttpStatusCode.BadRequest, "OCP5105"),
            ("/console/extensions/9bad/versions/1.0.0", HttpStatusCode.BadRequest, "OCP5105"),
            ("/console/extensions/9bad/compare?from=1.0.0&to=1.0.0", HttpStatusCode.BadRequest, "OCP5105"),
            ("/console/extensions/Billing", HttpStatusCode.Forbidden, "OCP5242"),
            ("/console/extensions/Billing/versions/1.0.0", HttpStatusCode.Forbidden, "OCP5242"),
            ("/console/extensions/Billing/compare?from=1.0.0&to=1.0.0", HttpStatusCode.Forbidden, "OCP5242"),
            ("/console/extensions/GeoMaps", HttpStatusCode.NotFound, "OCP5113"),
            ("/console/extensions/GeoMaps/versions/1.0.0", HttpStatusCode.NotFound, "OCP5113"),
        };
        foreach (var (path, status, code) in cases)
        {
            var page = await browser.GetStringAsync(path, status);
            StringAssert.Contains(page, $">{code}</a>", path);
            StringAssert.Contains(page, "role=\"alert\"", path);
            StringAssert.Contains(page, ">Back to the extensions</a>", path);
        }

        var admin = new ConsoleBrowser(fixture);
        await admin.SignInAsync(fixture.Key);
        var badVersion = await admin.GetStringAsync("/console/extensions/Billing/versions/one", HttpStatusCode.BadRequest);
        StringAssert.Contains(badVersion, "&#x27;one&#x27; is not a SemVer 2.0 version");
        StringAssert.Contains(await admin.GetStringAsync("/console/extensions/Billing/versions/9.0.0", HttpStatusCode.NotFound), ">OCP5114</a>");
        StringAssert.Contains(await admin.GetStringAsync("/console/extensions/Billing/compare?to=1.0.0", HttpStatusCode.BadRequest), "&#x27;(none)&#x27; is not a SemVer");
        StringAssert.Contains(await admin.GetStringAsync("/console/extensions/Billing/compare?from=1.0.0&to=x", HttpStatusCode.BadRequest), ">OCP5106</a>");
        StringAssert.Contains(await admin.GetStringAsync("/console/extensions/Billing/compare?from=1.0.0&to=3.0.0", HttpStatusCode.NotFound), ">OCP5114</a>");

        var anonymous = new ConsoleBrowser(fixture);
        foreach (var path in new[] { "/console/extensions/Billing", "/console/extensions/Billing/versions/1.0.0", "/console/extensions/Billing/compare?from=1.0.0&to=1.0.0", "/console/publish", "/console/keys", "/console/server" })
        {
            using var redirected = await anonymous.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.Redirect, redirected.StatusCode, path);
            Assert.AreEqual("/console/signin?returnUrl=" + Uri.EscapeDataString(path), redirected.Headers.Location?.OriginalString);
        }
    }

    [TestMethod]
    public async Task A_stored_definition_that_cannot_be_read_is_said_so_and_cannot_be_compared()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Broken", "1.0.0").Build())).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Broken", "1.1.0").Build())).State);
        // Data the server would not write: a definition damaged in the database by hand.
        fixture.Execute("UPDATE versions SET definition = '<Extension' WHERE version = '1.0.0'");
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var page = await browser.GetStringAsync("/console/extensions/Broken/versions/1.0.0");
        StringAssert.Contains(page, "<p class=\"msg error\">The stored definition could not be read.</p>");
        StringAssert.Contains(page, "<h2>Files</h2>", "the files are listed all the same");

        var compare = await browser.GetStringAsync("/console/extensions/Broken/compare?from=1.0.0&to=1.1.0", HttpStatusCode.Conflict);
        StringAssert.Contains(compare, ">OCP5122</a>");
        StringAssert.Contains(compare, "the stored definition of 1.0.0");
    }

    [TestMethod]
    public async Task Comparing_a_version_with_itself_or_with_an_addition_reports_what_a_publish_would()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Grow", "1.0.0").Build())).State);
        var added = Definitions.DefaultActions + """
                <Action Name="Wave" Description="Waves."><Output Name="Done" DataType="Boolean" Description="Done." /></Action>
            """;
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Grow", "1.0.1", Definitions.Simple("Grow", "1.0.1", added)).Build())).State);
        var browser = new ConsoleBrowser(fixture);
        await browser.SignInAsync(fixture.Key);

        var same = await browser.GetStringAsync("/console/extensions/Grow/compare?from=1.0.0&to=1.0.0");
        StringAssert.Contains(same, "<dd>none to actions, structures or entities</dd>");
        StringAssert.Contains(same, "<dd>None</dd>");
        StringAssert.Contains(same, "Needed a major bump</dt><dd>no</dd>");
        StringAssert.Contains(same, "Nothing: the version moved enough for these changes.");
        Assert.IsFalse(same.Contains("id=\"changes\"", StringComparison.Ordinal));

        var grown = await browser.GetStringAsync("/console/extensions/Grow/compare?from=1.0.0&to=1.0.1");
        StringAssert.Contains(grown, "<dd>0 breaking, 1 addition(s) or rename(s)</dd>");
        StringAssert.Contains(grown, "<tr class=\"addition\"><td>Action Wave</td>");
        StringAssert.Contains(grown, "<td>minor</td>");
        StringAssert.Contains(grown, "<li class=\"msg warning\"><span class=\"visually-hidden\">warning</span> <a href=\"/console/help/OCP5112\" class=\"code\">OCP5112</a>");

        // The extension's page offers the comparison, and a publish key a rollback to the version not active.
        var extension = await browser.GetStringAsync("/console/extensions/Grow");
        StringAssert.Contains(extension, "<option value=\"1.0.0\" selected>1.0.0</option>");
        StringAssert.Contains(extension, "<button type=\"button\" class=\"rollback\" data-version=\"1.0.0\" aria-label=\"Roll back to 1.0.0\">Roll back</button>");
        Assert.IsFalse(extension.Contains("data-version=\"1.0.1\" aria-label=\"Roll back", StringComparison.Ordinal), "the active version is not offered");
        StringAssert.Contains(extension, "<h2>Publishes</h2>");

        // Operations are kept for a while only (Server:Retention:OperationMaxAge): without any, no empty table.
        fixture.Execute("DELETE FROM operation_log");
        fixture.Execute("DELETE FROM operations");
        var forgotten = await browser.GetStringAsync("/console/extensions/Grow");
        Assert.IsFalse(forgotten.Contains("<h2>Publishes</h2>", StringComparison.Ordinal));
        StringAssert.Contains(forgotten, "<h2>History</h2>");
    }
}
