using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using static OneClickPublish.Core.Tests.CodeGeneration.TestDefinitions;

namespace OneClickPublish.Core.Tests.CodeGeneration;

[TestClass]
public sealed class ImplementationMergerTests
{
    /// <summary>What a user's file looks like after some work: usings, comments, helpers, odd formatting.</summary>
    private const string UserFile = """
        using System.Text; // for the builder

        namespace HelloExtension;

        // The greeting logic. Keep it friendly.
        public partial class HelloExtensionActions : IHelloExtension
        {
            private readonly string _prefix = "Hello";

            /// <summary>Greets.</summary>
            [ActionKey("act-sayhello")]
            public void SayHello(string personName, int times, out string greeting)
            {
                // Repeat the greeting as often as asked.
                var builder = new StringBuilder();
                for (var i = 0; i < times; i++)
                {
                    builder.Append(_prefix).Append(", ").Append(personName).Append('!');   /* trailing */
                }

                greeting = builder.ToString();
            }

            [ActionKey("act-describe")]
            public void Describe(Person who, out string text) => text = $"{who.Name}, born {who.BirthDate:yyyy-MM-dd}";

            private static int Helper() => 42;
        }

        """;

    private static ExtensionDefinition Definition() => Hello();

    [TestMethod]
    public void A_missing_file_is_created_with_the_entry_class_and_a_stub_per_action()
    {
        var result = ImplementationMerger.Merge(Definition(), currentText: null);

        Assert.AreEqual(ImplementationMergeOutcome.Created, result.Outcome);
        StringAssert.Contains(result.Text, "public partial class HelloExtensionActions : IHelloExtension\n");
        StringAssert.Contains(result.Text,
            "    [ActionKey(\"act-sayhello\")]\n    public void SayHello(string personName, int times, out string greeting)\n    {\n        throw new global::System.NotImplementedException();\n    }\n");
        StringAssert.Contains(result.Text, "    public void Describe(Person who, out string text)\n");
        Assert.AreEqual(ImplementationChangeKind.FileCreated, result.Changes[0].Kind);
        Assert.AreEqual(2, result.Changes.Count(static c => c.Kind == ImplementationChangeKind.StubAdded));
    }

    [TestMethod]
    public void A_file_in_line_with_the_definition_is_left_exactly_as_it_is()
    {
        var result = ImplementationMerger.Merge(Definition(), UserFile);

        Assert.AreEqual(ImplementationMergeOutcome.Unchanged, result.Outcome);
        Assert.AreEqual(UserFile, result.Text);
        Assert.AreEqual(0, result.Changes.Count);
        Assert.AreEqual(0, result.KeptMethods.Count, "a private helper is not a removed action");
        RoslynCompiler.AssertCompiles(Definition(), UserFile);
    }

    [TestMethod]
    public void A_new_action_gets_a_stub_and_everything_else_is_kept_verbatim()
    {
        var definition = Definition();
        definition.Actions.Add(Action("Farewell", "act-farewell", "Says goodbye.", Input("PersonName", DataType.Text), Output("Message", DataType.Text)));

        var result = ImplementationMerger.Merge(definition, UserFile);

        Assert.AreEqual(ImplementationMergeOutcome.Updated, result.Outcome);
        var expected = UserFile.Replace(
            "    private static int Helper() => 42;\n",
            "    private static int Helper() => 42;\n\n    [ActionKey(\"act-farewell\")]\n    public void Farewell(string personName, out string message)\n    {\n        throw new global::System.NotImplementedException();\n    }\n",
            StringComparison.Ordinal);
        Assert.AreEqual(expected, result.Text);
        Assert.AreEqual(ImplementationChangeKind.StubAdded, result.Changes.Single().Kind);
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }

    [TestMethod]
    public void Renaming_an_action_that_has_a_key_renames_the_method_and_keeps_its_body()
    {
        var definition = Definition();
        definition.Actions[0].Name = "Greet";

        var result = ImplementationMerger.Merge(definition, UserFile);

        Assert.AreEqual(UserFile.Replace("public void SayHello(", "public void Greet(", StringComparison.Ordinal), result.Text);
        var change = result.Changes.Single();
        Assert.AreEqual(ImplementationChangeKind.MethodRenamed, change.Kind);
        StringAssert.Contains(change.Description, "SayHello renamed to Greet");
        Assert.AreEqual(0, result.KeptMethods.Count);
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }

