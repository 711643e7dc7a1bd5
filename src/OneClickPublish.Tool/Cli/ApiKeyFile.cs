using System.Security.AccessControl;
using System.Security.Principal;

namespace OneClickPublish.Tool.Cli;

/// <summary>
/// Where the tool keeps the first API key of the embedded server it started, instead of printing
/// it: CI logs are often public, and a key in one is a key for anyone. The file sits in the
/// server's data folder and only its owner may read it (0600 on Unix; on Windows an ACL that
/// grants the current user alone, without inherited entries).
/// </summary>
internal static class ApiKeyFile
{
    public const string FileName = "first-api-key.txt";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Writes the key, readable by its owner only from the moment the file exists; returns the file's path.</summary>
    public static string Write(string dataDirectory, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        // A file left by an earlier first start may have other permissions: start afresh.
        File.Delete(path);
        using (var stream = CreateOwnerOnly(path))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(key);
        }

        return path;
    }

    private static FileStream CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var security = new FileSecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            security.AddAccessRule(new FileSystemAccessRule(WindowsIdentity.GetCurrent().User!, FileSystemRights.FullControl, AccessControlType.Allow));
            return new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.Write, FileShare.None, 4096, FileOptions.None, security);
        }

        // Created with the mode, not chmod-ed after: there is no moment when others could read it.
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }
}
