using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.DefinitionVerifier;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>Entities: table names, attributes that can be database columns, one mandatory Identifier and at most one AutoNumber.</summary>
internal sealed class EntityRules(VerificationContext context, NameRules nameRules, KeyAndDescriptionRules keysAndDescriptions, DataTypeRules dataTypes)
{
    // A scope of attribute names, reused from one entity to the next.
    private readonly Dictionary<string, AttributeDefinition> _attributeNames = new(StringComparer.OrdinalIgnoreCase);

    public void VerifyEntities()
    {
        var tables = new Dictionary<string, EntityDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in context.Definition.Entities)
        {
            var label = new ElementLabel(entity, null);
            if (nameRules.CheckName(entity, label, MaxNameLength))
            {
                nameRules.CheckReservedTypeName(entity, label);
            }

            keysAndDescriptions.CheckKeyAndDescription(entity, label, isPublic: true);
            var table = string.IsNullOrEmpty(entity.TableName) ? entity.Name : entity.TableName;
            if (entity.TableName is not null && (entity.TableName.Length > MaxTableNameLength || !IsValidName(entity.TableName)))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.InvalidTableName, Pick(entity.TableNameLocation, entity.Location), entity.Name, entity.TableName);
            }
            else if (table.Length > 0 && !tables.TryAdd(table, entity))
            {
                var first = tables[table];
                context.Diagnostics.Report(
                    DefinitionDiagnostics.DuplicateName,
                    Pick(entity.TableNameLocation, entity.Location),
                    $"The table '{table}' of entity '{entity.Name}'",
                    $"the table of entity '{first.Name}'{LineOf(first)}");
            }

            if (entity.Attributes.Count == 0)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.NoAttributes, entity.Location, label);
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
            var label = new ElementLabel(attribute, entity);
            keysAndDescriptions.CheckKeyAndDescription(attribute, label, isPublic: false);
            nameRules.CheckAttributeName(entity, attribute, label, MaxEntityAttributeNameLength, names);
            if (attribute.DataType is DataType.Object or DataType.Record or DataType.RecordList)
            {
                context.Diagnostics.Report(
                    DefinitionDiagnostics.DataTypeNotAllowed,
                    Pick(attribute.DataTypeLocation, attribute.Location),
                    label,
                    DataTypes.ToName(attribute.DataType),
                    "entity attributes are database columns");
            }
            else
            {
                dataTypes.VerifyTyped(attribute, label, null);
            }

            dataTypes.VerifyLengthAndDecimals(attribute, label);

            if (attribute.IsIdentifier)
            {
                if (identifier is null)
                {
                    identifier = attribute;
                }
                else
                {
                    context.Diagnostics.Report(DefinitionDiagnostics.MultipleIdentifiers, attribute.Location, label, entity.Name, identifier.Name);
                }

                if (attribute.DataType is not (DataType.Integer or DataType.LongInteger or DataType.Text or DataType.Unknown))
                {
                    context.Diagnostics.Report(DefinitionDiagnostics.IdentifierWrongType, Pick(attribute.DataTypeLocation, attribute.Location), label, DataTypes.ToName(attribute.DataType));
                }

                if (!attribute.IsMandatory)
                {
                    context.Diagnostics.Report(DefinitionDiagnostics.IdentifierNotMandatory, attribute.Location, label);
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
                    context.Diagnostics.Report(DefinitionDiagnostics.MultipleAutoNumbers, attribute.Location, label, entity.Name, autoNumber.Name);
                }

                if (attribute.DataType is not (DataType.Integer or DataType.LongInteger or DataType.Unknown))
                {
                    context.Diagnostics.Report(DefinitionDiagnostics.AutoNumberWrongType, Pick(attribute.DataTypeLocation, attribute.Location), label, DataTypes.ToName(attribute.DataType));
                }
            }
        }

        if (identifier is null)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.EntityWithoutIdentifier, entity.Location, entity.Name);
        }

        CheckPortability(entity);
    }

    /// <summary>Warnings the system in the seed gives for entities that work on one database and not on another.</summary>
    private void CheckPortability(EntityDefinition entity)
    {
        foreach (var attribute in entity.Attributes)
        {
            if (DatabaseReservedWords.Contains(attribute.Name))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.AttributeNameReservedInDatabases, Pick(attribute.NameLocation, attribute.Location),
                    new ElementLabel(attribute, entity), attribute.Name, "SQL Server, Oracle, PostgreSQL or MySQL");
            }
        }

        // Only for an auto number of a type that can be one: otherwise OCP1076 already says what is wrong.
        if (entity.Attributes is [{ IsIdentifier: true, IsAutoNumber: true, DataType: DataType.Integer or DataType.LongInteger } only])
        {
            context.Diagnostics.Report(DefinitionDiagnostics.EntityOnlyAutoNumber, entity.Location, entity.Name, only.Name);
        }

        var binaries = entity.Attributes.Where(static a => a.DataType == DataType.BinaryData).ToList();
        if (binaries.Count > 1)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.EntityManyBinaryAttributes, Pick(binaries[1].NameLocation, binaries[1].Location),
                entity.Name, binaries.Count, string.Join(", ", binaries.Select(static b => b.Name)));
        }
    }
}
