using OneClickPublish.Diagnostics;
using OneClickPublish.Tests;

namespace OneClickPublish.Core.Tests.Definition;

/// <summary>Paths of the repository's files and a small definition template for the definition tests.</summary>
internal static class DefinitionTestFiles
{
    public static string RepositoryRoot { get; } = TestRepository.Root;

    public static string SampleDirectory => Path.Combine(RepositoryRoot, "samples", "HelloExtension");

    public static string SamplePath => Path.Combine(SampleDirectory, "extension.xml");

    public const string DefaultExtensionAttributes = "Name=\"Shop\" Version=\"1.0.0\" Description=\"A shop.\"";

    /// <summary>A whole definition around <paramref name="body"/> (sections), in the format's namespace.</summary>
    public static string Xml(string body, string? extensionAttributes = null) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Extension xmlns="urn:oneclickpublish:extension:v1" {extensionAttributes ?? DefaultExtensionAttributes}>
        {body}
        </Extension>
        """;

    public static string Codes(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(", ", diagnostics.Select(static d => d.ToString()));
}
