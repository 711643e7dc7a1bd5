using System.Reflection;

namespace OneClickPublish.Tool.Init;

/// <summary>The version this oneclick was built as: the package, the tool and the server share one version (Directory.Build.props).</summary>
internal static class ToolVersion
{
    public static string Current { get; } = Read(typeof(ToolVersion).Assembly);

    /// <summary>The informational version without the "+commit" the SDK appends.</summary>
    public static string Read(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
