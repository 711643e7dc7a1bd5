using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration;

/// <summary>
/// Brings the user's implementation file (<c>{Name}Actions.cs</c>) in line with the definition by
/// editing its Roslyn syntax tree: it adds a stub per new action, renames a method whose action was
/// renamed (found by its <c>[ActionKey]</c>, else by name), and brings parameter lists in line. Everything
/// else — bodies, comments, usings, other members, formatting — is carried over token by token.
/// It never deletes a method. Pure: text in, text out; <see cref="SourceUpdater"/> does the file work.
/// </summary>
public static partial class ImplementationMerger
{
    private const string LocationAnnotationKind = "OneClickPublish.Location";

    // Preview, so that a file using the newest C# is not mistaken for a broken one.
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    /// <summary>
    /// Merges <paramref name="definition"/> into <paramref name="currentText"/>; null (no file yet) or blank text
    /// gives a new file with the entry class and a stub per action.
    /// </summary>
    /// <param name="languageVersion">The project's C# version (MSBuild's LangVersion): a new file uses a file-scoped namespace only where it compiles.</param>
    public static ImplementationMergeResult Merge(ExtensionDefinition definition, string? currentText, string? languageVersion = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!string.IsNullOrWhiteSpace(currentText))
        {
            return MergeInto(definition, currentText);
        }

        var created = MergeInto(definition, ImplementationFileTemplate.Create(definition, CSharpLanguage.HasFileScopedNamespaces(languageVersion)));
        if (created.Outcome == ImplementationMergeOutcome.ResultWouldNotParse)
        {
            return created;
        }

