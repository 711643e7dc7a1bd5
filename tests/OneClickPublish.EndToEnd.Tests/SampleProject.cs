using System.Text.RegularExpressions;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>A copy of a sample extension in its own temp folder, restoring the packed package from the private feed.</summary>
internal sealed partial class SampleProject
{
    private SampleProject(string directory, string projectFile)
    {
        Directory = directory;
        ProjectFile = projectFile;
    }

    public string Directory { get; }

    public string ProjectFile { get; }

    public string DefinitionFile => Path.Combine(Directory, "extension.xml");

    public string ImplementationFile => Path.Combine(Directory, "HelloExtensionActions.cs");

    public static SampleProject Copy(string sampleName = "HelloExtension", string? name = null)
    {
        var source = Path.Combine(PackedPackage.RepositoryRoot, "samples", sampleName);
        var target = Path.Combine(PackedPackage.WorkRoot, name ?? $"{sampleName}-{Guid.NewGuid():N}"[..(sampleName.Length + 9)]);
        CopyDirectory(source, target);
        File.WriteAllText(Path.Combine(target, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="e2e" value="{PackedPackage.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                <packageSource key="e2e"><package pattern="OneClickPublish" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        // A user's project sits in no repository of ours: nothing above it is imported.
        File.WriteAllText(Path.Combine(target, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <OneClickPublishVersion>{PackedPackage.Version}</OneClickPublishVersion>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(target, "Directory.Packages.props"), "<Project />");
        var project = System.IO.Directory.GetFiles(target, "*.csproj").Single();
        return new SampleProject(target, project);
    }

    /// <summary>The HelloExtension sample renamed to <paramref name="name"/> (extension, namespace, entry class), so tests sharing a server do not share an extension.</summary>
    public static SampleProject Hello(string name)
    {
        var sample = Copy(name: $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        sample.EditDefinition(xml => xml.Replace("\"HelloExtension\"", $"\"{name}\"", StringComparison.Ordinal));
        var implementation = File.ReadAllText(sample.ImplementationFile)
            .Replace("namespace HelloExtension;", $"namespace {name};", StringComparison.Ordinal)
            .Replace("HelloExtensionActions : IHelloExtension", $"{name}Actions : I{name}", StringComparison.Ordinal);
        File.Delete(sample.ImplementationFile);
        File.WriteAllText(Path.Combine(sample.Directory, $"{name}Actions.cs"), implementation);
        return sample;
    }

    /// <summary>The LegacyExtension sample (its assembly and namespace keep the project's name) under another extension name.</summary>
    public static SampleProject Legacy(string name, Func<string, string> editProject)
    {
        var sample = Copy("LegacyExtension", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        sample.EditDefinition(xml => xml.Replace("Name=\"LegacyExtension\"", $"Name=\"{name}\"", StringComparison.Ordinal));
        var original = Path.Combine(sample.Directory, "LegacyExtensionActions.cs");
        var implementation = File.ReadAllText(original).Replace("LegacyExtensionActions : ILegacyExtension", $"{name}Actions : I{name}", StringComparison.Ordinal);
        File.Delete(original);
        File.WriteAllText(Path.Combine(sample.Directory, $"{name}Actions.cs"), implementation);
        var edited = editProject(File.ReadAllText(sample.ProjectFile));
        File.WriteAllText(sample.ProjectFile, edited);
        return sample;
    }

    /// <summary>The LegacyExtension sample targeting net48 and net8.0: System.Web on .NET Framework only, System.Net.WebUtility on .NET.</summary>
    public static SampleProject LegacyMultiTargeted(string name)
    {
        var sample = Legacy(name, project => project.Replace("<TargetFramework>net48</TargetFramework>", "<TargetFrameworks>net48;net8.0</TargetFrameworks>", StringComparison.Ordinal)
            .Replace("<Reference Include=\"System.Web\" />", "<Reference Include=\"System.Web\" Condition=\"'$(TargetFrameworkIdentifier)' == '.NETFramework'\" />", StringComparison.Ordinal));
        sample.Edit(Path.Combine(sample.Directory, $"{name}Actions.cs"), code => code
            .Replace("using System.Web;", "#if NETFRAMEWORK\nusing System.Web;\n#endif", StringComparison.Ordinal)
            .Replace("encoded = HttpUtility.HtmlEncode(text ?? string.Empty);", "#if NETFRAMEWORK\n            encoded = HttpUtility.HtmlEncode(text ?? string.Empty);\n#else\n            encoded = System.Net.WebUtility.HtmlEncode(text ?? string.Empty);\n#endif", StringComparison.Ordinal));
        return sample;
    }

    public CommandResult Build(params string[] arguments) =>
        DotNet.Run(Directory, ["build", ProjectFile, "-nologo", "-v:m", .. arguments]);

    public CommandResult Build(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        DotNet.Run(Directory, environment, ["build", ProjectFile, "-nologo", "-v:m", .. arguments]);

    public void EditDefinition(Func<string, string> edit) => Edit(DefinitionFile, edit);

    public void Edit(string path, Func<string, string> edit)
    {
        var before = File.ReadAllText(path);
        var after = edit(before);
        if (after == before)
        {
            throw new InvalidOperationException($"The edit changed nothing in {path}.");
        }

        File.WriteAllText(path, after);
        // Timestamps of a fast edit can equal the last build's outputs' on coarse file systems.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(2));
    }

    /// <summary>The MSBuild diagnostics of a build's output: file, line, column, severity, code, message.</summary>
    public static IReadOnlyList<LoggedDiagnostic> Diagnostics(CommandResult result) =>
        DiagnosticLine().Matches(result.Output)
            .Select(m => new LoggedDiagnostic(
                m.Groups["file"].Value.Trim(),
                m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
                m.Groups["col"].Success ? int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
                m.Groups["severity"].Value,
                m.Groups["code"].Value,
                m.Groups["message"].Value.Trim()))
            .Distinct()
            .ToList();

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj" or ".oneclick")
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    [GeneratedRegex(@"^\s*(?<file>[^\r\n:]*?)(\((?<line>\d+)(,(?<col>\d+))?\))?\s*:\s*(?:[A-Za-z][\w.]*\s+)?(?<severity>error|warning)\s+(?<code>[A-Z]+\d+)\s*:\s*(?<message>[^\r\n]*?)(\s\[[^\]\r\n]*\.csproj[^\]\r\n]*\])?\s*$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}

internal sealed record LoggedDiagnostic(string File, int Line, int Column, string Severity, string Code, string Message);