    [TestMethod]
    public void Renaming_an_action_without_a_key_adds_a_stub_and_keeps_the_old_method_as_a_removed_action()
    {
        var definition = Definition();
        definition.Actions[0].Name = "Greet";
        definition.Actions[0].Key = null;

        var result = ImplementationMerger.Merge(definition, UserFile);

        StringAssert.Contains(result.Text, "public void SayHello(string personName, int times, out string greeting)\n    {\n        // Repeat the greeting");
        StringAssert.Contains(result.Text, "    public void Greet(string personName, int times, out string greeting)\n    {\n        throw new global::System.NotImplementedException();");
        var kept = result.KeptMethods.Single();
        Assert.AreEqual("SayHello", kept.Name);
        Assert.AreEqual(12, kept.Line);
    }

    [TestMethod]
    public void Changing_a_parameter_type_updates_the_signature_and_keeps_the_body()
    {
        var definition = Definition();
        definition.Actions[0].Parameters[1].DataType = DataType.LongInteger;

        var result = ImplementationMerger.Merge(definition, UserFile);

        Assert.AreEqual(
            UserFile.Replace("SayHello(string personName, int times, out string greeting)", "SayHello(string personName, long times, out string greeting)", StringComparison.Ordinal),
            result.Text);
        var change = result.Changes.Single();
        Assert.AreEqual(ImplementationChangeKind.ParametersChanged, change.Kind);
        StringAssert.Contains(change.Description, "from (string personName, int times, out string greeting) to (string personName, long times, out string greeting)");
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }

    [TestMethod]
    public void Renaming_a_parameter_renames_its_uses_in_the_body()
    {
        var definition = Definition();
        definition.Actions[0].Parameters[1].Name = "Count";

        var result = ImplementationMerger.Merge(definition, UserFile);

        StringAssert.Contains(result.Text, "SayHello(string personName, int count, out string greeting)");
        StringAssert.Contains(result.Text, "for (var i = 0; i < count; i++)");
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }

    [TestMethod]
    public void Added_removed_reordered_and_redirected_parameters_follow_the_definition_and_keep_comments()
    {
        var definition = Definition();
        var action = definition.Actions[0];
        action.Parameters.Clear();
        action.Parameters.Add(Output("Greeting", DataType.Text));
        action.Parameters.Add(Input("PersonName", DataType.Text));
        action.Parameters.Add(Input("Polite", DataType.Boolean));
        const string before = """
            namespace HelloExtension;

            public partial class HelloExtensionActions : IHelloExtension
            {
                [ActionKey("act-sayhello")]
                public void SayHello(string personName, int times /* how often */, out string greeting)
                {
                    greeting = personName;
                }

                [ActionKey("act-describe")]
                public void Describe(Person who, out string text) => text = who.Name;
            }

            """;

        var result = ImplementationMerger.Merge(definition, before);

        StringAssert.Contains(result.Text, "    /* how often */\n    [ActionKey(\"act-sayhello\")]\n    public void SayHello(out string greeting, string personName, bool polite)\n");
        StringAssert.Contains(result.Text, "        greeting = personName;\n");
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }

    [TestMethod]
    public void An_output_that_becomes_an_input_loses_out_and_keeps_its_place()
    {
        var definition = Definition();
        definition.Actions[1].Parameters[1].Direction = ParameterDirection.Input;

        var result = ImplementationMerger.Merge(definition, UserFile);

        StringAssert.Contains(result.Text, "public void Describe(Person who, string text) => text = ");
    }

    [TestMethod]
    public void A_method_found_by_name_is_marked_with_its_key()
    {
        const string unmarked = """
            namespace HelloExtension;

            public partial class HelloExtensionActions : IHelloExtension
            {
                /// <summary>Greets.</summary>
                public void SayHello(string personName, int times, out string greeting) { greeting = ""; }

                public void Describe(Person who, out string text) { text = ""; }
            }
            """;

        var result = ImplementationMerger.Merge(Definition(), unmarked);

        StringAssert.Contains(result.Text,
            "    /// <summary>Greets.</summary>\n    [ActionKey(\"act-sayhello\")]\n    public void SayHello(string personName, int times, out string greeting) { greeting = \"\"; }\n");
        Assert.AreEqual(2, result.Changes.Count(static c => c.Kind == ImplementationChangeKind.ActionKeyAdded));
        RoslynCompiler.AssertCompiles(Definition(), result.Text!);
    }

