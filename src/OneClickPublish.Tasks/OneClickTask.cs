using Microsoft.Build.Framework;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tasks;

/// <summary>
/// Base of every OneClickPublish task: the work is done by Core into a <see cref="DiagnosticBag"/>;
/// this class only logs what Core reported and returns false exactly when an error was logged.
/// </summary>
public abstract class OneClickTask : Microsoft.Build.Utilities.Task
{
#if NETFRAMEWORK
    static OneClickTask() => TaskAssemblyResolver.Register();

#endif
    private protected OneClickTask()
    {
        Diagnostics = new DiagnosticLogger(Log, () => NullIfEmpty(ProjectFile), () => NullIfEmpty(HelpLinkBase));
    }

    /// <summary>Where help links point instead of the pages shipped in the package: a URL or folder (OneClickPublishHelpLinkBase).</summary>
    public string? HelpLinkBase { get; set; }

    /// <summary>The user's project: where diagnostics without a file of their own point (MSBuild would name our .targets).</summary>
    public string? ProjectFile { get; set; }

    internal DiagnosticLogger Diagnostics { get; }

    public sealed override bool Execute()
    {
        var bag = new DiagnosticBag();
        try
        {
            ExecuteCore(bag);
        }
        catch (DiagnosticException e)
        {
            bag.Add(e.Diagnostic);
        }
        catch (OperationCanceledException) when (IsCancellationRequested)
        {
            bag.Report(TaskDiagnostics.Cancelled, SourceLocation.None, GetType().Name);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a user mistake but a bug of ours: the stack trace is what a bug report needs.
            bag.Report(TaskDiagnostics.InternalError, SourceLocation.None, GetType().Name, e.ToString());
        }

        Diagnostics.LogAll(bag);
        return !Log.HasLoggedErrors;
    }

    /// <summary>Set by cancelable tasks when MSBuild asks them to stop (Ctrl+C).</summary>
    private protected virtual bool IsCancellationRequested => false;

    private protected abstract void ExecuteCore(DiagnosticBag diagnostics);

    /// <summary>Null for an empty or missing MSBuild property, so that defaults apply.</summary>
    private protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private protected static string FullPath(string path) => Path.GetFullPath(path);

    private protected static ITaskItem[] Items(IEnumerable<string> paths) =>
        paths.Select(static p => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(p)).ToArray();
}
