using System.IO.Compression;
using System.Security;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// A project that uses published extensions, as a team sets one up: a console project with a nuget.config
/// naming the Platform Server's feed as a source, the key read from an environment variable, the
/// extensions mapped to that source. Its own NuGet cache (NUGET_PACKAGES), so every package it gets comes
/// from the feed now, and a fresh HTTP cache for every command, so every command asks the feed.
/// </summary>
internal sealed class FeedConsumer
{
    private const string KeyVariable = "ONECLICK_FEED_KEY";
    private readonly string _key;
    private int _commands;

    private FeedConsumer(string directory, string key)
    {
        Directory = directory;
        _key = key;
    }

    public string Directory { get; }

    public string PackagesFolder => Path.Combine(Directory, ".nuget-packages");

    /// <summary>A console project for <paramref name="targetFramework"/> whose Program.cs is <paramref name="program"/>, its source mapping the given extensions to the feed.</summary>
    public static FeedConsumer Create(ServerProcess server, string key, string targetFramework, string program, params string[] extensions)
    {
        var directory = Path.Combine(PackedPackage.WorkRoot, $"consumer-{Guid.NewGuid():N}"[..17]);
        System.IO.Directory.CreateDirectory(directory);
        System.IO.Directory.CreateDirectory(UserPackagesFolder); // a local source must exist, even empty
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        // Nothing of the repository around it applies to a user's project.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        // The feed for the extensions; the user's NuGet cache (as a local source, then nuget.org) for the
        // .NET Framework reference assemblies a net48 project needs.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="team" value="{server.Url}/nuget/v3/index.json" allowInsecureConnections="true" />
                <add key="cache" value="{SecurityElement.Escape(UserPackagesFolder)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceCredentials>
                <team>
                  <add key="Username" value="any" />
                  <add key="ClearTextPassword" value="%{KeyVariable}%" />
                </team>
              </packageSourceCredentials>
              <packageSourceMapping>
                <packageSource key="team">{string.Concat(extensions.Select(static e => $"<package pattern=\"{e}\" />"))}</packageSource>
                <packageSource key="cache"><package pattern="*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return new FeedConsumer(directory, key);
    }

    /// <summary>A dotnet command in the project's folder, with the key in the environment.</summary>
    public CommandResult Dotnet(params string[] arguments) => DotnetWithKey(_key, arguments);

    public CommandResult DotnetWithKey(string key, params string[] arguments) =>
        DotNet.Run(Directory, new Dictionary<string, string>
        {
            [KeyVariable] = key,
            ["NUGET_PACKAGES"] = PackagesFolder,
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Directory, ".nuget-http", (++_commands).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }, arguments);

    /// <summary>The entries of the package NuGet put in the project's cache.</summary>
    public IReadOnlyList<string> PackageEntries(string id, string version)
    {
        var folder = Path.Combine(PackagesFolder, id.ToLowerInvariant(), version);
        using var zip = ZipFile.OpenRead(Path.Combine(folder, $"{id.ToLowerInvariant()}.{version}.nupkg"));
        return [.. zip.Entries.Select(static e => e.FullName)];
    }

    public string ReadPackageFile(string id, string version, string path) =>
        File.ReadAllText(Path.Combine(PackagesFolder, id.ToLowerInvariant(), version, path));

    private static string UserPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
