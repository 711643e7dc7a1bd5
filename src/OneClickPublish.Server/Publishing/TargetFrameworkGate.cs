using NuGet.Frameworks;
using OneClickPublish.Diagnostics;
using OneClickPublish.Frameworks;
using OneClickPublish.Server.Feed.Packaging;

namespace OneClickPublish.Server.Publishing;

/// <summary>
/// The Publish stage's check that this server runs the extension (OCP5118), before anything is stored:
/// a XIF may be built by hand, or uploaded by a client that did not ask (an older one, the web console).
/// The XIF's frameworks are read as the feed reads them (<see cref="PackageLayout"/>): the folders of
/// <c>bin/</c> that name one (<c>bin/net8.0/</c>, a multi-targeted project), and for assemblies right in
/// <c>bin/</c> the <c>TargetFrameworkAttribute</c> of the one that declares the extension. It passes when
/// one of them runs on one of <c>Server:TargetFrameworks</c>, and when the XIF says no framework at all.
/// </summary>
internal static class TargetFrameworkGate
{
    private const string BinFolder = "bin/";

    /// <summary>
    /// An assembly in bin/ larger than this is not read for its framework: the entry is inflated into
    /// memory to be read, and an extension's own assembly is far smaller (its dependencies are other files).
    /// </summary>
    internal const long MaxAssemblyRead = 64L << 20;

    public static void Check(IInspectedXif content, IReadOnlyList<string> serverFrameworks, DiagnosticBag diagnostics)
    {
        var frameworks = FrameworksOf(content);
        if (frameworks.Count == 0)
        {
            return;
        }

        var runtimes = serverFrameworks.Select(FrameworkSupport.ParseRuntime).OfType<NuGetFramework>().ToList();
        if (FrameworkSupport.Runnable(frameworks, runtimes).Count == 0)
        {
            diagnostics.Report(ServerDiagnostics.TargetFrameworkNotRunnable, new SourceLocation(BinFolder),
                content.Identity.Name, FrameworkSupport.Describe(frameworks), FrameworkSupport.Describe(runtimes));
        }
    }

    /// <summary>The target frameworks the XIF's binaries are built for; empty when it does not say.</summary>
    internal static IReadOnlyList<NuGetFramework> FrameworksOf(IInspectedXif content)
    {
        var frameworks = new List<NuGetFramework>();
        var root = new List<XifFile>();
        foreach (var file in content.Files.Where(static f => f.Path.StartsWith(BinFolder, StringComparison.Ordinal)))
        {
            var rest = file.Path[BinFolder.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                root.Add(file);
            }
            else if (FrameworkSupport.Parse(rest[..slash]) is { } folder && !frameworks.Contains(folder))
            {
                frameworks.Add(folder);
            }
        }

        if (ExtensionAssemblyFramework(content, root) is { } framework && !frameworks.Contains(framework))
        {
            frameworks.Add(framework);
        }

        return frameworks;
    }

    private static NuGetFramework? ExtensionAssemblyFramework(IInspectedXif content, List<XifFile> root)
    {
        var assemblies = root
            .Where(static f => f.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && f.Size <= MaxAssemblyRead)
            .OrderBy(static f => f.Path, StringComparer.Ordinal);
        foreach (var file in assemblies)
        {
            using var copy = new MemoryStream((int)file.Size);
            // The bytes are checked against the manifest while copied; a mismatch is reported by the copy into the blob store.
            if (!content.CopyTo(file, copy, new DiagnosticBag()))
            {
                continue;
            }

            copy.Position = 0;
            if (PackageLayout.ReadMetadata(copy, reader => PackageLayout.DeclaresExtension(reader, content.Definition)))
            {
                copy.Position = 0;
                return PackageLayout.ReadMetadata(copy, PackageLayout.TargetFrameworkOf);
            }
        }

        return null;
    }
}
