using OneClickPublish.Definition;

namespace OneClickPublish.Verification;

/// <summary>
/// File names a deployed resource may not have, because the file would replace one of the host's own
/// (docs/diagnostics/OCP1094.md lists them; this is the one place they are decided). Checked by the verifier
/// for the definition's resources and by the server for every deployed entry of a XIF, which may be built by
/// hand: IIS applies a web.config in any folder, a host reads its *.deps.json, *.runtimeconfig.json and
/// appsettings files from the folder it loads, and the extension's own assembly is the one the build made.
/// </summary>
public static class ReservedResourceNames
{
    private static readonly string[] HostFiles = ["web.config", "app.config", "global.asax", "appsettings.json", "active.json"];

    private static readonly string[] HostFileSuffixes = [".deps.json", ".runtimeconfig.json", ".runtimeconfig.dev.json"];

    /// <summary>Why a resource deployed as <paramref name="action"/> may not be named <paramref name="fileName"/>; null when it may.</summary>
    /// <param name="extensionName">The extension's name: its assembly (<c>Name.dll</c>, <c>.pdb</c>) is the build's, never a resource's.</param>
    public static string? Problem(string fileName, DeployAction action, string? extensionName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (action == DeployAction.Ignore)
        {
            return null;
        }

        if (HostFiles.Any(name => string.Equals(fileName, name, StringComparison.OrdinalIgnoreCase)))
        {
            return string.Equals(fileName, "active.json", StringComparison.OrdinalIgnoreCase)
                ? "the server keeps the active version of each extension in a file of that name"
                : "it is a configuration file of the host, which a deployed copy would replace";
        }

        if (fileName.StartsWith("appsettings.", StringComparison.OrdinalIgnoreCase) && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return "it is a configuration file of the host, which a deployed copy would replace";
        }

        if (HostFileSuffixes.Any(suffix => fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
        {
            return "the host reads its dependencies and runtime settings from files named so";
        }

        if (action == DeployAction.Binaries && !string.IsNullOrEmpty(extensionName)
            && (string.Equals(fileName, extensionName + ".dll", StringComparison.OrdinalIgnoreCase)
                || string.Equals(fileName, extensionName + ".pdb", StringComparison.OrdinalIgnoreCase)))
        {
            return "it would replace the extension's own assembly, which the build makes";
        }

        return null;
    }
}
