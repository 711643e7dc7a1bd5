using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// Turns a code the server sent into a descriptor: the catalogue's own when the code is declared
/// in one of this assembly's diagnostic catalogues (so titles and help match), otherwise one made
/// on the fly. Either way the server's severity and details win, since the server knows the case.
/// </summary>
internal static class ServerDescriptors
{
    private static readonly Lazy<FrozenDictionary<string, DiagnosticDescriptor>> Known = new(LoadCatalogues);

    private static readonly ConcurrentDictionary<(string, DiagnosticSeverity), DiagnosticDescriptor> Unknown = new();

    public static DiagnosticDescriptor For(string code, DiagnosticSeverity severity, string? details)
    {
        var descriptor = Known.Value.TryGetValue(code, out var known)
            ? (known.Severity == severity ? known : known with { Severity = severity })
            : Unknown.GetOrAdd((code, severity), static key => new DiagnosticDescriptor(key.Item1, key.Item2, key.Item1, "{0}", string.Empty));
        return string.IsNullOrEmpty(details) ? descriptor : descriptor with { Details = details };
    }

    private static FrozenDictionary<string, DiagnosticDescriptor> LoadCatalogues()
    {
        var found = new Dictionary<string, DiagnosticDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(DiagnosticDescriptor).Assembly.GetTypes())
        {
            if (type.Namespace != typeof(DiagnosticDescriptor).Namespace || !type.IsAbstract || !type.IsSealed)
            {
                continue; // catalogues are static classes in OneClickPublish.Diagnostics
            }

            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.FieldType == typeof(DiagnosticDescriptor) && field.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    found.TryAdd(descriptor.Code, descriptor);
                }
            }
        }

        return found.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
