namespace OneClickPublish.Tool.Init;

/// <summary>A file to write: its new text, its text before (null when it is new), and what the change is, for the user.</summary>
internal sealed record FileChange(string Path, string? Before, string After, string Description);

/// <summary>
/// How a project comes to reference the OneClickPublish package: a PackageReference with the
/// version, or, under central package management, a PackageReference without one plus a
/// PackageVersion in Directory.Packages.props. A reference the project already has is left as it is.
/// </summary>
internal sealed record PackageReferencePlan(IReadOnlyList<FileChange> Changes, string? ReferencedVersion, string? AlreadyReferenced)
{
    public const string PackageId = "OneClickPublish";

    public static PackageReferencePlan For(string projectFile, MsBuildFile project, MsBuildLayout layout, string version)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(layout);
        var projectName = Path.GetFileName(projectFile);
        var existing = Find(project, "PackageReference");
        var central = layout.CentralPackageVersions(project);
        var centralVersion = central && layout.PackagesProps is { } packagesProps ? Find(packagesProps.File, "PackageVersion") : null;

        if (existing is not null)
        {
            var referenced = existing.Version ?? centralVersion?.Version;
            return new PackageReferencePlan([], Literal(referenced), $"{projectName} already references {PackageId}{(referenced is null ? string.Empty : " " + referenced)}: left as it is");
        }

        var changes = new List<FileChange>();
        string? referencedVersion = version;
        if (central)
        {
            var props = layout.PackagesProps!;
            if (centralVersion is null)
            {
                changes.Add(new FileChange(props.Path, props.File.Text,
                    props.File.AddItem("PackageVersion", $"<PackageVersion Include=\"{PackageId}\" Version=\"{version}\" />"),
                    $"Added {PackageId} {version} to {Path.GetFileName(props.Path)} (central package versions)"));
            }
            else
            {
                referencedVersion = Literal(centralVersion.Version);
            }

            changes.Add(new FileChange(projectFile, project.Text,
                project.AddItem("PackageReference", $"<PackageReference Include=\"{PackageId}\" PrivateAssets=\"all\" />"),
                $"Added the package reference {PackageId} to {projectName} (its version is in {Path.GetFileName(props.Path)})"));
        }
        else
        {
            changes.Add(new FileChange(projectFile, project.Text,
                project.AddItem("PackageReference", $"<PackageReference Include=\"{PackageId}\" Version=\"{version}\" PrivateAssets=\"all\" />"),
                $"Added the package reference {PackageId} {version} to {projectName}"));
        }

        return new PackageReferencePlan(changes, referencedVersion, null);
    }

    private static MsBuildItem? Find(MsBuildFile file, string itemType) =>
        file.Items.FirstOrDefault(i => i.ItemType == itemType && string.Equals(i.Include?.Trim(), PackageId, StringComparison.OrdinalIgnoreCase));

    /// <summary>A version written out (not a property or a range), or null.</summary>
    private static string? Literal(string? version) =>
        version is not null && !version.Contains('$', StringComparison.Ordinal) && !version.Contains('[', StringComparison.Ordinal) && !version.Contains('(', StringComparison.Ordinal)
            ? version.Trim()
            : null;
}

/// <summary>An MSBuild file read from disk.</summary>
internal sealed record MsBuildFileOnDisk(string Path, MsBuildFile File);

/// <summary>
/// The files MSBuild imports around a project that decide how a package is referenced: the
/// nearest Directory.Build.props and Directory.Packages.props above it (the SDK's own lookup).
/// </summary>
internal sealed record MsBuildLayout(MsBuildFileOnDisk? BuildProps, MsBuildFileOnDisk? PackagesProps)
{
    /// <summary>
    /// Whether central package management is on: the last literal ManagePackageVersionsCentrally in
    /// MSBuild's import order (Directory.Build.props, Directory.Packages.props, the project).
    /// Conditions and values from elsewhere are not evaluated.
    /// </summary>
    public bool CentralPackageVersions(MsBuildFile project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var value = false;
        foreach (var file in new[] { BuildProps?.File, PackagesProps?.File, project })
        {
            if (file?.Property("ManagePackageVersionsCentrally") is { } text && bool.TryParse(text, out var parsed))
            {
                value = parsed;
            }
        }

        return value && PackagesProps is not null;
    }

    /// <summary>A literal property of the project, else of Directory.Build.props (the project's own wins).</summary>
    public string? Property(MsBuildFile project, string name) =>
        project.Property(name) ?? BuildProps?.File.Property(name);

    public static string? FindAbove(string directory, string fileName)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, fileName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
