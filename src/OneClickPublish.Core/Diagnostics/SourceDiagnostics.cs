namespace OneClickPublish.Diagnostics;

/// <summary>
/// The UpdateSource step (OCP2001–2099): generated code in the intermediate folder and the
/// merge of the user's implementation file. Each code has a page in docs/diagnostics/.
/// </summary>
public static class SourceDiagnostics
{
    /// <summary>{0}: generated file; {1}: where the hand-edited version was saved.</summary>
    public static readonly DiagnosticDescriptor GeneratedFileEditedByHand = new(
        "OCP2001", DiagnosticSeverity.Warning, "Generated file edited by hand",
        "The generated file '{0}' was changed by hand; it is rewritten from the extension definition and the edited version is kept at '{1}'",
        "Files that OneClickPublish generates from the extension definition are rewritten whenever the definition changes, so changes made to them by hand are lost. " +
        "Move your code into the implementation file (or another file of your project; the generated classes are partial) and change the definition instead of the generated code. " +
        "The edited version was backed up so that nothing is lost.");

    /// <summary>{0}: implementation file; {1}: line; {2}: column; {3}: the compiler's message.</summary>
    public static readonly DiagnosticDescriptor ImplementationHasSyntaxErrors = new(
        "OCP2002", DiagnosticSeverity.Warning, "Implementation file has syntax errors",
        "The implementation file '{0}' has a syntax error at line {1}, column {2} ({3}); it was not brought in line with the extension definition; the compiler reports the error",
        "OneClickPublish merges the extension definition into the implementation file by reading it as C#. A file that does not parse could be damaged by the merge, so it is left exactly as it is. " +
        "Fix the syntax error (the first one is named; the compiler lists them all) and build again.");

    /// <summary>{0}: implementation file; {1}: what changed; {2}: backup path.</summary>
    public static readonly DiagnosticDescriptor ImplementationUpdated = new(
        "OCP2003", DiagnosticSeverity.Information, "Implementation file updated",
        "Updated '{0}' to match the extension definition: {1}. The previous version is kept at '{2}'",
        "The implementation file was brought in line with the extension definition: stubs were added for new actions, renamed actions were renamed and changed signatures were updated. " +
        "Every method body, comment and other member was kept. New stubs throw NotImplementedException until you write them. " +
        "Set the MSBuild property OneClickPublishMergeImplementation to false to have builds only report such differences.");

    /// <summary>{0}: implementation file; {1}: what differs.</summary>
    public static readonly DiagnosticDescriptor ImplementationOutOfDate = new(
        "OCP2004", DiagnosticSeverity.Warning, "Implementation file out of date",
        "The implementation file '{0}' is out of date with the extension definition; merging would bring: {1}. It was not changed because merging is switched off",
        "The build was told not to change the implementation file (OneClickPublishMergeImplementation is false), so the differences are only reported. " +
        "Build once with OneClickPublishMergeImplementation=true (the default), or run the 1-Click Publish chain, to have the file brought in line with a backup; or change the file by hand.");

    /// <summary>{0}: implementation file; {1}: entry class; {2}: interface.</summary>
    public static readonly DiagnosticDescriptor EntryClassNotFound = new(
        "OCP2005", DiagnosticSeverity.Error, "Entry class not found",
        "The implementation file '{0}' does not declare the class '{1}'; it was not brought in line with the extension definition",
        "The actions of an extension are implemented by the entry class, named after the extension with 'Actions' appended, which implements the generated interface. " +
        "Declare it in the implementation file as 'public partial class <Name>Actions : I<Name>' (in the extension's namespace), or, to have OneClickPublish create the file again, move the file away and build.");

    /// <summary>{0}: file; {1}: reason.</summary>
    public static readonly DiagnosticDescriptor CannotWriteFile = new(
        "OCP2006", DiagnosticSeverity.Error, "Cannot write a file",
        "Could not write '{0}': {1}",
        "OneClickPublish writes each file to a temporary file beside it and then moves it into place, so the previous file is never half-overwritten. " +
        "Check that the folder exists and is writable, that no other program holds the file open, and that the disk is not full; then build again.");

    /// <summary>{0}: file; {1}: backup path; {2}: reason.</summary>
    public static readonly DiagnosticDescriptor CannotBackUpFile = new(
        "OCP2007", DiagnosticSeverity.Error, "Cannot back up a file",
        "Could not back up '{0}' to '{1}': {2}. The file was not changed",
        "Before OneClickPublish changes the implementation file or overwrites a hand-edited generated file it copies it to the backup folder. " +
        "When that copy cannot be made the file is left unchanged. Check that the backup folder is writable and the disk is not full; then build again.");

    /// <summary>{0}: method; {1}: implementation file.</summary>
    public static readonly DiagnosticDescriptor MethodWithoutAction = new(
        "OCP2008", DiagnosticSeverity.Warning, "Method of a removed action kept",
        "The method '{0}' in '{1}' implements no action of the extension definition any more; it was kept, not deleted",
        "An action was removed from the extension definition (or renamed without a Key), but the implementation file still has its method. " +
        "OneClickPublish never deletes code: delete the method yourself when you no longer need it, or give the action a Key so that renames are followed. " +
        "If the method is a helper and not an action, make it non-public to silence this warning.");

    /// <summary>{0}: file; {1}: reason.</summary>
    public static readonly DiagnosticDescriptor CannotReadFile = new(
        "OCP2009", DiagnosticSeverity.Error, "Cannot read a file",
        "Could not read '{0}': {1}",
        "The implementation file or a generated file exists but could not be read, so it was not changed. " +
        "Check that no other program holds it open and that you have permission to read it; then build again.");

    /// <summary>{0}: key; {1}: implementation file; {2}: the method that was used; {3}: the method that was not.</summary>
    public static readonly DiagnosticDescriptor DuplicateActionKeyInImplementation = new(
        "OCP2010", DiagnosticSeverity.Warning, "Two methods carry the same action key",
        "Two methods in '{1}' carry [ActionKey(\"{0}\")]: '{2}' is used for the action and '{3}' is not",
        "The ActionKey attribute tells OneClickPublish which method implements which action, so that a renamed action keeps its code. " +
        "Each key may be on one method only. Remove the attribute from the method that does not implement the action.");

    /// <summary>{0}: implementation file; {1}: the parser's message about the merged text.</summary>
    public static readonly DiagnosticDescriptor MergeWouldBreakImplementation = new(
        "OCP2011", DiagnosticSeverity.Error, "Merge would break the implementation file",
        "The extension definition cannot be merged into '{0}': the result would not be valid C# ({1}); the file was not changed",
        "This happens when the definition has names that are not valid C# identifiers, which the definition check reports as errors of their own. " +
        "Fix the errors reported for extension.xml and build again. If the definition has no errors, please report this as a bug of OneClickPublish with the definition and the implementation file.");

    public static readonly DiagnosticDescriptor ImplementationCreated = new(
        "OCP2012", DiagnosticSeverity.Information, "Implementation file created",
        "Created '{0}' with the class {1} and a stub for each of its {2} action(s): write their bodies",
        "A new extension has no implementation file yet, so UpdateSource wrote one: the entry class, which implements the generated interface, with a method per action that throws NotImplementedException. " +
        "The build that wrote it also compiles it. The Compile step warns (OCP3015) about each method that still only throws, until you write its body.");
}
