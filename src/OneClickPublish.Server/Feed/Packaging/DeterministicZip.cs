using System.IO.Compression;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Feed.Packaging;

/// <summary>
/// Rewrites an archive so that its bytes depend on its entries only, as the XIF writer does for a XIF:
/// entries sorted by name, every timestamp 1980-01-01, host 0 and no attributes in every header. NuGet's
/// PackageBuilder stamps each entry with the time it was written, whatever its <c>deterministic</c>
/// argument says (it is switched off inside, NuGet/Home#8601), so its output is normalized here.
/// </summary>
internal static class DeterministicZip
{
    /// <summary>Writes the normalized copy of <paramref name="source"/> into <paramref name="target"/> (seekable, empty).</summary>
    public static void Normalize(Stream source, Stream target)
    {
        using (var input = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true))
        using (var output = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries.OrderBy(static e => e.FullName, StringComparer.Ordinal))
            {
                var copy = output.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = XifFormat.EntryTimestamp;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        ZipPatcher.NormalizeHosts(target);
    }
}
