using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneClickPublish.Server.Tests.Infrastructure;
using OneClickPublish.Tests;

namespace OneClickPublish.Server.Tests;

/// <summary>/openapi/v1.json: anonymous, generated from the endpoints, and the same set of endpoints as docs/protocol.md.</summary>
[TestClass]
public sealed partial class OpenApiTests
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete", "head"];

    [TestMethod]
    public async Task Every_endpoint_of_protocol_md_is_in_the_document_and_the_other_way_round()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var anonymous = fixture.NewClient(key: null);
        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, "the document needs no key: " + text);
        using var document = JsonDocument.Parse(text);

        var inDocument = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(static o => Methods.Contains(o.Name)).Select(o => $"{o.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        var protocol = File.ReadAllText(Path.Combine(TestRepository.Root, "docs", "protocol.md"));
        var inProtocol = Endpoint().Matches(protocol).Select(static m => $"{m.Groups[1].Value} {m.Groups[2].Value}")
            .Where(static e => e != "GET /openapi/v1.json") // the document does not describe itself
            // The NuGet feed follows NuGet's V3 protocol, not ours: its contract is NuGet's pages (docs/feed.md), so it is
            // left out of our document on purpose, and protocol.md names its endpoints only to point there.
            .Where(static e => !e.Contains(" /nuget/", StringComparison.Ordinal))
            .ToHashSet();

        CollectionAssert.AreEquivalent(inProtocol.Order().ToList(), inDocument.Order().ToList(),
            $"in protocol.md only: {string.Join(", ", inProtocol.Except(inDocument))}; in the document only: {string.Join(", ", inDocument.Except(inProtocol))}");
        Assert.IsTrue(inDocument.Count >= 13, string.Join(", ", inDocument));
        Assert.IsFalse(inDocument.Any(static e => e.Contains(" /nuget/", StringComparison.Ordinal)), "the feed is NuGet's protocol, not in our document");
    }

    [TestMethod]
    public async Task Every_query_parameter_of_protocol_md_is_in_the_document_and_the_other_way_round()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var document = await fixture.GetJsonAsync("/openapi/v1.json");
        var inDocument = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(static o => Methods.Contains(o.Name))
                .SelectMany(o => o.Value.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : Enumerable.Empty<JsonElement>(),
                    (o, p) => (Endpoint: $"{o.Name.ToUpperInvariant()} {path.Name}", Parameter: p))
                .Where(static x => x.Parameter.GetProperty("in").GetString() == "query")
                .Select(static x => $"{x.Endpoint} ?{x.Parameter.GetProperty("name").GetString()}"))
            .ToHashSet();
        // Each query parameter is named with its endpoint somewhere in the page: `GET /path?after={sequence}&wait={seconds}`.
        var protocol = File.ReadAllText(Path.Combine(TestRepository.Root, "docs", "protocol.md"));
        var inProtocol = Endpoint().Matches(protocol).Where(static m => m.Groups[3].Success)
            .SelectMany(static m => m.Groups[3].Value.Split('&').Select(p => $"{m.Groups[1].Value} {m.Groups[2].Value} ?{p.Split('=')[0]}"))
            .ToHashSet();

        CollectionAssert.AreEquivalent(inProtocol.Order().ToList(), inDocument.Order().ToList(),
            $"in protocol.md only: {string.Join(", ", inProtocol.Except(inDocument))}; in the document only: {string.Join(", ", inDocument.Except(inProtocol))}");
        Assert.IsTrue(inDocument.Contains("GET /api/v1/operations/{operationId}/log ?wait"), string.Join(", ", inDocument));
        var wait = document.GetProperty("paths").GetProperty("/api/v1/operations/{operationId}").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(static p => p.GetProperty("name").GetString() == "wait").GetProperty("schema");
        Assert.AreEqual("integer", wait.GetProperty("type").GetString(), wait.GetRawText());
        Assert.AreEqual(60, wait.GetProperty("maximum").GetInt32(), wait.GetRawText());
    }

    [TestMethod]
    public async Task The_document_describes_bodies_answers_and_problems_with_the_core_wire_types()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var document = await fixture.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        var publish = paths.GetProperty("/api/v1/publish").GetProperty("post");
        // Request bodies are documented inline (their schema from the Core type), answers by reference.
        StringAssert.Contains(publish.GetProperty("requestBody").GetRawText(), "\"uploadId\"");
        StringAssert.Contains(paths.GetProperty("/api/v1/uploads").GetProperty("post").GetProperty("requestBody").GetRawText(), "\"sha256\"");
        StringAssert.Contains(publish.GetProperty("responses").GetProperty("202").GetRawText(), "PublishAccepted");
        StringAssert.Contains(publish.GetProperty("responses").GetProperty("409").GetRawText(), "application/problem+json");
        StringAssert.Contains(paths.GetProperty("/api/v1/operations/{operationId}").GetProperty("get").GetProperty("responses").GetProperty("200").GetRawText(), "OperationStatus");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var type in new[] { "UploadState", "OperationStatus", "LogLineBody", "ExtensionInfo", "ExtensionHistoryEntry", "HealthInfo" })
        {
            Assert.IsTrue(schemas.TryGetProperty(type, out _), $"{type} is a schema of the document");
        }

        Assert.IsTrue(schemas.GetProperty("UploadState").GetProperty("properties").TryGetProperty("uploadId", out _), "camelCase, as on the wire");

        // The headers the upload's PATCH reads are parameters of it: the offset always, the SHA-256 on the last one.
        var headers = paths.GetProperty("/api/v1/uploads/{uploadId}").GetProperty("patch").GetProperty("parameters").EnumerateArray()
            .Where(static p => p.GetProperty("in").GetString() == "header")
            .ToDictionary(static p => p.GetProperty("name").GetString()!, static p => p.TryGetProperty("required", out var required) && required.GetBoolean()); // left out when false
        CollectionAssert.AreEquivalent(new[] { "Upload-Offset", "Upload-SHA256" }, headers.Keys.ToList());
        Assert.IsTrue(headers["Upload-Offset"]);
        Assert.IsFalse(headers["Upload-SHA256"]);
    }

    [TestMethod]
    public async Task Every_upload_header_of_the_document_is_in_protocol_md()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var document = await fixture.GetJsonAsync("/openapi/v1.json");
        var protocol = File.ReadAllText(Path.Combine(TestRepository.Root, "docs", "protocol.md"));
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(static path => path.Value.EnumerateObject().Where(static o => Methods.Contains(o.Name)))
            .SelectMany(static o => o.Value.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(static p => p.GetProperty("in").GetString() == "header")
            .Select(static p => p.GetProperty("name").GetString()!)
            .Distinct()
            .ToList();

        Assert.IsTrue(documented.Count > 0);
        foreach (var header in documented)
        {
            StringAssert.Contains(protocol, $"`{header}:", $"protocol.md names the header {header} as it is sent");
        }
    }

    [GeneratedRegex(@"`(GET|POST|PUT|PATCH|DELETE|HEAD) (/[^`\s?]*)(?:\?([^`\s]+))?")]
    private static partial Regex Endpoint();
}