        return new ImplementationMergeResult
        {
            Outcome = ImplementationMergeOutcome.Created,
            Text = created.Text,
            Changes =
            [
                new(ImplementationChangeKind.FileCreated, definition.Name, $"new file with a stub for each of the {definition.Actions.Count} action(s)"),
                .. created.Changes,
            ],
        };
    }

    private static ImplementationMergeResult MergeInto(ExtensionDefinition definition, string text)
    {
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions);
        var error = tree.GetDiagnostics().FirstOrDefault(static d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        if (error is not null)
        {
            var position = error.Location.GetLineSpan().StartLinePosition;
            return new ImplementationMergeResult
            {
                Outcome = ImplementationMergeOutcome.SyntaxErrors,
                SyntaxError = new SyntaxProblem(position.Line + 1, position.Character + 1, error.GetMessage(CultureInfo.InvariantCulture)),
            };
        }

        var root = tree.GetCompilationUnitRoot();
        var entryClasses = root.DescendantNodes()
            .OfType<ClassDeclarationSyntax>()
            .Where(c => c.Identifier.ValueText == definition.EntryClassName)
            .ToList();
        if (entryClasses.Count == 0)
        {
            return new ImplementationMergeResult { Outcome = ImplementationMergeOutcome.EntryClassNotFound };
        }

        var merge = new MergeRun(definition, root, entryClasses, text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n");
        return merge.Run(text);
    }

    /// <summary>The state of one merge.</summary>
    private sealed class MergeRun
    {
        private readonly ExtensionDefinition _definition;
        private readonly string _eol;
        private readonly TypeSpelling _spelling;
        private readonly string _actionKeyAttribute;
        private readonly List<ImplementationChange> _changes = [];
        private readonly List<(string Key, MethodDeclarationSyntax Used, MethodDeclarationSyntax Ignored)> _duplicates = [];
        private readonly CompilationUnitSyntax _root;
        private readonly List<ClassDeclarationSyntax> _entryClasses;

        public MergeRun(ExtensionDefinition definition, CompilationUnitSyntax root, List<ClassDeclarationSyntax> entryClasses, string eol)
        {
            _definition = definition;
            _root = root;
            _entryClasses = entryClasses;
            _eol = eol;
            var entryClass = entryClasses[0];
            var inExtensionNamespace = IsInExtensionNamespace(entryClass, root, definition.EffectiveNamespace);
            _spelling = new TypeSpelling(
                SystemImported: Imports(entryClass, root, "System"),
                CollectionsImported: Imports(entryClass, root, "System.Collections.Generic"),
                InExtensionNamespace: inExtensionNamespace);
            _actionKeyAttribute = inExtensionNamespace ? "ActionKey" : $"global::{definition.EffectiveNamespace}.ActionKey";
        }

        public ImplementationMergeResult Run(string originalText)
        {
            var methods = _entryClasses.SelectMany(static c => c.Members.OfType<MethodDeclarationSyntax>()).ToList();
            var matches = MatchActions(methods);

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var (action, method) in matches)
            {
                var updated = UpdateMethod(action, method);
                if (updated != method)
                {
                    replacements[method] = updated;
                }
            }

            var newActions = _definition.Actions.Where(a => !matches.ContainsKey(a)).ToList();
            var stubs = newActions.Count > 0 ? Stubs(newActions) : [];

            // Methods to point warnings at are annotated, so that they can be found again in the merged text.
            var matchedMethods = matches.Values.ToHashSet();
            var matchedNames = matches.Keys.Select(static a => a.Name).ToHashSet(StringComparer.Ordinal);
            var kept = methods.Where(m => !matchedMethods.Contains(m) && !matchedNames.Contains(m.Identifier.ValueText) && LooksLikeAnAction(m)).ToList();
            var located = kept.Concat(_duplicates.Select(static d => d.Ignored)).Distinct()
                .Select((m, i) => (m, i))
                .ToDictionary(static p => (SyntaxNode)p.m, static p => new SyntaxAnnotation(LocationAnnotationKind, p.i.ToString(CultureInfo.InvariantCulture)));

            // One pass that rebuilds only what changed: replacing thousands of nodes one by one is quadratic.
            var entryClass = _entryClasses[0];
            var touched = replacements.Keys.Concat(located.Keys).ToHashSet();
            if (stubs.Count > 0)
            {
                touched.Add(entryClass);
            }

            var root = touched.Count == 0 ? _root : _root.ReplaceNodes(touched, (original, rewritten) =>
            {
                if (original == entryClass)
                {
                    return AddStubs((ClassDeclarationSyntax)rewritten, stubs);
                }

                var node = replacements.TryGetValue(original, out var replacement) ? replacement : rewritten;
                return located.TryGetValue(original, out var annotation) ? node.WithAdditionalAnnotations(annotation) : node;
            });

            var finalText = _changes.Count == 0 ? originalText : root.ToFullString();

            // A safety net, not a check of the definition: names the verifier would reject (a space in an
            // action name, say) must not turn a user's good file into a broken one.
            if (_changes.Count > 0
                && CSharpSyntaxTree.ParseText(finalText, ParseOptions).GetDiagnostics().FirstOrDefault(static d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error) is { } broken)
            {
                var position = broken.Location.GetLineSpan().StartLinePosition;
                return new ImplementationMergeResult
                {
                    Outcome = ImplementationMergeOutcome.ResultWouldNotParse,
                    SyntaxError = new SyntaxProblem(position.Line + 1, position.Character + 1, broken.GetMessage(CultureInfo.InvariantCulture)),
                    Changes = _changes,
                };
            }

            var lines = SourceText.From(finalText).Lines;
            (int Line, int Column) Where(SyntaxNode original)
            {
                var annotation = located[original];
                var method = (MethodDeclarationSyntax)root.GetAnnotatedNodes(annotation).Single();
                var position = lines.GetLinePosition(method.Identifier.SpanStart);
                return (position.Line + 1, position.Character + 1);
            }

            return new ImplementationMergeResult
            {
                Outcome = _changes.Count == 0 ? ImplementationMergeOutcome.Unchanged : ImplementationMergeOutcome.Updated,
                Text = finalText,
                Changes = _changes,
                KeptMethods = kept.Select(m =>
                {
                    var (line, column) = Where(m);
                    return new KeptMethod(m.Identifier.ValueText, line, column);
                }).ToList(),
                DuplicateKeys = _duplicates.Select(d =>
                {
                    var (line, column) = Where(d.Ignored);
                    return new DuplicateActionKey(d.Key, d.Used.Identifier.ValueText, d.Ignored.Identifier.ValueText, line, column);
                }).ToList(),
            };
        }

        /// <summary>Methods are matched to actions by <c>[ActionKey]</c> first, then by name (exact, then ignoring case).</summary>
        private Dictionary<ActionDefinition, MethodDeclarationSyntax> MatchActions(List<MethodDeclarationSyntax> methods)
        {
            // Lookups, not scans: a definition may have thousands of actions.
            var keyOf = methods.ToDictionary(static m => m, static m => ActionKeyOf(m)?.Key);
            var byKey = methods.Where(m => keyOf[m] is not null).ToLookup(m => keyOf[m]!, StringComparer.Ordinal);
            var byName = methods.ToLookup(static m => m.Identifier.ValueText, StringComparer.OrdinalIgnoreCase);
            var definitionKeys = _definition.Actions.Select(static a => a.Key).OfType<string>().ToHashSet(StringComparer.Ordinal);

            var matches = new Dictionary<ActionDefinition, MethodDeclarationSyntax>();
            var used = new HashSet<MethodDeclarationSyntax>();
            foreach (var action in _definition.Actions.Where(static a => !string.IsNullOrEmpty(a.Key)))
            {
                var keyed = byKey[action.Key!].ToList();
                if (keyed.Count == 0)
                {
                    continue;
                }

                matches[action] = keyed[0];
                used.Add(keyed[0]);
                _duplicates.AddRange(keyed.Skip(1).Select(m => (action.Key!, keyed[0], m)));
            }

            foreach (var action in _definition.Actions.Where(a => !matches.ContainsKey(a)))
            {
                // A method tied by its key to another action of the definition belongs to that one. A private,
                // internal or static method of the same name is a helper, whose signature is not ours to change,
                // unless it already has the action's exact signature (then only `public` is missing, and a stub
                // beside it would not compile).
                var named = byName[action.Name]
                    .Where(m => !used.Contains(m)
                        && !(keyOf[m] is { } key && key != action.Key && definitionKeys.Contains(key))
                        && (keyOf[m] is not null || CouldImplementInterface(m) || !ParametersDiffer(action, m)))
                    .ToList();
                var exact = named.FindAll(m => m.Identifier.ValueText == action.Name);
                var candidates = exact.Count > 0 ? exact : named;
                if (candidates.Count == 0)
                {
                    continue;
                }

                // Of several overloads, the one that already has the right signature is the implementation.
                var method = candidates.Find(m => !ParametersDiffer(action, m)) ?? candidates[0];
                matches[action] = method;
                used.Add(method);
            }

            return matches;
        }

        private static bool CouldImplementInterface(MethodDeclarationSyntax method) =>
            method.ExplicitInterfaceSpecifier is not null
            || (method.Modifiers.Any(SyntaxKind.PublicKeyword) && !method.Modifiers.Any(SyntaxKind.StaticKeyword));

        private static bool LooksLikeAnAction(MethodDeclarationSyntax method) =>
            ActionKeyOf(method) is not null
            || method.ExplicitInterfaceSpecifier is not null
            || (method.Modifiers.Any(SyntaxKind.PublicKeyword)
                && !method.Modifiers.Any(SyntaxKind.StaticKeyword)
                && method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword });

        private MethodDeclarationSyntax UpdateMethod(ActionDefinition action, MethodDeclarationSyntax method)
        {
            var updated = UpdateParameters(action, method);

            if (updated.ReturnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
            {
                updated = updated.WithReturnType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)).WithTriviaFrom(updated.ReturnType));
                _changes.Add(new(ImplementationChangeKind.ReturnTypeChanged, action.Name, $"{action.Name} returns void (results are out parameters)"));
            }

            var oldName = updated.Identifier.ValueText;
            if (oldName != action.Name)
            {
                updated = updated.WithIdentifier(IdentifierToken(CodeNames.EscapeIdentifier(action.Name)).WithTriviaFrom(updated.Identifier));
                var because = ActionKeyOf(method)?.Key is { } key && key == action.Key ? $" (found by its Key '{key}')" : string.Empty;
                _changes.Add(new(ImplementationChangeKind.MethodRenamed, action.Name, $"method {oldName} renamed to {action.Name}{because}"));
            }

            return UpdateActionKey(action, updated);
        }

        private MethodDeclarationSyntax UpdateActionKey(ActionDefinition action, MethodDeclarationSyntax method)
        {
            if (string.IsNullOrEmpty(action.Key))
            {
                return method;
            }

            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(action.Key));
            var existing = ActionKeyOf(method);
            if (existing is { } found)
            {
                if (found.Key == action.Key)
                {
                    return method;
                }

                var argument = found.Attribute.ArgumentList!.Arguments[0];
                _changes.Add(new(ImplementationChangeKind.ActionKeyChanged, action.Name, $"action key of {action.Name} changed from '{found.Key}' to '{action.Key}'"));
                return method.ReplaceNode(argument.Expression, literal.WithTriviaFrom(argument.Expression));
            }

            var attributeList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Attribute(
                        SyntaxFactory.ParseName(_actionKeyAttribute),
                        SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(literal))))))
                .WithLeadingTrivia(method.GetLeadingTrivia())
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(_eol));
            var indent = Indentation(method);
            var marked = method.WithLeadingTrivia(SyntaxFactory.Whitespace(indent));
            _changes.Add(new(ImplementationChangeKind.ActionKeyAdded, action.Name, $"{action.Name} marked with its action key '{action.Key}' so that a rename keeps its code"));
            return marked.WithAttributeLists(marked.AttributeLists.Insert(0, attributeList));
        }

        /// <summary>
        /// Gives the method the action's parameters in definition order. Existing parameters are matched by
        /// name (exact, then ignoring case), then by position; a matched one keeps its attributes, default and
        /// trivia and only has its name, type or direction corrected. Renamed parameters are renamed in the
        /// body too, so the body keeps compiling.
        /// </summary>
        private MethodDeclarationSyntax UpdateParameters(ActionDefinition action, MethodDeclarationSyntax method)
        {
            var existing = method.ParameterList.Parameters;
            var wanted = action.Parameters;
            var assigned = new ParameterSyntax?[wanted.Count];
            var taken = new HashSet<ParameterSyntax>();

            void Assign(Func<ParameterSyntax, ParameterDefinition, bool> fits)
            {
                for (var i = 0; i < wanted.Count; i++)
                {
                    if (assigned[i] is not null)
                    {
                        continue;
                    }

                    var found = existing.FirstOrDefault(p => !taken.Contains(p) && fits(p, wanted[i]));
                    if (found is not null)
                    {
                        assigned[i] = found;
                        taken.Add(found);
                    }
                }
            }

            Assign(static (p, d) => p.Identifier.ValueText == CodeNames.ParameterMetadataName(d.Name));
            Assign(static (p, d) => string.Equals(p.Identifier.ValueText, CodeNames.ParameterMetadataName(d.Name), StringComparison.OrdinalIgnoreCase));
            // What is left at the same place with the same type and direction is the same parameter, renamed.
            // Anything else is a removed parameter and an added one: guessing further could silently rewire a body.
            for (var i = 0; i < wanted.Count && i < existing.Count; i++)
            {
                if (assigned[i] is null && !taken.Contains(existing[i])
                    && existing[i].Type is { } type && SameType(type.ToString(), CodeNames.TypeName(wanted[i], _definition, _spelling))
                    && existing[i].Modifiers.Any(SyntaxKind.OutKeyword) == (wanted[i].Direction == ParameterDirection.Output))
                {
                    assigned[i] = existing[i];
                    taken.Add(existing[i]);
                }
            }

            var multiLine = method.ParameterList.Parameters.Count > 0 && method.ParameterList.Parameters.GetSeparators().Any(static s => s.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia));
            var newParameterIndent = multiLine ? method.ParameterList.Parameters.Last().GetLeadingTrivia() : default;

            var renames = new Dictionary<string, string>(StringComparer.Ordinal);
            var parameters = new List<ParameterSyntax>();
            var changed = existing.Count != wanted.Count;
            for (var i = 0; i < wanted.Count; i++)
            {
                var old = assigned[i];
                if (old is null)
                {
                    var created = SyntaxFactory.ParseParameterList("(" + CodeGenerator.Parameter(wanted[i], _definition, _spelling) + ")").Parameters[0];
                    parameters.Add(i == 0 && !multiLine ? created : created.WithLeadingTrivia(newParameterIndent));
                    changed = true;
                    continue;
                }

                var updated = UpdateParameter(old, wanted[i], renames);
                changed |= updated != old || existing.IndexOf(old) != i;
                parameters.Add(updated);
            }

            if (!changed)
            {
                return method;
            }

            var oldSeparators = existing.GetSeparators().ToList();
            var separators = Enumerable.Range(0, Math.Max(0, parameters.Count - 1))
                .Select(i => i < oldSeparators.Count
                    ? oldSeparators[i]
                    : oldSeparators.Count > 0 ? oldSeparators[^1] : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space))
                .ToList();
            var list = method.ParameterList.WithParameters(SyntaxFactory.SeparatedList(parameters, separators));

            // Comments on parameters that are gone move above the method, so that none is lost.
            var droppedTrivia = existing.Where(p => !taken.Contains(p)).SelectMany(static p => p.DescendantTrivia(descendIntoTrivia: false))
                .Concat(oldSeparators.Skip(separators.Count).SelectMany(static s => s.LeadingTrivia.Concat(s.TrailingTrivia)))
                .Where(static t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                .ToList();

            var before = Signature(method.ParameterList);
            var updatedMethod = method.WithParameterList(list);
            if (renames.Count > 0)
            {
                updatedMethod = RenameInBody(updatedMethod, renames);
            }

            if (droppedTrivia.Count > 0)
            {
                var indent = Indentation(method);
                var moved = droppedTrivia.SelectMany(t => new[] { t, SyntaxFactory.EndOfLine(_eol), SyntaxFactory.Whitespace(indent) });
                updatedMethod = updatedMethod.WithLeadingTrivia(updatedMethod.GetLeadingTrivia().AddRange(moved));
            }

            _changes.Add(new(
                ImplementationChangeKind.ParametersChanged,
                action.Name,
                $"parameters of {action.Name} changed from ({before}) to ({Signature(list)})"));
            return updatedMethod;
        }

        private ParameterSyntax UpdateParameter(ParameterSyntax parameter, ParameterDefinition wanted, Dictionary<string, string> renames)
        {
            var updated = parameter;
            var name = CodeNames.ParameterName(wanted.Name);
            if (parameter.Identifier.ValueText != CodeNames.ParameterMetadataName(wanted.Name))
            {
                renames[parameter.Identifier.ValueText] = name;
                updated = updated.WithIdentifier(IdentifierToken(name).WithTriviaFrom(parameter.Identifier));
            }

            var typeText = CodeNames.TypeName(wanted, _definition, _spelling);
            if (updated.Type is null || !SameType(updated.Type.ToString(), typeText))
            {
                var type = SyntaxFactory.ParseTypeName(typeText);
                updated = updated.WithType(updated.Type is null ? type.WithTrailingTrivia(SyntaxFactory.Space) : type.WithTriviaFrom(updated.Type));
            }

            var wantOut = wanted.Direction == ParameterDirection.Output;
            var direction = updated.Modifiers.Where(static m => m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.InKeyword) || m.IsKind(SyntaxKind.ReadOnlyKeyword)).ToList();
            var isOut = direction.Count == 1 && direction[0].IsKind(SyntaxKind.OutKeyword);
            if (isOut == wantOut && (wantOut || direction.Count == 0))
            {
                return updated;
            }

            // The first token of the parameter carries its indentation; keep it wherever the modifiers move.
            var firstToken = updated.AttributeLists.Count == 0 ? updated.GetFirstToken() : default;
            var leading = firstToken == default ? default : firstToken.LeadingTrivia;
            var modifiers = updated.Modifiers.Where(m => !direction.Contains(m)).ToList();
            if (wantOut)
            {
                modifiers.Insert(0, SyntaxFactory.Token(SyntaxKind.OutKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            }

            updated = updated.WithModifiers(SyntaxFactory.TokenList(modifiers));
            if (updated.AttributeLists.Count == 0)
            {
                updated = updated.WithType(updated.Type!.WithLeadingTrivia()).WithLeadingTrivia(leading);
            }

            return updated;
        }

        private static MethodDeclarationSyntax RenameInBody(MethodDeclarationSyntax method, Dictionary<string, string> renames)
        {
            var renamer = new ParameterReferenceRenamer(renames);
            if (method.Body is not null)
            {
                method = method.WithBody((BlockSyntax)renamer.Visit(method.Body));
            }

            if (method.ExpressionBody is not null)
            {
                method = method.WithExpressionBody((ArrowExpressionClauseSyntax)renamer.Visit(method.ExpressionBody));
            }

            // <param name="…"> and <paramref name="…"/> in the doc comment follow too: a stale one is a
            // warning (an error under TreatWarningsAsErrors) when the project generates documentation.
            var docNames = method.GetLeadingTrivia()
                .Where(static t => t.HasStructure)
                .SelectMany(static t => t.GetStructure()!.DescendantNodes().OfType<XmlNameAttributeSyntax>())
                .Where(n => renames.ContainsKey(n.Identifier.Identifier.ValueText))
                .ToList();
            if (docNames.Count > 0)
            {
                method = method.ReplaceNodes(docNames, (original, _) => original.WithIdentifier(
                    SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(renames[original.Identifier.Identifier.ValueText].TrimStart('@')))
                        .WithTriviaFrom(original.Identifier)));
            }

            return method;
        }

        private List<MemberDeclarationSyntax> Stubs(List<ActionDefinition> actions)
        {
            var entryClass = _entryClasses[0];
            var hasMembers = entryClass.Members.Count > 0;
            var classIndent = Indentation(entryClass);
            var memberIndent = hasMembers ? Indentation(entryClass.Members[0]) : classIndent + "    ";
            var unit = memberIndent.Length > classIndent.Length && memberIndent.StartsWith(classIndent, StringComparison.Ordinal)
                ? memberIndent[classIndent.Length..]
                : "    ";

            var stubs = new List<MemberDeclarationSyntax>();
            foreach (var action in actions)
            {
                var text = new StringBuilder();
                if (hasMembers || stubs.Count > 0)
                {
                    text.Append(_eol);
                }

                if (!string.IsNullOrEmpty(action.Key))
                {
                    text.Append(memberIndent).Append('[').Append(_actionKeyAttribute).Append('(')
                        .Append(SymbolDisplay.FormatLiteral(action.Key, quote: true)).Append(")]").Append(_eol);
                }

                text.Append(memberIndent).Append("public void ").Append(CodeNames.EscapeIdentifier(action.Name))
                    .Append('(').Append(CodeGenerator.ParameterList(action, _definition, _spelling)).Append(')').Append(_eol);
                text.Append(memberIndent).Append('{').Append(_eol);
                text.Append(memberIndent).Append(unit).Append("throw new global::System.NotImplementedException();").Append(_eol);
                text.Append(memberIndent).Append('}').Append(_eol);
                stubs.Add(SyntaxFactory.ParseMemberDeclaration(text.ToString(), options: ParseOptions)!);
                _changes.Add(new(ImplementationChangeKind.StubAdded, action.Name, $"stub for the new action {action.Name}"));
            }

            return stubs;
        }

        private ClassDeclarationSyntax AddStubs(ClassDeclarationSyntax entryClass, List<MemberDeclarationSyntax> stubs)
        {
            if (entryClass.Members.Count == 0 && !entryClass.OpenBraceToken.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            {
                entryClass = entryClass.WithOpenBraceToken(entryClass.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.EndOfLine(_eol)));
            }

            return entryClass.AddMembers([.. stubs]);
        }

        private bool ParametersDiffer(ActionDefinition action, MethodDeclarationSyntax method)
        {
            var existing = method.ParameterList.Parameters;
            if (existing.Count != action.Parameters.Count)
            {
                return true;
            }

            for (var i = 0; i < existing.Count; i++)
            {
                var wanted = action.Parameters[i];
                var isOut = existing[i].Modifiers.Any(SyntaxKind.OutKeyword);
                if (existing[i].Identifier.ValueText != CodeNames.ParameterMetadataName(wanted.Name)
                    || existing[i].Type is null
                    || !SameType(existing[i].Type!.ToString(), CodeNames.TypeName(wanted, _definition, _spelling))
                    || isOut != (wanted.Direction == ParameterDirection.Output))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether two spellings name the same type, without a semantic model: <c>global::</c>, the System
        /// and collection namespaces and the extension's namespace are ignored, framework names equal their
        /// C# keywords, and <c>?</c> on a reference type is only an annotation.
        /// </summary>
        private bool SameType(string written, string expected) =>
            string.Equals(written, expected, StringComparison.Ordinal) || NormalizeType(written) == NormalizeType(expected);

        private string NormalizeType(string type)
        {
            var text = WhitespaceRegex().Replace(type, string.Empty).Replace("global::", string.Empty, StringComparison.Ordinal);
            text = text.Replace(_definition.EffectiveNamespace + ".", string.Empty, StringComparison.Ordinal)
                .Replace("System.Collections.Generic.", string.Empty, StringComparison.Ordinal)
                .Replace("System.", string.Empty, StringComparison.Ordinal);
            text = FrameworkNameRegex().Replace(text, static m => m.Value switch
            {
                "String" => "string",
                "Int32" => "int",
                "Int64" => "long",
                "Decimal" => "decimal",
                "Boolean" => "bool",
                "Object" => "object",
                "Byte" => "byte",
                _ => m.Value,
            });
            return NullableAnnotationRegex().Replace(text, static m =>
                m.Groups["name"].Value is "int" or "long" or "decimal" or "bool" or "byte" or "DateTime" ? m.Value : m.Groups["name"].Value);
        }

        private static (AttributeSyntax Attribute, string Key)? ActionKeyOf(MethodDeclarationSyntax method)
        {
            foreach (var attribute in method.AttributeLists.SelectMany(static l => l.Attributes))
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => string.Empty,
                };
                if (name is "ActionKey" or CodeNames.ActionKeyAttributeName
                    && attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
                {
                    return (attribute, literal.Token.ValueText);
                }
            }

            return null;
        }

        private static bool Imports(SyntaxNode entryClass, CompilationUnitSyntax root, string @namespace) =>
            root.Usings.Concat(entryClass.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().SelectMany(static n => n.Usings))
                .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == @namespace);

        private static bool IsInExtensionNamespace(SyntaxNode entryClass, CompilationUnitSyntax root, string @namespace)
        {
            var enclosing = string.Join(".", entryClass.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(static n => n.Name.ToString()));
            return enclosing == @namespace
                || enclosing.StartsWith(@namespace + ".", StringComparison.Ordinal)
                || Imports(entryClass, root, @namespace);
        }

        /// <summary>The whitespace at the start of the line a node starts on.</summary>
        private static string Indentation(SyntaxNode node)
        {
            var trivia = node.GetLeadingTrivia();
            var indent = new StringBuilder();
            for (var i = trivia.Count - 1; i >= 0 && trivia[i].IsKind(SyntaxKind.WhitespaceTrivia); i--)
            {
                indent.Insert(0, trivia[i].ToString());
            }

            return indent.ToString();
        }

        private static string Signature(ParameterListSyntax list) =>
            string.Join(", ", list.Parameters.Select(static p => WhitespaceRunRegex().Replace(p.WithoutTrivia().ToString(), " ")));
    }

    private static SyntaxToken IdentifierToken(string escapedName) => SyntaxFactory.ParseToken(escapedName);

    /// <summary>Renames uses of parameters in a body; member names, named arguments and the like are left alone.</summary>
    private sealed class ParameterReferenceRenamer(Dictionary<string, string> renames) : CSharpSyntaxRewriter
    {
        // Names re-declared by a lambda or local function inside the body shadow the parameter there.
        private readonly HashSet<string> _shadowed = new(StringComparer.Ordinal);

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (!renames.TryGetValue(node.Identifier.ValueText, out var name) || _shadowed.Contains(node.Identifier.ValueText) || !IsReference(node))
            {
                return base.VisitIdentifierName(node);
            }

            return node.WithIdentifier(IdentifierToken(name).WithTriviaFrom(node.Identifier));
        }

        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
            Shadowing([node.Parameter], () => base.VisitSimpleLambdaExpression(node));

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
            Shadowing(node.ParameterList.Parameters, () => base.VisitParenthesizedLambdaExpression(node));

        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) =>
            Shadowing(node.ParameterList?.Parameters ?? [], () => base.VisitAnonymousMethodExpression(node));

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) =>
            Shadowing(node.ParameterList.Parameters, () => base.VisitLocalFunctionStatement(node));

        private SyntaxNode? Shadowing(IEnumerable<ParameterSyntax> parameters, Func<SyntaxNode?> visit)
        {
            var added = parameters.Select(static p => p.Identifier.ValueText).Where(n => renames.ContainsKey(n) && _shadowed.Add(n)).ToList();
            try
            {
                return visit();
            }
            finally
            {
                _shadowed.ExceptWith(added);
            }
        }

        private static bool IsReference(IdentifierNameSyntax node) => node.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == node,
            QualifiedNameSyntax qualified => qualified.Left == node,
            MemberBindingExpressionSyntax => false,
            NameColonSyntax => false,
            NameEqualsSyntax => false,
            _ => true,
        };
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRunRegex();

    [GeneratedRegex(@"\b(String|Int32|Int64|Decimal|Boolean|Object|Byte)\b")]
    private static partial Regex FrameworkNameRegex();

    [GeneratedRegex(@"(?<name>[A-Za-z_]\w*|\]|>)\?")]
    private static partial Regex NullableAnnotationRegex();
}
