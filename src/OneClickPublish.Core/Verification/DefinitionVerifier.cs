using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using NuGet.Versioning;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Verification;

/// <summary>
/// The VerifyDefinition step's rules (docs/definition.md, codes OCP1020–1099). Reports every
/// problem with its location and never stops at the first one. Runs in time linear in the size of
/// the definition: every lookup goes through a dictionary built once.
/// </summary>
public static class DefinitionVerifier
{
    public const int MaxNameLength = 50;

    /// <summary>Entity attributes become database columns, whose names some databases cap at 30; 28 leaves room for a prefix.</summary>
    public const int MaxEntityAttributeNameLength = 28;

    public const int MaxDescriptionLength = 255;
    public const int MaxTableNameLength = 128;
    public const int MaxKeyLength = 100;
    public const int MaxTextLength = 2_000_000_000;
    public const int MaxDecimalDigits = 38;
    public const int MaxDecimals = 28;

    public static void Verify(ExtensionDefinition definition, DiagnosticBag diagnostics, DefinitionVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(diagnostics);
        // Rules run by kind of element; users read the result top to bottom, so report it in file order
        // (a stable sort: several problems at one place keep the order the rules found them in).
        var found = new DiagnosticBag();
        new Run(definition, found, options ?? new DefinitionVerifierOptions()).Verify();
        diagnostics.AddRange(found.OrderBy(static d => d.Location.Line).ThenBy(static d => d.Location.Column));
    }

    /// <summary>True for a valid element name: an ASCII letter, then ASCII letters, digits and '_'.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsCSharpKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;

    private sealed class Run(ExtensionDefinition definition, DiagnosticBag diagnostics, DefinitionVerifierOptions options)
    {
        /// <summary>Members every generated class inherits from object: a property or method of that name would hide one.</summary>
        private static readonly HashSet<string> ObjectMembers = new(StringComparer.OrdinalIgnoreCase)
        {
            "Equals", "GetHashCode", "GetType", "ToString", "Finalize", "MemberwiseClone", "ReferenceEquals",
        };

        private static readonly string[] DateTimeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm"];
        private static readonly string[] DateFormats = ["yyyy-MM-dd"];
        private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm"];

        // Sized for the actions up front: growing a dictionary of 50,000 entries step by step allocates
        // about twice its final size on the large object heap, which the collector pays for.
        private readonly Dictionary<string, DefinitionElement> _keys =
            new(definition.Actions.Count + definition.Structures.Count + definition.Entities.Count, StringComparer.Ordinal);

        // Scopes of names, reused from one action, structure or entity to the next.
        private readonly Dictionary<string, ParameterDefinition> _parameterNames = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, AttributeDefinition> _attributeNames = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Structures and entities by name, ignoring case: the Record Types. The first declared wins.</summary>
        private readonly Dictionary<string, DefinitionElement> _recordTypes = new(StringComparer.OrdinalIgnoreCase);

        public void Verify()
        {
            VerifyExtension();
            CollectRecordTypes();
            VerifyActions();
            foreach (var structure in definition.Structures)
            {
                VerifyStructure(structure);
            }

            VerifyEntities();
            VerifyResources();
            FindRecursiveStructures();
        }

        private void VerifyExtension()
        {
            var label = new Label(definition, null);
            if (CheckName(definition, label, MaxNameLength) && IsCSharpKeyword(definition.Name))
            {
                diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(definition), label, definition.Name, "it is a C# keyword");
            }

            if (definition.Version is null)
            {
                if (string.IsNullOrEmpty(definition.VersionText))
                {
                    diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, definition.Location, label, "Version");
                }
                else if (!NuGetVersion.TryParseStrict(definition.VersionText, out _))
                {
                    diagnostics.Report(DefinitionDiagnostics.InvalidVersion, Pick(definition.VersionLocation, definition.Location), definition.VersionText);
                }
            }

            if (definition.Namespace is not null && NamespaceProblem(definition.Namespace) is { } problem)
            {
                diagnostics.Report(DefinitionDiagnostics.InvalidNamespace, Pick(definition.NamespaceLocation, definition.Location), definition.Namespace, problem);
            }

