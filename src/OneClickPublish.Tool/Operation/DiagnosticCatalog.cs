using System.Reflection;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tool.Operation;

/// <summary>
/// Every descriptor of every area's catalogue in OneClickPublish.Core, by code: the details pane
/// shows the title and details text of a line whose event carried only the code and message.
/// </summary>
internal static class DiagnosticCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, DiagnosticDescriptor>> Descriptors = new(Load);

    public static DiagnosticDescriptor? Find(string? code) =>
        code is not null && Descriptors.Value.TryGetValue(code, out var descriptor) ? descriptor : null;

    public static IReadOnlyDictionary<string, DiagnosticDescriptor> All => Descriptors.Value;

    private static Dictionary<string, DiagnosticDescriptor> Load()
    {
        var found = new Dictionary<string, DiagnosticDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(DiagnosticDescriptor).Assembly.GetExportedTypes())
        {
            if (!type.IsAbstract || !type.IsSealed)
            {
                continue; // catalogues are static classes
            }

            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.FieldType == typeof(DiagnosticDescriptor) && field.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    found.TryAdd(descriptor.Code, descriptor);
                }
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Static))
            {
                if (property.PropertyType == typeof(DiagnosticDescriptor) && property.GetIndexParameters().Length == 0 && property.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    found.TryAdd(descriptor.Code, descriptor);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Where the help page of a code is: the page shipped next to the tool when it is there,
    /// else the event's own help link, else the page's path in the repository.
    /// </summary>
    public static string? HelpFor(string? code, string? helpLink)
    {
        if (code is not null && code.StartsWith("OCP", StringComparison.Ordinal))
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "docs", "diagnostics", code + ".md");
            if (File.Exists(shipped))
            {
                return shipped;
            }
        }

        return helpLink ?? (code is not null && code.StartsWith("OCP", StringComparison.Ordinal) ? DiagnosticHelp.LinkFor(code, null, null) : null);
    }
}
