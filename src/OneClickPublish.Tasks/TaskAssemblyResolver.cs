#if NETFRAMEWORK
using System.Reflection;

namespace OneClickPublish.Tasks;

/// <summary>
/// .NET Framework only (Visual Studio's MSBuild.exe). The packages in tasks/net472/ reference each other at
/// versions other than the ones shipped beside them (Roslyn asks for System.Memory 4.0.1.2 and gets 4.0.5.0,
/// System.Text.Json for Unsafe 6.0.0.0 and gets 6.0.3.0, ...). An application would carry binding redirects;
/// a task cannot add any to MSBuild.exe.config, so a failed bind of an assembly that is in our folder, at the
/// asked version or later, is answered with that file. On .NET, MSBuild's load context and the .deps.json do this.
/// </summary>
internal static class TaskAssemblyResolver
{
    private static readonly string Folder = Path.GetDirectoryName(typeof(TaskAssemblyResolver).Assembly.Location)!;
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        // Another task's failed bind is not ours to answer.
        if (args.RequestingAssembly is { } requesting && !IsInFolder(requesting))
        {
            return null;
        }

        var wanted = new AssemblyName(args.Name);
        var candidate = Path.Combine(Folder, wanted.Name + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }

        var found = AssemblyName.GetAssemblyName(candidate);
        if ((wanted.Version is not null && found.Version < wanted.Version)
            || !PublicKeyTokensMatch(wanted.GetPublicKeyToken(), found.GetPublicKeyToken()))
        {
            return null;
        }

        return Assembly.LoadFrom(candidate);
    }

    private static bool IsInFolder(Assembly assembly)
    {
        try
        {
            return !assembly.IsDynamic && string.Equals(Path.GetDirectoryName(assembly.Location), Folder, StringComparison.OrdinalIgnoreCase);
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private static bool PublicKeyTokensMatch(byte[]? wanted, byte[]? found) =>
        wanted is null || wanted.Length == 0 || (found is not null && wanted.AsSpan().SequenceEqual(found));
}
#endif
