using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.CodeGeneration;

public sealed class SourceUpdateOptions
{
    /// <summary>Where generated code goes (a folder under obj/); created when missing.</summary>
    public required string GeneratedDirectory { get; init; }

    /// <summary>The user's implementation file, <c>{Name}Actions.cs</c> beside the project.</summary>
    public required string ImplementationFile { get; init; }

    /// <summary>Where backups of the implementation file and of hand-edited generated files go; created when needed.</summary>
    public required string BackupDirectory { get; init; }

    /// <summary>True: merge the definition into the implementation file (with a backup). False: only report the drift as a warning.</summary>
    public bool MergeImplementation { get; init; } = true;

    /// <summary>True: write the generated code only and leave the implementation file alone, silently (design-time builds).</summary>
    public bool GenerateCodeOnly { get; init; }

    /// <summary>The project's C# version (LangVersion): a new implementation file is written in a C# it compiles.</summary>
    public string? LanguageVersion { get; init; }

    /// <summary>Gives the backups their timestamps (local time).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

public sealed class SourceUpdateResult
{
    /// <summary>Full paths of every generated file, written or not: the Compile items to add before CoreCompile.</summary>
    public required IReadOnlyList<string> GeneratedFiles { get; init; }

    /// <summary>Full paths of the files this run wrote (generated files and the implementation file; not backups).</summary>
    public required IReadOnlyList<string> FilesWritten { get; init; }

    /// <summary>Full paths of the backups this run made.</summary>
    public required IReadOnlyList<string> Backups { get; init; }

    /// <summary>True when the implementation file was created or changed.</summary>
    public bool ImplementationChanged { get; init; }

    /// <summary>The backup of the implementation file made before changing it; null when it was not changed or did not exist.</summary>
    public string? ImplementationBackupPath { get; init; }

    /// <summary>What the merge changed, or with merging switched off, what it would change.</summary>
    public IReadOnlyList<ImplementationChange> ImplementationChanges { get; init; } = [];
}

/// <summary>
/// The UpdateSource step: writes the generated code (only files whose content changed, so incremental
/// builds stay incremental) and merges the definition into the implementation file, with a timestamped
/// backup and an atomic write. Problems are reported to the bag as coded diagnostics, never thrown.
/// </summary>
public static class SourceUpdater
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static SourceUpdateResult Update(ExtensionDefinition definition, SourceUpdateOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var written = new List<string>();
        var backups = new List<string>();
        var generated = WriteGeneratedFiles(definition, options, diagnostics, written, backups);
        if (options.GenerateCodeOnly)
        {
            return new SourceUpdateResult { GeneratedFiles = generated, FilesWritten = written, Backups = backups };
        }

        // The inner builds of a multi-targeted project share one implementation file and may run at once:
        // one merges, the others then find it in line and leave it alone.
        (bool Changed, string? BackupPath, IReadOnlyList<ImplementationChange> Changes) implementation;
        using (ImplementationLock.Acquire(Path.GetFullPath(options.ImplementationFile)))
        {
            implementation = UpdateImplementation(definition, options, diagnostics, written, backups);
        }

        return new SourceUpdateResult
        {
            GeneratedFiles = generated,
            FilesWritten = written,
            Backups = backups,
            ImplementationChanged = implementation.Changed,
            ImplementationBackupPath = implementation.BackupPath,
            ImplementationChanges = implementation.Changes,
        };
    }

    private static List<string> WriteGeneratedFiles(
        ExtensionDefinition definition, SourceUpdateOptions options, DiagnosticBag diagnostics, List<string> written, List<string> backups)
    {
        var paths = new List<string>();
        var directory = Path.GetFullPath(options.GeneratedDirectory);
        foreach (var file in CodeGenerator.Generate(definition))
        {
            var path = Path.Combine(directory, file.FileName);
            paths.Add(path);

            string? current;
            try
            {
                current = File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Report(SourceDiagnostics.CannotReadFile, new SourceLocation(path), path, e.Message);
                continue;
            }

            if (current == file.Content)
            {
                continue;
            }

            if (current is not null && !GeneratedFileHeader.IsUnchangedSinceGenerated(current))
            {
                var backup = TryBackUp(path, options, diagnostics);
                if (backup is null)
                {
                    continue;
                }

                backups.Add(backup);
                diagnostics.Report(SourceDiagnostics.GeneratedFileEditedByHand, new SourceLocation(path), path, backup);
            }

            if (TryWrite(path, Utf8NoBom.GetBytes(file.Content), diagnostics))
            {
                written.Add(path);
            }
        }

        return paths;
    }

