using System.Collections.Concurrent;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using NuGet.Configuration;
using NuGet.Frameworks;

namespace OneClickPublish.Tool.Import;

/// <summary>
/// The assemblies the carried bodies and helpers are compiled against, so that "it compiles here" means "it
/// compiles in the imported project": for a .NET Framework target, that framework's reference assemblies
/// (the NuGet package Microsoft.NETFramework.ReferenceAssemblies.&lt;tfm&gt; that the project's build restores
/// anyway, or the targeting pack Visual Studio installs); otherwise, or when neither is on this machine, the
/// assemblies of the runtime the tool runs on, and <see cref="Description"/> says so in the import's report.
/// The original's CodeReference assemblies the project references are added when they are real assemblies.
/// </summary>
internal sealed class CarrierReferences
{
    private static readonly string[] SdkImplicitReferences =
    [
        "mscorlib", "System", "System.Data", "System.Drawing", "System.Xml", "System.Core", "System.Runtime.Serialization",
        "System.Xml.Linq", "System.Numerics", "System.IO.Compression.FileSystem",
    ];

    private static readonly ConcurrentDictionary<string, MetadataReference> Cache = new(StringComparer.Ordinal);

    private CarrierReferences(IReadOnlyList<MetadataReference> references, string description, bool exact)
    {
        References = references;
        Description = description;
        IsExact = exact;
    }

    public IReadOnlyList<MetadataReference> References { get; }

    /// <summary>What the code was checked against, for the import's report.</summary>
    public string Description { get; }

    /// <summary>False when a .NET Framework target was checked against this runtime's assemblies instead.</summary>
    public bool IsExact { get; }

    /// <param name="framework">The imported project's target framework (net48, net472, net8.0…).</param>
    /// <param name="codeReferences">Files the project references (the original's CodeReference assemblies).</param>
    /// <param name="settingsRoot">Where NuGet's settings are looked up from (the project's folder).</param>
    public static CarrierReferences For(string framework, IEnumerable<string> codeReferences, string settingsRoot)
    {
        var parsed = NuGetFramework.Parse(framework);
        var extra = codeReferences.Where(IsManagedAssembly).Select(Reference).ToList();
        if (parsed.IsDesktop())
        {
            if (FrameworkReferenceFolder(parsed, settingsRoot) is { } folder)
            {
                // What an SDK-style .NET Framework project references by default (Microsoft.NET.Sdk.BeforeCommon.targets),
                // and the facades that make netstandard code usable there; not every assembly of the framework.
                var assemblies = SdkImplicitReferences.Select(name => Path.Combine(folder, name + ".dll"))
                    .Concat(Directory.Exists(Path.Combine(folder, "Facades")) ? Directory.EnumerateFiles(Path.Combine(folder, "Facades"), "*.dll") : [])
                    .Where(IsManagedAssembly)
                    .Select(Reference);
                return new CarrierReferences([.. assemblies, .. extra], $"the .NET Framework reference assemblies of {parsed.GetShortFolderName()}", exact: true);
            }

            return new CarrierReferences([.. RuntimeAssemblies(), .. extra],
                $"the assemblies of .NET {Environment.Version.ToString(2)}, not of {parsed.GetShortFolderName()}: its reference assemblies "
                + $"(the NuGet package Microsoft.NETFramework.ReferenceAssemblies.{parsed.GetShortFolderName()}) are not on this machine yet; "
                + "a carried body may use an API .NET Framework lacks, which the first build will show",
                exact: false);
        }

        return new CarrierReferences([.. RuntimeAssemblies(), .. extra], $"the assemblies of .NET {Environment.Version.ToString(2)}", exact: true);
    }

    /// <summary>
    /// The folder of a .NET Framework version's reference assemblies: the NuGet package in the global packages
    /// folder (highest version), else the targeting pack under Program Files on Windows.
    /// </summary>
    internal static string? FrameworkReferenceFolder(NuGetFramework framework, string settingsRoot)
    {
        var versionFolder = "v" + framework.Version.ToString(framework.Version.Build > 0 ? 3 : 2);
        var packages = GlobalPackagesFolder(settingsRoot);
        var package = packages is null ? null : Path.Combine(packages, "microsoft.netframework.referenceassemblies." + framework.GetShortFolderName());
        if (package is not null && Directory.Exists(package))
        {
            var found = Directory.EnumerateDirectories(package)
                .Select(version => (Version: NuGet.Versioning.NuGetVersion.TryParse(Path.GetFileName(version), out var v) ? v : null, Folder: Path.Combine(version, "build", ".NETFramework", versionFolder)))
                .Where(static c => c.Version is not null && Directory.Exists(c.Folder))
                .OrderByDescending(static c => c.Version)
                .Select(static c => c.Folder)
                .FirstOrDefault();
            if (found is not null)
            {
                return found;
            }
        }

        var programFiles = Environment.GetFolderPath(Environment.SpecialFolder.ProgramFilesX86);
        var targetingPack = string.IsNullOrEmpty(programFiles) ? null : Path.Combine(programFiles, "Reference Assemblies", "Microsoft", "Framework", ".NETFramework", versionFolder);
        return targetingPack is not null && Directory.Exists(targetingPack) ? targetingPack : null;
    }

    private static string? GlobalPackagesFolder(string settingsRoot)
    {
        try
        {
            return SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(settingsRoot));
        }
        catch (NuGetConfigurationException)
        {
            // A broken NuGet.config is the build's to report; the check falls back to this runtime's assemblies.
            return null;
        }
    }

    private static IEnumerable<MetadataReference> RuntimeAssemblies() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(Reference);

    private static MetadataReference Reference(string path) => Cache.GetOrAdd(path, static p => MetadataReference.CreateFromFile(p));

    // A file that is not a managed assembly (a native DLL, a damaged copy) would fail the whole compilation.
    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return false;
        }
    }
}
