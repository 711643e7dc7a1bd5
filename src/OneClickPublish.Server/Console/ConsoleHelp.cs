using System.Collections.Frozen;
using System.Reflection;
using System.Text.RegularExpressions;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Console;

/// <summary>
/// The help page of every code, from docs/diagnostics/ embedded in the server's assembly, rendered from
/// its Markdown (headings, paragraphs, lists, code) as encoded text: the console links each log line's
/// code to the page of the same version as the server that wrote it.
/// </summary>
internal static partial class ConsoleHelp
{
    private const string ResourcePrefix = "console-help/";

    private static readonly Lazy<FrozenDictionary<string, string>> Pages = new(Load);

    private static readonly Lazy<FrozenDictionary<string, DiagnosticDescriptor>> Descriptors = new(() =>
        typeof(DiagnosticDescriptor).Assembly.GetTypes()
            .SelectMany(static t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(static f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!)
            .GroupBy(static d => d.Code)
            .ToFrozenDictionary(static g => g.Key, static g => g.First(), StringComparer.Ordinal));

    public static string PageFor(string root, string code) => $"{root}/console/help/{Uri.EscapeDataString(code)}";

    public static bool IsCode(string code) => CodePattern().IsMatch(code);

    public static DiagnosticDescriptor? Descriptor(string code) => Descriptors.Value.GetValueOrDefault(code);

    public static string? Markdown(string code) => Pages.Value.GetValueOrDefault(code);

    /// <summary>The Markdown subset of our pages as HTML: every piece of text is encoded by <see cref="Html"/>.</summary>
    public static void Render(Html html, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var paragraph = new List<string>();
        var inList = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush(html, paragraph, ref inList);
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
                {
                    code.Add(lines[i]);
                }

                html.Open("pre").Element("code", string.Join('\n', code)).Close("pre");
                continue;
            }

            if (line.StartsWith('#'))
            {
                Flush(html, paragraph, ref inList);
                var level = Math.Min(line.TakeWhile(static c => c == '#').Count() + 1, 6);
                html.Open($"h{level}");
                Inline(html, line.TrimStart('#').Trim());
                html.Close($"h{level}");
            }
            else if (line.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                FlushParagraph(html, paragraph);
                if (!inList)
                {
                    html.Open("ul");
                    inList = true;
                }

                html.Open("li");
                Inline(html, line.TrimStart()[2..]);
                html.Close("li");
            }
            else if (line.Trim().Length == 0)
            {
                Flush(html, paragraph, ref inList);
            }
            else
            {
                paragraph.Add(line.Trim());
            }
        }

        Flush(html, paragraph, ref inList);
    }

    private static void Flush(Html html, List<string> paragraph, ref bool inList)
    {
        FlushParagraph(html, paragraph);
        if (inList)
        {
            html.Close("ul");
            inList = false;
        }
    }

    private static void FlushParagraph(Html html, List<string> paragraph)
    {
        if (paragraph.Count == 0)
        {
            return;
        }

        html.Open("p");
        Inline(html, string.Join(' ', paragraph));
        html.Close("p");
        paragraph.Clear();
    }

    /// <summary>`code` spans and [text](link) as text (links to other repository files mean nothing on the server), the rest as text.</summary>
    private static void Inline(Html html, string text)
    {
        var parts = text.Split('`');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                html.Element("code", parts[i]);
            }
            else
            {
                html.Text(LinkPattern().Replace(parts[i], "$1").Replace("**", string.Empty, StringComparison.Ordinal));
            }
        }
    }

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(ConsoleHelp).Assembly;
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(static n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            pages[Path.GetFileNameWithoutExtension(resource[ResourcePrefix.Length..])] = reader.ReadToEnd();
        }

        return pages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^OCP\d{4}\z")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();
}
