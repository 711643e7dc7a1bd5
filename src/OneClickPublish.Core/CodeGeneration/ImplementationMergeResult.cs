namespace OneClickPublish.CodeGeneration;

/// <summary>What the merge made of the implementation file.</summary>
public enum ImplementationMergeOutcome
{
    /// <summary>The file already matches the definition; <see cref="ImplementationMergeResult.Text"/> is the input, unchanged.</summary>
    Unchanged,

    /// <summary>There was no file; <see cref="ImplementationMergeResult.Text"/> is a new one with a stub per action.</summary>
    Created,

    /// <summary><see cref="ImplementationMergeResult.Text"/> is the input brought in line with the definition.</summary>
    Updated,

    /// <summary>The file does not parse; it must not be touched (<see cref="ImplementationMergeResult.SyntaxError"/>).</summary>
    SyntaxErrors,

    /// <summary>The file has no entry class; it must not be touched.</summary>
    EntryClassNotFound,

    /// <summary>
    /// The merged text would not parse, which only a definition with invalid names can cause; the file must
    /// not be touched (<see cref="ImplementationMergeResult.SyntaxError"/> is the error in the merged text).
    /// </summary>
    ResultWouldNotParse,
}

public enum ImplementationChangeKind
{
    FileCreated,
    StubAdded,
    MethodRenamed,
    ParametersChanged,
    ReturnTypeChanged,
    ActionKeyAdded,
    ActionKeyChanged,
}

/// <summary>One change the merge made (or, with merging switched off, would make), in words for the log.</summary>
public sealed record ImplementationChange(ImplementationChangeKind Kind, string ActionName, string Description);

/// <summary>A method that implements no action any more; kept. Line and column are 1-based, in the merged text.</summary>
public sealed record KeptMethod(string Name, int Line, int Column);

/// <summary>A second method carrying an action key that another method already carries. Line and column as in <see cref="KeptMethod"/>.</summary>
public sealed record DuplicateActionKey(string Key, string UsedMethod, string IgnoredMethod, int Line, int Column);

/// <summary>The first syntax error of a file that does not parse. Line and column are 1-based.</summary>
public sealed record SyntaxProblem(int Line, int Column, string Message);

public sealed class ImplementationMergeResult
{
    public required ImplementationMergeOutcome Outcome { get; init; }

    /// <summary>The implementation file's new text; null when the file must not be touched.</summary>
    public string? Text { get; init; }

    public IReadOnlyList<ImplementationChange> Changes { get; init; } = [];

    public IReadOnlyList<KeptMethod> KeptMethods { get; init; } = [];

    public IReadOnlyList<DuplicateActionKey> DuplicateKeys { get; init; } = [];

    public SyntaxProblem? SyntaxError { get; init; }

    public bool Changed => Outcome is ImplementationMergeOutcome.Created or ImplementationMergeOutcome.Updated;

    /// <summary>At most this many changes are spelled out in <see cref="Summary"/>; a log line must stay readable.</summary>
    public const int SummaryLimit = 10;

    /// <summary>The changes in one line, for the log: "stub for the new action …; method … renamed to …".</summary>
    public string Summary =>
        Changes.Count <= SummaryLimit
            ? string.Join("; ", Changes.Select(static c => c.Description))
            : string.Join("; ", Changes.Take(SummaryLimit).Select(static c => c.Description)) +
              string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; and {Changes.Count - SummaryLimit} more");
}