            CheckKeyAndDescription(definition, label, isPublic: true);
            if (definition.Actions.Count == 0 && definition.Structures.Count == 0 && definition.Entities.Count == 0)
            {
                diagnostics.Report(DefinitionDiagnostics.EmptyExtension, definition.Location, definition.Name);
            }
        }

        private void CollectRecordTypes()
        {
            foreach (var element in definition.Structures.Cast<DefinitionElement>().Concat(definition.Entities))
            {
                if (element.Name.Length == 0)
                {
                    continue;
                }

                if (!_recordTypes.TryAdd(element.Name, element))
                {
                    var first = _recordTypes[element.Name];
                    diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(element), $"{element.Kind} '{element.Name}'", Mention(first) + LineOf(first));
                }
            }
        }

        private void VerifyActions()
        {
            var names = new Dictionary<string, ActionDefinition>(definition.Actions.Count, StringComparer.OrdinalIgnoreCase);
            var entryClassName = definition.EntryClassName; // built once, not once per action
            foreach (var action in definition.Actions)
            {
                var label = new Label(action, null);
                if (CheckName(action, label, MaxNameLength))
                {
                    if (!names.TryAdd(action.Name, action))
                    {
                        var first = names[action.Name];
                        diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(action), label, $"action '{first.Name}'{LineOf(first)}");
                    }

                    CheckReservedMemberName(action, label, entryClassName);
                }

                CheckKeyAndDescription(action, label, isPublic: true);
                VerifyParameters(action);

                if (action.IsFunction)
                {
                    var outputs = 0;
                    foreach (var parameter in action.Parameters)
                    {
                        outputs += parameter.Direction == ParameterDirection.Output ? 1 : 0;
                    }

                    if (outputs != 1)
                    {
                        diagnostics.Report(DefinitionDiagnostics.FunctionOutputCount, action.Location, action.Name, outputs);
                    }
                }

                if (!string.IsNullOrEmpty(action.Icon) && options.BaseDirectory is not null)
                {
                    var full = ResolveOnDisk(action.Icon);
                    if (full is null || !File.Exists(full))
                    {
                        diagnostics.Report(DefinitionDiagnostics.IconNotFound, Pick(action.IconLocation, action.Location), action.Name, action.Icon, full ?? action.Icon);
                    }
                }
            }
        }

        private void VerifyParameters(ActionDefinition action)
        {
            var names = _parameterNames;
            names.Clear();
            foreach (var parameter in action.Parameters)
            {
                var label = new Label(parameter, action);
                if (CheckName(parameter, label, MaxNameLength))
                {
                    if (!names.TryAdd(parameter.Name, parameter))
                    {
                        var first = names[parameter.Name];
                        diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(parameter), label, $"{first.Kind.ToLowerInvariant()} '{first.Name}'{LineOf(first)}");
                    }

                    CheckKeyword(parameter, label);
                }

                CheckKeyAndDescription(parameter, label, isPublic: false);
                var isOutput = parameter.Direction == ParameterDirection.Output;
                if (isOutput && parameter.IsMandatory)
                {
                    diagnostics.Report(DefinitionDiagnostics.OnlyInputsMandatory, parameter.Location, label);
                }

                VerifyTyped(parameter, label, isOutput ? "an output has no default" : null);
            }
        }

        private void VerifyStructure(StructureDefinition structure)
        {
            var label = new Label(structure, null);
            if (CheckName(structure, label, MaxNameLength))
            {
                CheckReservedTypeName(structure, label);
            }

            CheckKeyAndDescription(structure, label, isPublic: true);
            if (structure.Attributes.Count == 0)
            {
                diagnostics.Report(DefinitionDiagnostics.NoAttributes, structure.Location, label);
            }

            var names = _attributeNames;
            names.Clear();
            foreach (var attribute in structure.Attributes)
            {
                var attributeLabel = new Label(attribute, structure);
                VerifyAttributeName(structure, attribute, attributeLabel, MaxNameLength, names);
                if (attribute.IsIdentifier)
                {
                    diagnostics.Report(DefinitionDiagnostics.EntityOnlyProperty, attribute.Location, attributeLabel, "Identifier");
                }

                if (attribute.IsAutoNumber)
                {
                    diagnostics.Report(DefinitionDiagnostics.EntityOnlyProperty, attribute.Location, attributeLabel, "AutoNumber");
                }

                VerifyTyped(attribute, attributeLabel, null);
                VerifyLengthAndDecimals(attribute, attributeLabel);
            }
        }

        private void VerifyEntities()
        {
            var tables = new Dictionary<string, EntityDefinition>(StringComparer.OrdinalIgnoreCase);
            foreach (var entity in definition.Entities)
            {
                var label = new Label(entity, null);
                if (CheckName(entity, label, MaxNameLength))
                {
                    CheckReservedTypeName(entity, label);
                }

                CheckKeyAndDescription(entity, label, isPublic: true);
                var table = string.IsNullOrEmpty(entity.TableName) ? entity.Name : entity.TableName;
                if (entity.TableName is not null && (entity.TableName.Length > MaxTableNameLength || !IsValidName(entity.TableName)))
                {
                    diagnostics.Report(DefinitionDiagnostics.InvalidTableName, Pick(entity.TableNameLocation, entity.Location), entity.Name, entity.TableName);
                }
                else if (table.Length > 0 && !tables.TryAdd(table, entity))
                {
                    var first = tables[table];
                    diagnostics.Report(
                        DefinitionDiagnostics.DuplicateName,
                        Pick(entity.TableNameLocation, entity.Location),
                        $"The table '{table}' of entity '{entity.Name}'",
                        $"the table of entity '{first.Name}'{LineOf(first)}");
                }

                if (entity.Attributes.Count == 0)
                {
                    diagnostics.Report(DefinitionDiagnostics.NoAttributes, entity.Location, label);
                    continue;
                }

                VerifyEntityAttributes(entity);
            }
        }

        private void VerifyEntityAttributes(EntityDefinition entity)
        {
            var names = _attributeNames;
            names.Clear();
            AttributeDefinition? identifier = null, autoNumber = null;
            foreach (var attribute in entity.Attributes)
            {
                var label = new Label(attribute, entity);
                VerifyAttributeName(entity, attribute, label, MaxEntityAttributeNameLength, names);
                if (attribute.DataType is DataType.Object or DataType.Record or DataType.RecordList)
                {
                    diagnostics.Report(
                        DefinitionDiagnostics.DataTypeNotAllowed,
                        Pick(attribute.DataTypeLocation, attribute.Location),
                        label,
                        DataTypes.ToName(attribute.DataType),
                        "entity attributes are database columns");
                }
                else
                {
                    VerifyTyped(attribute, label, null);
                }

                VerifyLengthAndDecimals(attribute, label);

                if (attribute.IsIdentifier)
                {
                    if (identifier is null)
                    {
                        identifier = attribute;
                    }
                    else
                    {
                        diagnostics.Report(DefinitionDiagnostics.MultipleIdentifiers, attribute.Location, label, entity.Name, identifier.Name);
                    }

                    if (attribute.DataType is not (DataType.Integer or DataType.LongInteger or DataType.Text or DataType.Unknown))
                    {
                        diagnostics.Report(DefinitionDiagnostics.IdentifierWrongType, Pick(attribute.DataTypeLocation, attribute.Location), label, DataTypes.ToName(attribute.DataType));
                    }

                    if (!attribute.IsMandatory)
                    {
                        diagnostics.Report(DefinitionDiagnostics.IdentifierNotMandatory, attribute.Location, label);
                    }
                }

                if (attribute.IsAutoNumber)
                {
                    if (autoNumber is null)
                    {
                        autoNumber = attribute;
                    }
                    else
                    {
                        diagnostics.Report(DefinitionDiagnostics.MultipleAutoNumbers, attribute.Location, label, entity.Name, autoNumber.Name);
                    }

                    if (attribute.DataType is not (DataType.Integer or DataType.LongInteger or DataType.Unknown))
                    {
                        diagnostics.Report(DefinitionDiagnostics.AutoNumberWrongType, Pick(attribute.DataTypeLocation, attribute.Location), label, DataTypes.ToName(attribute.DataType));
                    }
                }
            }

            if (identifier is null)
            {
                diagnostics.Report(DefinitionDiagnostics.EntityWithoutIdentifier, entity.Location, entity.Name);
            }
        }

        private void VerifyAttributeName(
            DefinitionElement owner,
            AttributeDefinition attribute,
            Label label,
            int maxLength,
            Dictionary<string, AttributeDefinition> names)
        {
            CheckKeyAndDescription(attribute, label, isPublic: false);
            if (!CheckName(attribute, label, maxLength))
            {
                return;
            }

            if (!names.TryAdd(attribute.Name, attribute))
            {
                var first = names[attribute.Name];
                diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(attribute), label, $"attribute '{first.Name}'{LineOf(first)}");
            }

            // An attribute named exactly like its class is valid (the generator maps its property to Name_, as
            // Integration Studio's own code prefixes every member); the mapped name must not be taken by another.
            var mapped = CodeNames.MappedPropertyName(attribute.Name, owner.Name);
            if (mapped != attribute.Name && names.TryGetValue(mapped, out var taken))
            {
                diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(attribute), label, attribute.Name,
                    $"its C# property is '{mapped}' (an attribute named like its class is mapped), which is the attribute '{taken.Name}'{LineOf(taken)}");
            }
            else if (mapped != attribute.Name)
            {
                names.TryAdd(mapped, attribute);
            }

            // No clash with the class's name to report: the exact name is mapped above, and one that differs in case compiles as it is.
            CheckReservedMemberName(attribute, label, enclosingType: null);
        }

        /// <summary>Data type, Record Type and default value of a parameter or attribute.</summary>
        private void VerifyTyped(TypedElement element, Label label, string? noDefaultBecause)
        {
            var type = element.DataType;
            if (type == DataType.Unknown)
            {
                if (string.IsNullOrWhiteSpace(element.DataTypeName))
                {
                    diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, element.Location, label, "DataType");
                }
                else
                {
                    diagnostics.Report(DefinitionDiagnostics.UnknownDataType, Pick(element.DataTypeLocation, element.Location), label, element.DataTypeName);
                }
            }
            else if (DataTypes.IsRecord(type))
            {
                if (string.IsNullOrWhiteSpace(element.RecordType))
                {
                    diagnostics.Report(DefinitionDiagnostics.RecordTypeMissing, Pick(element.DataTypeLocation, element.Location), label, DataTypes.ToName(type));
                }
                else if (!_recordTypes.ContainsKey(element.RecordType))
                {
                    diagnostics.Report(DefinitionDiagnostics.RecordTypeUnknown, Pick(element.RecordTypeLocation, element.Location), label, element.RecordType);
                }
            }
            else if (!string.IsNullOrEmpty(element.RecordType))
            {
                diagnostics.Report(DefinitionDiagnostics.RecordTypeIgnored, Pick(element.RecordTypeLocation, element.Location), label, element.RecordType, DataTypes.ToName(type));
            }

            if (element.DefaultValue is null)
            {
                return;
            }

            noDefaultBecause ??= type switch
            {
                DataType.BinaryData or DataType.Object or DataType.Record or DataType.RecordList =>
                    $"{DataTypes.ToName(type)} has no literal value",
                _ => null,
            };
            if (noDefaultBecause is not null)
            {
                diagnostics.Report(DefinitionDiagnostics.DefaultValueNotAllowed, Pick(element.DefaultValueLocation, element.Location), label, noDefaultBecause);
            }
            else if (type != DataType.Unknown && DefaultValueProblem(element, element.DefaultValue) is { } problem)
            {
                diagnostics.Report(DefinitionDiagnostics.InvalidDefaultValue, Pick(element.DefaultValueLocation, element.Location), label, element.DefaultValue, DataTypes.ToName(type), problem);
            }
        }

        /// <summary>Null when the default fits; otherwise "" or a parenthesised reason appended to the message.</summary>
        private static string? DefaultValueProblem(TypedElement element, string value)
        {
            var attribute = element as AttributeDefinition;
            var invariant = CultureInfo.InvariantCulture;
            switch (element.DataType)
            {
                case DataType.Text or DataType.PhoneNumber or DataType.Email:
                    return attribute?.Length is { } max && value.Length > max ? $" (it is longer than Length {max})" : null;
                case DataType.Integer:
                    return int.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : " (a whole number from -2147483648 to 2147483647)";
                case DataType.LongInteger:
                    return long.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out _) ? null : " (a whole number of at most 64 bits)";
                case DataType.Decimal or DataType.Currency:
                    return DecimalProblem(value, attribute);
                case DataType.Boolean:
                    return value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)
                        ? null
                        : " (true or false)";
                case DataType.DateTime:
                    return DateTime.TryParseExact(value, DateTimeFormats, invariant, DateTimeStyles.None, out _) ? null : " (yyyy-MM-dd HH:mm:ss)";
                case DataType.Date:
                    return DateTime.TryParseExact(value, DateFormats, invariant, DateTimeStyles.None, out _) ? null : " (yyyy-MM-dd)";
                case DataType.Time:
                    return DateTime.TryParseExact(value, TimeFormats, invariant, DateTimeStyles.None, out _) ? null : " (HH:mm:ss)";
                default:
                    return null;
            }
        }

        private static string? DecimalProblem(string value, AttributeDefinition? attribute)
        {
            if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            {
                return " (a number such as 12.50, with '.' and no thousands separator)";
            }

            // Digits on both sides of the point, so that the default is also a valid C# literal (not "1." or ".5").
            var digits = value.AsSpan().TrimStart("+-");
            var point = digits.IndexOf('.');
            if (digits.Length == 0 || point == 0 || point == digits.Length - 1 || digits.Length < value.Length - 1)
            {
                return " (a number such as 12.50, with digits on both sides of the '.')";
            }

            var integerDigits = (point < 0 ? digits : digits[..point]).TrimStart('0').Length;
            var fractionDigits = point < 0 ? 0 : digits[(point + 1)..].TrimEnd('0').Length;
            var decimals = attribute?.Decimals;
            if (decimals is { } d && fractionDigits > d)
            {
                return $" (it has more than {d} decimals)";
            }

            if (attribute?.Length is { } length && integerDigits > length - (decimals ?? 0))
            {
                return $" (it does not fit in {length} digits with {decimals ?? 0} decimals)";
            }

            return null;
        }

        private void VerifyLengthAndDecimals(AttributeDefinition attribute, Label label)
        {
            var type = attribute.DataType;
            var isText = type is DataType.Text or DataType.PhoneNumber or DataType.Email;
            var isDecimal = type is DataType.Decimal or DataType.Currency;
            if (attribute.Length is { } length && type != DataType.Unknown)
            {
                var problem = isText ? (length is < 1 or > MaxTextLength ? $"it must be from 1 to {MaxTextLength}" : null)
                    : isDecimal ? (length is < 1 or > MaxDecimalDigits ? $"it must be from 1 to {MaxDecimalDigits} digits" : null)
                    : $"{DataTypes.ToName(type)} has no Length";
                if (problem is not null)
                {
                    diagnostics.Report(DefinitionDiagnostics.InvalidLength, Pick(attribute.LengthLocation, attribute.Location), label, length, problem);
                }
            }

            if (attribute.Decimals is { } decimals && type != DataType.Unknown)
            {
                var problem = !isDecimal ? $"{DataTypes.ToName(type)} has no Decimals"
                    : decimals is < 0 or > MaxDecimals ? $"it must be from 0 to {MaxDecimals}"
                    : attribute.Length is { } total && decimals > total ? $"it is more than Length {total}"
                    : null;
                if (problem is not null)
                {
                    diagnostics.Report(DefinitionDiagnostics.InvalidDecimals, Pick(attribute.DecimalsLocation, attribute.Location), label, decimals, problem);
                }
            }
        }

        private void VerifyResources()
        {
            var paths = new Dictionary<string, ResourceDefinition>(StringComparer.OrdinalIgnoreCase);
            foreach (var resource in definition.Resources)
            {
                var label = new Label(resource, null);
                CheckKeyAndDescription(resource, label, isPublic: false);
                var deployAction = resource.DeployAction ?? ResourceDefinition.ParseDeployAction(resource.DeployActionText);
                if (deployAction is null)
                {
                    diagnostics.Report(DefinitionDiagnostics.UnknownDeployAction, Pick(resource.DeployActionLocation, resource.Location), resource.Path, resource.DeployActionText);
                }

                if (string.IsNullOrWhiteSpace(resource.Path))
                {
                    diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, resource.Location, "Resource", "Path");
                    continue;
                }

                if (ResourcePathProblem(resource.Path) is { } problem)
                {
                    diagnostics.Report(DefinitionDiagnostics.InvalidResourcePath, NameLocationOf(resource), resource.Path, problem);
                    continue;
                }

                var normalized = resource.Path.Replace('\\', '/');
                if (!paths.TryAdd(normalized, resource))
                {
                    var first = paths[normalized];
                    diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(resource), label, $"resource '{first.Path}'{LineOf(first)}");
                    continue;
                }

                if (options.BaseDirectory is null)
                {
                    continue;
                }

                var full = ResolveOnDisk(resource.Path)!;
                var file = new FileInfo(full);
                if (!file.Exists)
                {
                    diagnostics.Report(DefinitionDiagnostics.ResourceNotFound, NameLocationOf(resource), resource.Path, full);
                }
                else if (file.Length == 0 && deployAction is not null and not DeployAction.Ignore)
                {
                    diagnostics.Report(DefinitionDiagnostics.ResourceEmpty, NameLocationOf(resource), resource.Path, deployAction);
                }
            }
        }

        /// <summary>Null when the path is a plain relative path that stays under the base folder.</summary>
        private static string? ResourcePathProblem(string path)
        {
            if (path.StartsWith('/') || path.StartsWith('\\') || (path.Length >= 2 && path[1] == ':') || Path.IsPathRooted(path))
            {
                return "it is absolute";
            }

            if (path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.Contains(':', StringComparison.Ordinal) || path.Contains('*', StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal))
            {
                return "it contains a character not allowed in a path";
            }

            foreach (var segment in path.Split('/', '\\'))
            {
                if (segment == "..")
                {
                    return "it goes up with '..'";
                }

                if (segment.Length == 0)
                {
                    return "it has an empty segment (a doubled or trailing '/')";
                }
            }

            return null;
        }

        private string? ResolveOnDisk(string relativePath)
        {
            if (ResourcePathProblem(relativePath) is not null)
            {
                return null;
            }

            var relative = relativePath.Replace('\\', '/').Replace('/', Path.DirectorySeparatorChar);
            return Path.GetFullPath(Path.Combine(options.BaseDirectory!, relative));
        }

        /// <summary>
        /// Reports each cycle of structures that contain each other through Record or Record List
        /// attributes, once per back edge of a depth-first walk: linear in structures plus attributes.
        /// </summary>
        private void FindRecursiveStructures()
        {
            var state = new Dictionary<StructureDefinition, int>(ReferenceEqualityComparer.Instance); // 1 on the path, 2 done
            var path = new List<(StructureDefinition Structure, AttributeDefinition? Via)>();
            var positions = new Dictionary<StructureDefinition, int>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<(StructureDefinition Structure, int NextAttribute)>();

            foreach (var root in definition.Structures)
            {
                if (state.ContainsKey(root))
                {
                    continue;
                }

                Enter(root, null);
                while (pending.Count > 0)
                {
                    var (structure, next) = pending.Pop();
                    if (next >= structure.Attributes.Count)
                    {
                        state[structure] = 2;
                        positions.Remove(structure);
                        path.RemoveAt(path.Count - 1);
                        continue;
                    }

                    pending.Push((structure, next + 1));
                    var attribute = structure.Attributes[next];
                    if (!DataTypes.IsRecord(attribute.DataType)
                        || attribute.RecordType is null
                        || !_recordTypes.TryGetValue(attribute.RecordType, out var target)
                        || target is not StructureDefinition child)
                    {
                        continue;
                    }

                    if (!state.TryGetValue(child, out var childState))
                    {
                        Enter(child, attribute);
                    }
                    else if (childState == 1)
                    {
                        ReportCycle(positions[child], attribute);
                    }
                }
            }

            void Enter(StructureDefinition structure, AttributeDefinition? via)
            {
                state[structure] = 1;
                positions[structure] = path.Count;
                path.Add((structure, via));
                pending.Push((structure, 0));
            }

            void ReportCycle(int start, AttributeDefinition closing)
            {
                var steps = new List<string>();
                for (var i = start; i < path.Count; i++)
                {
                    var via = i + 1 < path.Count ? path[i + 1].Via! : closing;
                    steps.Add($"{path[i].Structure.Name}.{via.Name}");
                }

                steps.Add(path[start].Structure.Name);
                diagnostics.Report(
                    DefinitionDiagnostics.RecursiveStructure,
                    Pick(closing.RecordTypeLocation, closing.Location),
                    path[start].Structure.Name,
                    string.Join(" \u2192 ", steps));
            }
        }

        /// <summary>Reports a missing, malformed or too long name; returns false when there is no name to check scopes with.</summary>
        private bool CheckName(DefinitionElement element, Label label, int maxLength)
        {
            if (element.Name.Length == 0)
            {
                diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, element.Location, element.Kind, "Name");
                return false;
            }

            if (!IsValidName(element.Name))
            {
                diagnostics.Report(DefinitionDiagnostics.InvalidName, NameLocationOf(element), element.Kind, element.Name);
                return true;
            }

            if (element.Name.Length > maxLength)
            {
                diagnostics.Report(DefinitionDiagnostics.NameTooLong, NameLocationOf(element), label, element.Name.Length, maxLength);
            }

            return true;
        }

        private void CheckKeyword(DefinitionElement element, Label label)
        {
            if (IsCSharpKeyword(element.Name))
            {
                diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(element), label, element.Name, "it is a C# keyword");
            }
        }

        /// <summary>Structures and entities become classes beside the generated interface and the entry class.</summary>
        private void CheckReservedTypeName(DefinitionElement element, Label label)
        {
            var name = element.Name;
            var reason = IsCSharpKeyword(name) ? "it is a C# keyword"
                : name.Equals(definition.InterfaceName, StringComparison.OrdinalIgnoreCase) ? "it is the name of the generated interface"
                : name.Equals(definition.EntryClassName, StringComparison.OrdinalIgnoreCase) ? "it is the name of the entry class"
                : name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase) ? "it is the extension's name, which is also the default namespace"
                : null;
            if (reason is not null)
            {
                diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(element), label, name, reason);
            }
        }

        /// <summary>Actions become methods of the entry class, attributes properties of their class.</summary>
        private void CheckReservedMemberName(DefinitionElement element, Label label, string? enclosingType)
        {
            var name = element.Name;
            var reason = IsCSharpKeyword(name) ? "it is a C# keyword"
                : enclosingType is not null && name.Equals(enclosingType, StringComparison.OrdinalIgnoreCase) ? $"a member cannot have the name of its class '{enclosingType}'"
                : ObjectMembers.Contains(name) ? $"it would hide object.{name}"
                : null;
            if (reason is not null)
            {
                diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(element), label, name, reason);
            }
        }

        private void CheckKeyAndDescription(DefinitionElement element, Label label, bool isPublic)
        {
            if (element.Key is { } key)
            {
                if (key.Length is 0 or > MaxKeyLength || !IsPrintableWithoutSpaces(key))
                {
                    diagnostics.Report(DefinitionDiagnostics.InvalidKey, element.Location, label, key);
                }
                else if (!_keys.TryAdd(key, element))
                {
                    var first = _keys[key];
                    diagnostics.Report(DefinitionDiagnostics.DuplicateKey, element.Location, label, key, Mention(first) + LineOf(first));
                }
            }

            if (string.IsNullOrWhiteSpace(element.Description))
            {
                if (isPublic)
                {
                    diagnostics.Report(DefinitionDiagnostics.MissingDescription, element.Location, label);
                }
            }
            else if (element.Description.Length > MaxDescriptionLength)
            {
                diagnostics.Report(DefinitionDiagnostics.DescriptionTooLong, element.Location, label, element.Description.Length, MaxDescriptionLength);
            }
        }

        private static bool IsPrintableWithoutSpaces(string text)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    return false;
                }
            }

            return true;
        }

        private static string? NamespaceProblem(string ns)
        {
            if (ns.Length == 0)
            {
                return "it is empty (leave the attribute out to use the extension's name)";
            }

            foreach (var part in ns.Split('.'))
            {
                if (!SyntaxFacts.IsValidIdentifier(part) || part.StartsWith('@') || !part.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    return part.Length == 0 ? "it has an empty part" : $"'{part}' is not an identifier";
                }

                if (IsCSharpKeyword(part))
                {
                    return $"'{part}' is a C# keyword";
                }
            }

            return null;
        }

        private static string Mention(DefinitionElement element) => $"{element.Kind.ToLowerInvariant()} '{element.Name}'";

        private static string LineOf(DefinitionElement element) =>
            element.Location.Line > 0 ? $" (line {element.Location.Line.ToString(CultureInfo.InvariantCulture)})" : string.Empty;

        private static SourceLocation NameLocationOf(DefinitionElement element) => Pick(element.NameLocation, element.Location);

        private static SourceLocation Pick(SourceLocation specific, SourceLocation fallback) =>
            specific.Line > 0 || specific.File is not null ? specific : fallback;
    }

    /// <summary>
    /// How a message names an element ("Input 'Amount' of action 'ChargeCard'"). A struct formatted
    /// only when a diagnostic is reported, so that a clean definition costs no strings.
    /// </summary>
    private readonly record struct Label(DefinitionElement Element, DefinitionElement? Parent)
    {
        public override string ToString()
        {
            var name = Element is ResourceDefinition resource ? resource.Path : Element.Name;
            return Parent is null
                ? $"{Element.Kind} '{name}'"
                : $"{Element.Kind} '{name}' of {Parent.Kind.ToLowerInvariant()} '{Parent.Name}'";
        }
    }
}
