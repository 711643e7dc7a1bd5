namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// A folder of a user's own, outside any repository of ours, where new extensions are made: its
/// NuGet.config takes OneClickPublish from the private feed (or from nowhere), and empty
/// Directory.* files keep anything above it from being imported.
/// </summary>
internal sealed class UserFolder
{
    private UserFolder(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string NuGetConfig => System.IO.Path.Combine(Path, "NuGet.config");

    /// <summary>A folder whose NuGet sources have the packed package (and nuget.org for everything else).</summary>
    public static UserFolder WithPackage(string name) => Create(name, $"""
        <add key="e2e" value="{PackedPackage.Feed}" />
        <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
        """, """
        <packageSourceMapping>
          <packageSource key="nuget.org"><package pattern="*" /></packageSource>
          <packageSource key="e2e"><package pattern="OneClickPublish" /><package pattern="OneClickPublish.*" /></packageSource>
        </packageSourceMapping>
        """);

    /// <summary>A folder whose only NuGet source is an empty local folder: nothing can be restored from it, and nothing is asked of a network.</summary>
    public static UserFolder WithoutPackage(string name)
    {
        var folder = Create(name, """<add key="company" value="company-feed" />""", string.Empty);
        Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "company-feed"));
        return folder;
    }

    private static UserFolder Create(string name, string sources, string mapping)
    {
        var path = System.IO.Path.Combine(PackedPackage.WorkRoot, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        File.WriteAllText(System.IO.Path.Combine(path, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                {sources}
              </packageSources>
              {mapping}
            </configuration>
            """);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(System.IO.Path.Combine(path, file), "<Project />");
        }

        return new UserFolder(path);
    }

    /// <summary><c>dotnet new classlib</c>, as a user starts (no restore: the first build restores).</summary>
    public string NewClassLibrary(string name)
    {
        var result = DotNet.Run(Path, "new", "classlib", "-n", name, "-o", name, "--no-restore");
        Assert.IsTrue(result.Succeeded, result.ToString());
        return System.IO.Path.Combine(Path, name);
    }

    public CommandResult Build(string project, params string[] arguments) =>
        DotNet.Run(Path, ["build", project, "-nologo", "-v:m", .. arguments]);

    /// <summary>Every file under the folder with its bytes, to show that a command changed nothing.</summary>
    public Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToBase64String(File.ReadAllBytes(f)));
}
