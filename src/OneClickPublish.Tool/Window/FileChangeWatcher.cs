using System.Threading.Channels;

namespace OneClickPublish.Tool.Window;

/// <summary>Tells when a file of the extension changed (--watch).</summary>
internal interface IChangeSource
{
    /// <summary>Completes with the path of a changed file, once changes have settled.</summary>
    Task<string> NextChangeAsync(CancellationToken cancellationToken);

    /// <summary>Forgets changes seen so far (those the build made itself).</summary>
    void Drain();
}

/// <summary>
/// Watches the project's folder, ignoring build output (bin, obj), the tool's own data (.oneclick),
/// version control and editors' temporary files, and waits for changes to settle before reporting,
/// so that one save is one re-verify.
/// </summary>
internal sealed class FileChangeWatcher : IChangeSource, IDisposable
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", ".oneclick", ".git", ".vs", ".idea", "node_modules"];
    private static readonly string[] IgnoredSuffixes = ["~", ".swp", ".swx", ".tmp", ".bak", ".orig"];

    private readonly FileSystemWatcher _watcher;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>();
    private readonly TimeSpan _settle;

    public FileChangeWatcher(string directory, TimeSpan? settle = null)
    {
        _settle = settle ?? TimeSpan.FromMilliseconds(300);
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        _watcher.Changed += (_, e) => OnChange(directory, e.FullPath);
        _watcher.Created += (_, e) => OnChange(directory, e.FullPath);
        _watcher.Deleted += (_, e) => OnChange(directory, e.FullPath);
        _watcher.Renamed += (_, e) => OnChange(directory, e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    internal static bool IsIgnored(string directory, string path)
    {
        var relative = Path.GetRelativePath(directory, path);
        var parts = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[..^1].Any(p => IgnoredFolders.Contains(p, StringComparer.OrdinalIgnoreCase)) || IgnoredFolders.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var name = parts[^1];
        return name.StartsWith(".#", StringComparison.Ordinal) || IgnoredSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<string> NextChangeAsync(CancellationToken cancellationToken)
    {
        var path = await _changes.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        // Editors write in several steps; wait until the folder is quiet, keep the last path.
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(_settle);
            try
            {
                path = await _changes.Reader.ReadAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return path;
            }
        }
    }

    public void Drain()
    {
        while (_changes.Reader.TryRead(out _))
        {
        }
    }

    public void Dispose() => _watcher.Dispose();

    private void OnChange(string directory, string path)
    {
        if (!IsIgnored(directory, path))
        {
            _changes.Writer.TryWrite(Path.GetRelativePath(directory, path));
        }
    }
}
