using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    private const string MethodAnnotationKind = "OneClickPublish.Method";
    private const string EntryClassAnnotationKind = "OneClickPublish.EntryClass";

    // Preview, so that a file using the newest C# is not mistaken for a broken one.
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    /// <summary>Merges <paramref name="definition"/> into <paramref name="currentText"/>; null text means the file does not exist yet.</summary>
    public static ImplementationMergeResult Merge(ExtensionDefinition definition, string? currentText)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (currentText is not null)
        {
            return MergeInto(definition, currentText);
        }

        var created = MergeInto(definition, NewFile(definition));
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

    private static string NewFile(ExtensionDefinition definition)
    {
        var parameters = definition.Actions.SelectMany(static a => a.Parameters).ToList();
        var text = new StringBuilder();
        if (parameters.Exists(static p => p.DataType is DataType.DateTime or DataType.Date or DataType.Time))
        {
            text.Append("using System;\n");
        }

        if (parameters.Exists(static p => p.DataType == DataType.RecordList))
        {
            text.Append("using System.Collections.Generic;\n");
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"namespace {definition.EffectiveNamespace};\n\n");
        text.Append("/// <summary>\n");
        text.Append(CultureInfo.InvariantCulture, $"/// The actions of the extension {definition.Name}. OneClickPublish adds a stub here for each new action\n");
        text.Append("/// and keeps the signatures in line with the extension definition; it never removes your code.\n");
        text.Append("/// </summary>\n");
        text.Append(CultureInfo.InvariantCulture, $"public partial class {CodeNames.EscapeIdentifier(definition.EntryClassName)} : {CodeNames.EscapeIdentifier(definition.InterfaceName)}\n");
        text.Append("{\n}\n");
        return text.ToString();
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

        // Annotate first, so the same methods can be found again after the tree has been rebuilt around them.
        var originalMethods = entryClasses.SelectMany(static c => c.Members.OfType<MethodDeclarationSyntax>()).ToList();
        var index = originalMethods.Select((m, i) => (m, i)).ToDictionary(static p => (SyntaxNode)p.m, static p => p.i);
        root = root.ReplaceNodes(
            originalMethods.Cast<SyntaxNode>().Append(entryClasses[0]),
            (original, rewritten) => index.TryGetValue(original, out var i)
                ? rewritten.WithAdditionalAnnotations(new SyntaxAnnotation(MethodAnnotationKind, i.ToString(CultureInfo.InvariantCulture)))
                : rewritten.WithAdditionalAnnotations(new SyntaxAnnotation(EntryClassAnnotationKind)));

        var merge = new MergeRun(definition, root, text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n");
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
        private CompilationUnitSyntax _root;

        public MergeRun(ExtensionDefinition definition, CompilationUnitSyntax root, string eol)
        {
            _definition = definition;
            _root = root;
            _eol = eol;
            var entryClass = EntryClass(root);
            var inExtensionNamespace = IsInExtensionNamespace(entryClass, root, definition.EffectiveNamespace);
            _spelling = new TypeSpelling(
                SystemImported: Imports(entryClass, root, "System"),
                CollectionsImported: Imports(entryClass, root, "System.Collections.Generic"),
                InExtensionNamespace: inExtensionNamespace);
            _actionKeyAttribute = inExtensionNamespace ? "ActionKey" : $"global::{definition.EffectiveNamespace}.ActionKey";
        }

        public ImplementationMergeResult Run(string originalText)
        {
            var methods = _root.GetAnnotatedNodes(MethodAnnotationKind).Cast<MethodDeclarationSyntax>().ToList();
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

            if (replacements.Count > 0)
            {
                _root = _root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            }

            var newActions = _definition.Actions.Where(a => !matches.ContainsKey(a)).ToList();
            if (newActions.Count > 0)
            {
                AddStubs(newActions);
            }

            var matchedIds = matches.Values.Select(AnnotationId).ToHashSet();
            var matchedNames = matches.Keys.Select(static a => a.Name).ToHashSet(StringComparer.Ordinal);
            var finalRoot = _changes.Count == 0 ? _root : (CompilationUnitSyntax)CSharpSyntaxTree.Create(_root, ParseOptions).GetRoot();
            var finalMethods = finalRoot.GetAnnotatedNodes(MethodAnnotationKind).Cast<MethodDeclarationSyntax>().ToList();
            var kept = finalMethods
                .Where(m => !matchedIds.Contains(AnnotationId(m)) && !matchedNames.Contains(m.Identifier.ValueText) && LooksLikeAnAction(m))
                .Select(static m => Located(m, static (m, line, column) => new KeptMethod(m.Identifier.ValueText, line, column)))
                .ToList();
            var duplicates = _duplicates
                .Select(d => (d, Final: finalMethods.First(m => AnnotationId(m) == AnnotationId(d.Ignored))))
                .Select(static p => Located(p.Final, (m, line, column) => new DuplicateActionKey(p.d.Key, p.d.Used.Identifier.ValueText, m.Identifier.ValueText, line, column)))
                .ToList();

            return new ImplementationMergeResult
            {
                Outcome = _changes.Count == 0 ? ImplementationMergeOutcome.Unchanged : ImplementationMergeOutcome.Updated,
                Text = _changes.Count == 0 ? originalText : finalRoot.ToFullString(),
                Changes = _changes,
                KeptMethods = kept,
                DuplicateKeys = duplicates,
            };
        }

        private static T Located<T>(MethodDeclarationSyntax method, Func<MethodDeclarationSyntax, int, int, T> create)
        {
            var position = method.Identifier.GetLocation().GetLineSpan().StartLinePosition;
            return create(method, position.Line + 1, position.Character + 1);
        }

        private static string AnnotationId(SyntaxNode method) =>
            method.GetAnnotations(MethodAnnotationKind).First().Data!;

        private static ClassDeclarationSyntax EntryClass(SyntaxNode root) =>
            (ClassDeclarationSyntax)root.GetAnnotatedNodes(EntryClassAnnotationKind).Single();

        /// <summary>Methods are matched to actions by <c>[ActionKey]</c> first, then by name (exact, then ignoring case).</summary>
        private Dictionary<ActionDefinition, MethodDeclarationSyntax> MatchActions(List<MethodDeclarationSyntax> methods)
        {
            var matches = new Dictionary<ActionDefinition, MethodDeclarationSyntax>();
            var used = new HashSet<MethodDeclarationSyntax>();
            foreach (var action in _definition.Actions.Where(static a => !string.IsNullOrEmpty(a.Key)))
            {
                var keyed = methods.Where(m => ActionKeyOf(m)?.Key == action.Key).ToList();
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
                var byName = methods.Where(m => !used.Contains(m) && m.Identifier.ValueText == action.Name).ToList();
                if (byName.Count == 0)
                {
                    byName = methods.Where(m => !used.Contains(m) && string.Equals(m.Identifier.ValueText, action.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                }

                // A method tied by its key to another action of the definition belongs to that one.
                byName.RemoveAll(m => ActionKeyOf(m)?.Key is { } key && key != action.Key && _definition.Actions.Exists(a => a.Key == key));
                if (byName.Count == 0)
                {
                    continue;
                }

                // Of several overloads, the one that already has the right signature is the implementation.
                var method = byName.Find(m => !ParametersDiffer(action, m)) ?? byName[0];
                matches[action] = method;
                used.Add(method);
            }

            return matches;
        }

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
            for (var i = 0; i < wanted.Count && i < existing.Count; i++)
            {
                if (assigned[i] is null && !taken.Contains(existing[i]))
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

            return method;
        }

        private void AddStubs(List<ActionDefinition> actions)
        {
            var entryClass = EntryClass(_root);
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

            var updatedClass = entryClass;
            if (!hasMembers && !entryClass.OpenBraceToken.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            {
                updatedClass = updatedClass.WithOpenBraceToken(updatedClass.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.EndOfLine(_eol)));
            }

            _root = _root.ReplaceNode(entryClass, updatedClass.AddMembers([.. stubs]));
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
        private bool SameType(string written, string expected) => NormalizeType(written) == NormalizeType(expected);

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
        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (!renames.TryGetValue(node.Identifier.ValueText, out var name) || !IsReference(node))
            {
                return base.VisitIdentifierName(node);
            }

            return node.WithIdentifier(IdentifierToken(name).WithTriviaFrom(node.Identifier));
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
