namespace OneClickPublish;

/// <summary>Writes files so that a reader never sees half of one: a temp file beside the target, then a rename.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        Write(path, temp => File.WriteAllText(temp, contents));
    }

    public static void WriteAllBytes(string path, byte[] contents)
    {
        Write(path, temp => File.WriteAllBytes(temp, contents));
    }

    /// <summary>Writes through <paramref name="write"/> into a temp file, then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Creates the file or moves its timestamp to now: an MSBuild output stamp.</summary>
    public static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        else
        {
            File.WriteAllBytes(path, []);
        }
    }
}
