using OneClickPublish.Definition;

namespace OneClickPublish.Core.Tests.CodeGeneration;

/// <summary>Definitions built in code (the reader is another area's), shaped like samples/HelloExtension.</summary>
internal static class TestDefinitions
{
    public static ExtensionDefinition Hello()
    {
        var definition = new ExtensionDefinition
        {
            Name = "HelloExtension",
            VersionText = "1.0.0",
            Namespace = "HelloExtension",
            Description = "Greets people & keeps a list of <greeted> customers.",
        };
        definition.Actions.Add(Action("SayHello", "act-sayhello", "Builds a greeting for a person.",
            Input("PersonName", DataType.Text, "Who to greet."),
            Input("Times", DataType.Integer, "How many times to say hello."),
            Output("Greeting", DataType.Text, "The greeting.")));
        definition.Actions.Add(Action("Describe", "act-describe", "Describes a person in one line.",
            Input("Who", DataType.Record, "The person.", recordType: "Person"),
            Output("Text", DataType.Text, "One line about the person.")));

        var person = new StructureDefinition { Name = "Person", Key = "str-person", Description = "A person to greet." };
        person.Attributes.Add(Attribute("Name", DataType.Text, "Full name."));
        person.Attributes.Add(Attribute("BirthDate", DataType.Date, "Day of birth.", @default: "2000-01-31"));
        person.Attributes.Add(Attribute("Friends", DataType.RecordList, "Other people.", recordType: "person"));
        definition.Structures.Add(person);

        var customer = new EntityDefinition { Name = "Customer", TableName = "HELLO_CUSTOMER", Key = "ent-customer", Description = "A greeted customer." };
        customer.Attributes.Add(Attribute("Id", DataType.LongInteger, "Identifier.", identifier: true));
        customer.Attributes.Add(Attribute("Name", DataType.Text, "Customer name.", @default: "Nobody \"special\""));
        customer.Attributes.Add(Attribute("Balance", DataType.Currency, "Balance.", @default: "0.50"));
        customer.Attributes.Add(Attribute("Active", DataType.Boolean, null, @default: "true"));
        customer.Attributes.Add(Attribute("Visits", DataType.Integer, null, @default: "not a number"));
        customer.Attributes.Add(Attribute("Photo", DataType.BinaryData, null));
        definition.Entities.Add(customer);
        return definition;
    }

    public static ActionDefinition Action(string name, string? key, string? description, params ParameterDefinition[] parameters)
    {
        var action = new ActionDefinition { Name = name, Key = key, Description = description };
        action.Parameters.AddRange(parameters);
        return action;
    }

    public static ParameterDefinition Input(string name, DataType type, string? description = null, string? recordType = null) =>
        new() { Name = name, DataType = type, DataTypeName = DataTypes.ToName(type), Description = description, RecordType = recordType, Direction = ParameterDirection.Input };

    public static ParameterDefinition Output(string name, DataType type, string? description = null, string? recordType = null) =>
        new() { Name = name, DataType = type, DataTypeName = DataTypes.ToName(type), Description = description, RecordType = recordType, Direction = ParameterDirection.Output };

    public static AttributeDefinition Attribute(string name, DataType type, string? description, string? @default = null, string? recordType = null, bool identifier = false) =>
        new() { Name = name, DataType = type, DataTypeName = DataTypes.ToName(type), Description = description, DefaultValue = @default, RecordType = recordType, IsIdentifier = identifier, IsMandatory = identifier };
}