    [TestMethod]
    public void A_removed_action_keeps_its_method_and_is_reported()
    {
        var definition = Definition();
        definition.Actions.RemoveAt(1);

        var result = ImplementationMerger.Merge(definition, UserFile);

        Assert.AreEqual(ImplementationMergeOutcome.Unchanged, result.Outcome);
        Assert.AreEqual(UserFile, result.Text);
        var kept = result.KeptMethods.Single();
        Assert.AreEqual("Describe", kept.Name);
        Assert.AreEqual(25, kept.Line);
        Assert.AreEqual(17, kept.Column);
    }

    [TestMethod]
    public void Types_written_differently_but_meaning_the_same_are_left_alone()
    {
        var definition = Definition();
        definition.Actions.Add(Action("Plan", "act-plan", null,
            Input("When", DataType.Date), Input("People", DataType.RecordList, recordType: "Person"), Output("Note", DataType.Text)));
        const string styled = """
            using System;
            using System.Collections.Generic;

            namespace HelloExtension
            {
                public partial class HelloExtensionActions : IHelloExtension
                {
                    [ActionKey("act-sayhello")] public void SayHello(String personName, System.Int32 times, out string? greeting) => greeting = null;
                    [ActionKey("act-describe")] public void Describe(HelloExtension.Person who, out string text) => text = "";
                    [ActionKey("act-plan")] public void Plan(DateTime when, List<Person>? people, out string note) => note = "";
                }
            }
            """;

        var result = ImplementationMerger.Merge(definition, styled);

        Assert.AreEqual(ImplementationMergeOutcome.Unchanged, result.Outcome, result.Summary);
    }

    [TestMethod]
    public void New_stubs_use_the_short_type_names_the_file_imports_and_its_indentation()
    {
        var definition = Definition();
        definition.Actions.Add(Action("Plan", "act-plan", null, Input("When", DataType.Date), Input("People", DataType.RecordList, recordType: "Person")));
        const string tabs = "using System;\n\nnamespace HelloExtension\n{\n\tpublic partial class HelloExtensionActions : IHelloExtension\n\t{\n\t\t[ActionKey(\"act-sayhello\")] public void SayHello(string personName, int times, out string greeting) => greeting = \"\";\n\t\t[ActionKey(\"act-describe\")] public void Describe(Person who, out string text) => text = \"\";\n\t}\n}\n";

        var result = ImplementationMerger.Merge(definition, tabs);

        StringAssert.Contains(result.Text,
            "\n\n\t\t[ActionKey(\"act-plan\")]\n\t\tpublic void Plan(DateTime when, global::System.Collections.Generic.List<Person> people)\n\t\t{\n\t\t\tthrow new global::System.NotImplementedException();\n\t\t}\n\t}\n}\n");
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }

    [TestMethod]
    public void Windows_line_endings_stay_windows_line_endings()
    {
        var definition = Definition();
        definition.Actions.Add(Action("Farewell", "act-farewell", null));
        var crlf = UserFile.Replace("\n", "\r\n", StringComparison.Ordinal);

        var result = ImplementationMerger.Merge(definition, crlf);

        StringAssert.Contains(result.Text, "\r\n\r\n    [ActionKey(\"act-farewell\")]\r\n    public void Farewell()\r\n    {\r\n");
        Assert.AreEqual(0, result.Text!.Replace("\r\n", string.Empty, StringComparison.Ordinal).Count(static c => c == '\n'));
    }

    [TestMethod]
    public void A_file_with_syntax_errors_is_not_merged_and_the_first_error_is_located()
    {
        var broken = UserFile.Replace("greeting = builder.ToString();", "greeting = builder.ToString()", StringComparison.Ordinal);

        var result = ImplementationMerger.Merge(Definition(), broken);

        Assert.AreEqual(ImplementationMergeOutcome.SyntaxErrors, result.Outcome);
        Assert.IsNull(result.Text);
        Assert.AreEqual(21, result.SyntaxError!.Line);
        Assert.AreEqual(38, result.SyntaxError.Column, "just after the statement that lacks its semicolon");
        StringAssert.Contains(result.SyntaxError.Message, ";");
    }

