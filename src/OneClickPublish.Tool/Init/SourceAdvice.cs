using NuGet.Versioning;

namespace OneClickPublish.Tool.Init;

/// <summary>
/// What to tell a user whose NuGet sources lack the package: the exact <c>dotnet nuget add source</c>
/// command, naming a folder that holds the package when the tool knows one, the config file the
/// project restores with, and a source name not taken yet; plus the mapping line when package
/// source mapping is on (the CLI cannot add one).
/// </summary>
internal static class SourceAdvice
{
    public const string SourceName = "OneClickPublish";

    /// <summary>The folder of an installed tool that holds the task package of the tool's own version (packed into the tool package).</summary>
    public const string ShippedPackagesFolder = "packages";

    /// <summary>
    /// Folders the tool knows to hold packed packages: the <c>packages/</c> folder an installed tool carries
    /// (the task package of its own version, put there when the tool is packed), then the repository's
    /// <c>nuget/</c> folder when the tool runs from a clone (where <c>dotnet pack</c> puts the package,
    /// README), found by walking up from the tool's own folder to the one holding OneClickPublish.sln.
    /// </summary>
    public static IEnumerable<string> KnownFolders(string toolDirectory)
    {
        var shipped = Path.Combine(toolDirectory, ShippedPackagesFolder);
        if (Directory.Exists(shipped))
        {
            yield return shipped;
        }

        for (var dir = new DirectoryInfo(toolDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneClickPublish.sln")) && Directory.Exists(Path.Combine(dir.FullName, "nuget")))
            {
                yield return Path.Combine(dir.FullName, "nuget");
                yield break;
            }
        }
    }

    /// <summary>The first of <paramref name="folders"/> holding <c>{id}.{version}.nupkg</c> (NuGet's file name, any case), or null.</summary>
    public static string? FolderHolding(IEnumerable<string> folders, string packageId, NuGetVersion version)
    {
        var fileName = PackageFileName(packageId, version);
        return folders.FirstOrDefault(folder =>
            Directory.Exists(folder)
            && Directory.EnumerateFiles(folder, "*.nupkg").Any(f => string.Equals(Path.GetFileName(f), fileName, StringComparison.OrdinalIgnoreCase)));
    }

    public static string PackageFileName(string packageId, NuGetVersion version) => $"{packageId}.{version.ToNormalizedString()}.nupkg";

    /// <summary>A source name the configuration does not use yet.</summary>
    public static string FreeSourceName(IReadOnlyCollection<string> taken)
    {
        var name = SourceName;
        for (var n = 2; taken.Contains(name, StringComparer.OrdinalIgnoreCase); n++)
        {
            name = $"{SourceName}-{n}";
        }

        return name;
    }

    /// <summary>The lines to print: the command first, then what else to do.</summary>
    public static IReadOnlyList<string> Lines(PackageAvailability availability, string? folder, string packageId, NuGetVersion version)
    {
        ArgumentNullException.ThrowIfNull(availability);
        var name = FreeSourceName(availability.SourceNames);
        var fileName = PackageFileName(packageId, version);
        var lines = new List<string>
        {
            availability.ConfigFileIsUsers
                ? $"Add a folder that holds {fileName} as a NuGet source (in your user NuGet.config: the project has none of its own), then build:"
                : $"Add a folder that holds {fileName} as a NuGet source of the project, then build:",
            $"  dotnet nuget add source {Quote(folder ?? $"<folder holding {fileName}>")} --name {name} --configfile {Quote(availability.ConfigFileForNewSource)}",
        };
        if (folder is null)
        {
            lines.Add($"(No folder with {fileName} is known to this oneclick. In a clone of OneClickPublish, 'dotnet pack src/OneClickPublish.Tasks -c Release' puts it in the clone's nuget/ folder.)");
        }

        if (availability.MappingEnabled)
        {
            lines.Add($"Package source mapping is on: also map {packageId} to the new source, inside <packageSourceMapping> of {availability.ConfigFileForNewSource}:");
            lines.Add($"  <packageSource key=\"{name}\"><package pattern=\"{packageId}\" /></packageSource>");
        }

        return lines;
    }

    /// <summary>Quotes a command-line argument when a shell would split or expand it.</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(static c => char.IsAsciiLetterOrDigit(c) || "/\\._-+:@,=~".Contains(c, StringComparison.Ordinal))
            ? argument
            : $"\"{argument}\"";
}
