using System.Globalization;
using NuGet.Frameworks;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Frameworks;

/// <summary>When Microsoft's support of one target framework ends (the date's first day is already out of support).</summary>
public sealed record FrameworkEndOfSupport(string Framework, DateTime EndOfSupport);

/// <summary>
/// The target frameworks an extension may have, in one place: which are out of Microsoft's support
/// (the build's OCP3018 warning), which a server may say it runs (<c>Server:TargetFrameworks</c>), and
/// whether a framework a server runs can run an extension built for another (NuGet's own rule, as a
/// project referencing a package: net8.0 runs net6.0 and netstandard2.0 assemblies, net48 runs net472).
/// </summary>
public static class FrameworkSupport
{
    /// <summary>
    /// End-of-support dates as Microsoft publishes them.
    /// .NET and .NET Core: the .NET support policy, https://dotnet.microsoft.com/platform/support/policy/dotnet-core
    /// (LTS releases three years, STS releases 24 months from .NET 9 on, 18 months before: .NET 8 and .NET 9
    /// both end on 2026-11-10).
    /// .NET Framework: https://learn.microsoft.com/lifecycle/products/microsoft-net-framework and the
    /// announcement that 4.5.2, 4.6 and 4.6.1 ended on 2022-04-26 (installers signed with SHA-1). 4.6.2 and
    /// later follow the lifecycle of the Windows they are installed on, so they have no date of their own here;
    /// 3.5 SP1 is supported until 2029-01-09.
    /// A framework newer than every one listed here (a future .NET) is taken as supported: add its date
    /// when Microsoft announces it.
    /// </summary>
    public static IReadOnlyList<FrameworkEndOfSupport> EndsOfSupport { get; } =
    [
        new("netcoreapp1.0", new DateTime(2019, 6, 27)),
        new("netcoreapp1.1", new DateTime(2019, 6, 27)),
        new("netcoreapp2.0", new DateTime(2018, 10, 1)),
        new("netcoreapp2.1", new DateTime(2021, 8, 21)),
        new("netcoreapp2.2", new DateTime(2019, 12, 23)),
        new("netcoreapp3.0", new DateTime(2020, 3, 3)),
        new("netcoreapp3.1", new DateTime(2022, 12, 13)),
        new("net5.0", new DateTime(2022, 5, 10)),
        new("net6.0", new DateTime(2024, 11, 12)),
        new("net7.0", new DateTime(2024, 5, 14)),
        new("net8.0", new DateTime(2026, 11, 10)),
        new("net9.0", new DateTime(2026, 11, 10)),
        new("net10.0", new DateTime(2028, 11, 14)),
        new("net20", new DateTime(2011, 7, 12)),
        new("net30", new DateTime(2011, 7, 12)),
        new("net35", new DateTime(2029, 1, 9)),
        new("net40", new DateTime(2016, 1, 12)),
        new("net403", new DateTime(2016, 1, 12)),
        new("net45", new DateTime(2016, 1, 12)),
        new("net451", new DateTime(2016, 1, 12)),
        new("net452", new DateTime(2022, 4, 26)),
        new("net46", new DateTime(2022, 4, 26)),
        new("net461", new DateTime(2022, 4, 26)),
    ];

    private static readonly Dictionary<(string, Version), DateTime> EndByFramework = EndsOfSupport
        .Select(static e => (Framework: NuGetFramework.Parse(e.Framework), e.EndOfSupport))
        .ToDictionary(static e => (e.Framework.Framework, e.Framework.Version), static e => e.EndOfSupport);

    /// <summary>The framework of a target framework moniker (net8.0, net48, netcoreapp3.1, net8.0-windows, netstandard2.0); null for anything NuGet does not know as one.</summary>
    public static NuGetFramework? Parse(string? moniker)
    {
        if (string.IsNullOrWhiteSpace(moniker))
        {
            return null;
        }

        NuGetFramework framework;
        try
        {
            framework = NuGetFramework.Parse(moniker!.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }

        return framework.IsUnsupported || framework.IsAny || framework.IsAgnostic || !IsKnownFamily(framework) ? null : framework;
    }

    /// <summary>A framework a server can run: .NET Framework or .NET (Core); not .NET Standard, which is a contract no process runs.</summary>
    public static NuGetFramework? ParseRuntime(string? moniker) =>
        Parse(moniker) is { } framework && framework.Framework != FrameworkConstants.FrameworkIdentifiers.NetStandard ? framework : null;

    /// <summary>The day Microsoft's support of <paramref name="framework"/> ends or ended; null when none is known (still supported, or .NET Standard).</summary>
    public static DateTime? EndOfSupport(NuGetFramework framework)
    {
        ArgumentNullException.ThrowIfNull(framework);
        return EndByFramework.TryGetValue((framework.Framework, framework.Version), out var end) ? end : null;
    }

    /// <summary>Whether a process running <paramref name="runtime"/> can load an assembly built for <paramref name="target"/>.</summary>
    public static bool CanRun(NuGetFramework runtime, NuGetFramework target) =>
        DefaultCompatibilityProvider.Instance.IsCompatible(runtime, target);

    /// <summary>The frameworks of <paramref name="targets"/> that one of <paramref name="runtimes"/> can run.</summary>
    public static IReadOnlyList<NuGetFramework> Runnable(IEnumerable<NuGetFramework> targets, IReadOnlyCollection<NuGetFramework> runtimes) =>
        [.. targets.Where(t => runtimes.Any(r => CanRun(r, t)))];

    /// <summary>
    /// OCP3018 when the project's target framework is out of Microsoft's support on <paramref name="today"/>:
    /// it builds and runs, but gets no security fixes.
    /// </summary>
    public static void CheckProjectFramework(string? moniker, DateTime today, DiagnosticBag diagnostics, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (Parse(moniker) is not { } framework || EndOfSupport(framework) is not { } end || today.Date < end)
        {
            return;
        }

        diagnostics.Report(CompileDiagnostics.TargetFrameworkOutOfSupport, location,
            moniker!.Trim(), end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Successor(framework, today));
    }

    /// <summary>The short names, in the order given, without repeats: what messages and the server's list show.</summary>
    public static string Describe(IEnumerable<NuGetFramework> frameworks) =>
        string.Join(", ", frameworks.Select(static f => f.GetShortFolderName()).Distinct(StringComparer.OrdinalIgnoreCase));

    private static bool IsKnownFamily(NuGetFramework framework) =>
        framework.Framework == FrameworkConstants.FrameworkIdentifiers.Net
        || framework.Framework == FrameworkConstants.FrameworkIdentifiers.NetCoreApp
        || framework.Framework == FrameworkConstants.FrameworkIdentifiers.NetStandard;

    /// <summary>What to move to: net48 for .NET Framework (the same family, no rewrite), else the newest .NET still supported.</summary>
    private static string Successor(NuGetFramework framework, DateTime today)
    {
        if (framework.Framework == FrameworkConstants.FrameworkIdentifiers.Net)
        {
            return "net48";
        }

        return EndsOfSupport
            .Select(static e => (Framework: NuGetFramework.Parse(e.Framework), e.EndOfSupport))
            .Where(e => e.Framework.Framework == FrameworkConstants.FrameworkIdentifiers.NetCoreApp && e.EndOfSupport > today.Date)
            .OrderByDescending(static e => e.Framework.Version)
            .Select(static e => e.Framework.GetShortFolderName())
            .FirstOrDefault() ?? "a .NET release still supported";
    }
}