    [TestMethod]
    public void A_file_without_the_entry_class_is_not_merged()
    {
        var result = ImplementationMerger.Merge(Definition(), UserFile.Replace("HelloExtensionActions", "Greeter", StringComparison.Ordinal));

        Assert.AreEqual(ImplementationMergeOutcome.EntryClassNotFound, result.Outcome);
        Assert.IsNull(result.Text);
    }

    [TestMethod]
    public void Two_methods_with_one_key_are_reported_and_the_first_is_used()
    {
        var definition = Definition();
        definition.Actions[0].Name = "Greet";
        var doubled = UserFile.Replace(
            "    private static int Helper() => 42;",
            "    [ActionKey(\"act-sayhello\")]\n    public void Other(string personName, int times, out string greeting) => greeting = \"\";",
            StringComparison.Ordinal);

        var result = ImplementationMerger.Merge(definition, doubled);

        var duplicate = result.DuplicateKeys.Single();
        Assert.AreEqual("SayHello", duplicate.UsedMethod);
        Assert.AreEqual("Other", duplicate.IgnoredMethod);
        StringAssert.Contains(result.Text, "public void Greet(");
    }
    [TestMethod]
    public void A_definition_with_names_that_are_not_identifiers_never_breaks_a_good_file()
    {
        var definition = Definition();
        definition.Actions.Add(Action("Say Goodbye", null, null));

        var result = ImplementationMerger.Merge(definition, UserFile);

        Assert.AreEqual(ImplementationMergeOutcome.ResultWouldNotParse, result.Outcome);
        Assert.IsNull(result.Text);
        Assert.IsNotNull(result.SyntaxError);
    }

    [TestMethod]
    public void A_renamed_parameter_is_renamed_in_doc_comments_but_not_where_a_lambda_shadows_it()
    {
        var definition = Definition();
        definition.Actions[0].Parameters[1].Name = "Count";
        const string before = """
            using System;
            using System.Linq;

            namespace HelloExtension;

            public partial class HelloExtensionActions : IHelloExtension
            {
                /// <summary>Greets <paramref name="personName"/> <paramref name="times"/> times.</summary>
                /// <param name="times">How often.</param>
                [ActionKey("act-sayhello")]
                public void SayHello(string personName, int times, out string greeting)
                {
                    Func<int, int> twice = times => times * 2;
                    greeting = string.Concat(Enumerable.Repeat(personName, twice(times) / 2)) + nameof(times);
                }

                [ActionKey("act-describe")]
                public void Describe(Person who, out string text) => text = who.Name;
            }

            """;

        var result = ImplementationMerger.Merge(definition, before);

        var expected = before
            .Replace("<paramref name=\"times\"/>", "<paramref name=\"count\"/>", StringComparison.Ordinal)
            .Replace("<param name=\"times\">", "<param name=\"count\">", StringComparison.Ordinal)
            .Replace("int times, out", "int count, out", StringComparison.Ordinal)
            .Replace("twice(times) / 2)) + nameof(times)", "twice(count) / 2)) + nameof(count)", StringComparison.Ordinal);
        Assert.AreEqual(expected, result.Text);
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }
    [TestMethod]
    [DataRow("")]
    [DataRow("  \n\n")]
    public void A_blank_file_is_treated_like_a_missing_one(string blank)
    {
        var result = ImplementationMerger.Merge(Definition(), blank);

        Assert.AreEqual(ImplementationMergeOutcome.Created, result.Outcome);
        RoslynCompiler.AssertCompiles(Definition(), result.Text!);
    }

    [TestMethod]
    public void An_empty_one_line_entry_class_gets_stubs_on_lines_of_their_own()
    {
        var result = ImplementationMerger.Merge(Definition(), "namespace HelloExtension;\n\npublic partial class HelloExtensionActions : IHelloExtension { }\n");

        StringAssert.StartsWith(result.Text, "namespace HelloExtension;\n\npublic partial class HelloExtensionActions : IHelloExtension {\n    [ActionKey(\"act-sayhello\")]\n    public void SayHello(");
        RoslynCompiler.AssertCompiles(Definition(), result.Text!);
    }

