using System.Globalization;

namespace OneClickPublish.Tool.Init;

/// <summary>
/// Copies a file about to be replaced into the backup folder, named as UpdateSource names its
/// backups (<c>{file}.{yyyyMMdd-HHmmss}.bak</c>, then <c>-2</c>, <c>-3</c>… within one second),
/// so that all of the product's backups of a project sit in one place, in one form.
/// </summary>
internal static class FileBackup
{
    /// <summary>The folder UpdateSource uses by default (OneClickPublishBackupDirectory).</summary>
    public static string DirectoryFor(string projectDirectory) => Path.Combine(projectDirectory, ".oneclick", "backups");

    public static string Create(string path, string backupDirectory, DateTimeOffset now)
    {
        Directory.CreateDirectory(backupDirectory);
        var baseName = $"{Path.GetFileName(path)}.{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var backup = Path.Combine(backupDirectory, baseName + ".bak");
        for (var attempt = 2; ; attempt++)
        {
            try
            {
                File.Copy(path, backup, overwrite: false);
                return backup;
            }
            catch (IOException) when (File.Exists(backup) && attempt < 10_000)
            {
                backup = Path.Combine(backupDirectory, $"{baseName}-{attempt.ToString(CultureInfo.InvariantCulture)}.bak");
            }
        }
    }
}