    private static (bool Changed, string? BackupPath, IReadOnlyList<ImplementationChange> Changes) UpdateImplementation(
        ExtensionDefinition definition, SourceUpdateOptions options, DiagnosticBag diagnostics, List<string> written, List<string> backups)
    {
        var path = Path.GetFullPath(options.ImplementationFile);
        var location = new SourceLocation(path);
        byte[]? bytes;
        try
        {
            bytes = File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(SourceDiagnostics.CannotReadFile, location, path, e.Message);
            return (false, null, []);
        }

        // Keep the file's byte order mark (or its absence) as it was.
        var hasBom = bytes is [0xEF, 0xBB, 0xBF, ..];
        var text = bytes is null ? null : Utf8NoBom.GetString(bytes, hasBom ? 3 : 0, bytes.Length - (hasBom ? 3 : 0));
        var merge = ImplementationMerger.Merge(definition, text, options.LanguageVersion);

        switch (merge.Outcome)
        {
            case ImplementationMergeOutcome.SyntaxErrors:
                var error = merge.SyntaxError!;
                diagnostics.Report(SourceDiagnostics.ImplementationHasSyntaxErrors, new SourceLocation(path, error.Line, error.Column), path, error.Line, error.Column, error.Message);
                return (false, null, []);
            case ImplementationMergeOutcome.ResultWouldNotParse:
                diagnostics.Report(SourceDiagnostics.MergeWouldBreakImplementation, location, path, merge.SyntaxError!.Message);
                return (false, null, []);
            case ImplementationMergeOutcome.EntryClassNotFound:
                diagnostics.Report(SourceDiagnostics.EntryClassNotFound, location, path, definition.EntryClassName, definition.InterfaceName);
                return (false, null, []);
        }

        foreach (var duplicate in merge.DuplicateKeys)
        {
            diagnostics.Report(SourceDiagnostics.DuplicateActionKeyInImplementation, new SourceLocation(path, duplicate.Line, duplicate.Column), duplicate.Key, path, duplicate.UsedMethod, duplicate.IgnoredMethod);
        }

        foreach (var kept in merge.KeptMethods)
        {
            diagnostics.Report(SourceDiagnostics.MethodWithoutAction, new SourceLocation(path, kept.Line, kept.Column), kept.Name, path);
        }

        if (!merge.Changed)
        {
            return (false, null, merge.Changes);
        }

        if (!options.MergeImplementation)
        {
            diagnostics.Report(SourceDiagnostics.ImplementationOutOfDate, location, path, merge.Summary);
            return (false, null, merge.Changes);
        }

        string? backup = null;
        if (bytes is not null)
        {
            backup = TryBackUp(path, options, diagnostics);
            if (backup is null)
            {
                return (false, null, merge.Changes);
            }

            backups.Add(backup);
        }

        var newBytes = Utf8NoBom.GetBytes(merge.Text!);
        if (hasBom)
        {
            newBytes = [0xEF, 0xBB, 0xBF, .. newBytes];
        }

        if (!TryWrite(path, newBytes, diagnostics))
        {
            return (false, backup, merge.Changes);
        }

        written.Add(path);
        if (backup is null && merge.Outcome == ImplementationMergeOutcome.Created)
        {
            diagnostics.Report(SourceDiagnostics.ImplementationCreated, location, path, definition.EntryClassName, definition.Actions.Count);
        }
        else
        {
            diagnostics.Report(SourceDiagnostics.ImplementationUpdated, location, path, merge.Summary, backup ?? "(none: the file was empty)");
        }

        return (true, backup, merge.Changes);
    }

    /// <summary>
    /// Copies the file to <c>{BackupDirectory}/{file}.{yyyyMMdd-HHmmss}.bak</c>; a second backup in the same
    /// second gets <c>-2</c>, <c>-3</c>… so an earlier backup is never overwritten.
    /// </summary>
    private static string? TryBackUp(string path, SourceUpdateOptions options, DiagnosticBag diagnostics)
    {
        var directory = Path.GetFullPath(options.BackupDirectory);
        var stamp = options.Clock.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var baseName = $"{Path.GetFileName(path)}.{stamp}";
        var backup = Path.Combine(directory, baseName + ".bak");
        try
        {
            Directory.CreateDirectory(directory);
            for (var attempt = 2; ; attempt++)
            {
                try
                {
                    File.Copy(path, backup, overwrite: false);
                    return backup;
                }
                catch (IOException) when (File.Exists(backup) && attempt < 10_000)
                {
                    backup = Path.Combine(directory, $"{baseName}-{attempt.ToString(CultureInfo.InvariantCulture)}.bak");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            diagnostics.Report(SourceDiagnostics.CannotBackUpFile, new SourceLocation(path), path, backup, e.Message);
            return null;
        }
    }

    /// <summary>Writes atomically (never half-written); a failure is a coded error, not an exception.</summary>
    private static bool TryWrite(string path, byte[] content, DiagnosticBag diagnostics)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, content);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(SourceDiagnostics.CannotWriteFile, new SourceLocation(path), path, e.Message);
            return false;
        }
    }

    /// <summary>A machine-wide lock per implementation file (a named mutex: MSBuild runs inner builds in several processes).</summary>
    private sealed class ImplementationLock : IDisposable
    {
        private readonly Mutex? _mutex;

        private ImplementationLock(Mutex? mutex) => _mutex = mutex;

        public static ImplementationLock Acquire(string implementationFile)
        {
            var key = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? implementationFile.ToUpperInvariant() : implementationFile;
            var name = @"Global\OneClickPublish.UpdateSource." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
            Mutex mutex;
            try
            {
                mutex = new Mutex(initiallyOwned: false, name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException or PlatformNotSupportedException)
            {
                // No named mutexes here: go on unlocked, as a single build always does.
                return new ImplementationLock(null);
            }

            try
            {
                if (mutex.WaitOne(TimeSpan.FromMinutes(2)))
                {
                    return new ImplementationLock(mutex);
                }
            }
            catch (AbandonedMutexException)
            {
                // The previous holder died; the mutex is now ours.
                return new ImplementationLock(mutex);
            }

            mutex.Dispose();
            return new ImplementationLock(null);
        }

        public void Dispose()
        {
            if (_mutex is not null)
            {
                _mutex.ReleaseMutex();
                _mutex.Dispose();
            }
        }
    }
}