    [TestMethod]
    public void An_entry_class_outside_the_extension_namespace_gets_qualified_names()
    {
        var definition = Definition();
        definition.Actions.Add(Action("Check", "act-check", null, Input("Who", DataType.Record, recordType: "Customer")));
        const string elsewhere = """
            using HelloExtension;

            namespace Other
            {
                public partial class Unrelated { }
            }

            namespace HelloExtension.Implementation
            {
            }

            """;
        var placed = ImplementationMerger.Merge(definition, elsewhere + "public partial class HelloExtensionActions : IHelloExtension\n{\n}\n");
        var global = ImplementationMerger.Merge(definition, "public partial class HelloExtensionActions : HelloExtension.IHelloExtension\n{\n}\n");

        StringAssert.Contains(placed.Text, "    [ActionKey(\"act-check\")]\n    public void Check(Customer who)\n");
        StringAssert.Contains(global.Text, "    [global::HelloExtension.ActionKey(\"act-check\")]\n    public void Check(global::HelloExtension.Customer who)\n");
        RoslynCompiler.AssertCompiles(definition, global.Text!);
    }
    [TestMethod]
    [Timeout(60_000)]
    public void A_definition_with_thousands_of_actions_merges_in_reasonable_time()
    {
        var definition = Definition();
        for (var i = 0; i < 3000; i++)
        {
            definition.Actions.Add(Action("Action" + i, "key-" + i, null, Input("Value", DataType.Integer), Output("Result", DataType.Text)));
        }

        var created = ImplementationMerger.Merge(definition, null).Text!;
        definition.Actions[10].Name = "Renamed";
        definition.Actions.Add(Action("OneMore", null, null));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = ImplementationMerger.Merge(definition, created);

        watch.Stop();
        Assert.AreEqual(2, result.Changes.Count, result.Summary);
        var created2 = ImplementationMerger.Merge(definition, null);
        StringAssert.EndsWith(created2.Summary, $"; and {created2.Changes.Count - ImplementationMergeResult.SummaryLimit} more");
        // Generous: the machine is shared; a quadratic merge takes minutes here, not seconds.
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(20), watch.Elapsed.ToString());
    }
    [TestMethod]
    public void A_parameter_at_the_same_place_with_another_type_is_replaced_not_renamed()
    {
        var definition = Definition();
        definition.Actions[0].Parameters[1] = Input("Polite", DataType.Boolean);

        var result = ImplementationMerger.Merge(definition, UserFile);

        StringAssert.Contains(result.Text, "SayHello(string personName, bool polite, out string greeting)");
        StringAssert.Contains(result.Text, "for (var i = 0; i < times; i++)", "the body is not rewired to a parameter of another meaning");
    }
    [TestMethod]
    public void Explicit_interface_implementations_regions_and_directives_are_merged_too()
    {
        var definition = Definition();
        definition.Actions[0].Name = "Greet";
        definition.Actions.Add(Action("Farewell", "act-farewell", null));
        const string explicitStyle = """
            namespace HelloExtension;

            public partial class HelloExtensionActions : IHelloExtension
            {
                #region Actions
                [ActionKey("act-sayhello")]
                void IHelloExtension.SayHello(string personName, int times, out string greeting)
                {
            #if DEBUG
                    greeting = "debug " + personName;
            #else
                    greeting = personName;
            #endif
                }

                [ActionKey("act-describe")]
                void IHelloExtension.Describe(Person who, out string text) => text = who.Name;
                #endregion
            }

            """;

        var result = ImplementationMerger.Merge(definition, explicitStyle);

        StringAssert.Contains(result.Text, "void IHelloExtension.Greet(string personName, int times, out string greeting)\n    {\n#if DEBUG\n");
        StringAssert.Contains(result.Text, "public void Farewell()");
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }
    [TestMethod]
    public void A_private_helper_named_like_a_new_action_is_left_alone_and_the_action_gets_a_stub()
    {
        var definition = Definition();
        definition.Actions.Add(Action("Helper", null, null, Input("Value", DataType.Text)));

        var result = ImplementationMerger.Merge(definition, UserFile);

        StringAssert.Contains(result.Text, "    private static int Helper() => 42;\n");
        StringAssert.Contains(result.Text, "    public void Helper(string value)\n");
        RoslynCompiler.AssertCompiles(definition, result.Text!);
    }
}
