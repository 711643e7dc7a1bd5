using System.Collections;

namespace OneClickPublish.Diagnostics;

/// <summary>
/// Collects every diagnostic a step reports, so that several independent mistakes are all
/// reported at once instead of one per run.
/// </summary>
public sealed class DiagnosticBag : IReadOnlyList<Diagnostic>
{
    private readonly List<Diagnostic> _items = [];

    public int Count => _items.Count;

    public Diagnostic this[int index] => _items[index];

    public bool HasErrors => _items.Exists(static d => d.Severity == DiagnosticSeverity.Error);

    public int ErrorCount => _items.Count(static d => d.Severity == DiagnosticSeverity.Error);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public Diagnostic Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args)
    {
        var diagnostic = Diagnostic.Create(descriptor, location, args);
        _items.Add(diagnostic);
        return diagnostic;
    }

    public IEnumerator<Diagnostic> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
