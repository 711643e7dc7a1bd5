using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tool.Import;

/// <summary>
/// A hidden folder beside the target that a project is written into and then moved into place in one
/// rename: an import that fails half way leaves nothing (the folder is removed on dispose unless moved).
/// </summary>
internal sealed class StagingFolder : IDisposable
{
    private bool _moved;

    public StagingFolder(string parentDirectory)
    {
        Directory.CreateDirectory(parentDirectory);
        Path = System.IO.Path.Combine(parentDirectory, $".oneclick-import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The full path of a project-relative path ('/' separated) inside the staging folder, its folder created.</summary>
    public string FileFor(string relativePath)
    {
        var full = System.IO.Path.Combine(Path, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>Moves the staged project to <paramref name="target"/>, which must not exist.</summary>
    public void MoveTo(string target)
    {
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.TargetExists, new SourceLocation(target), target);
        }

        Directory.Move(Path, target);
        _moved = true;
    }

    public void Dispose()
    {
        if (!_moved && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
