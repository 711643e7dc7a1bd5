namespace OneClickPublish.Diagnostics;

/// <summary>
/// The Compile check (OCP3001–3099): the built assembly read with System.Reflection.Metadata
/// (never loaded) against the definition. Method problems point at the implementation file and
/// line when a portable PDB is beside the assembly, otherwise at the action in the definition.
/// </summary>
public static class CompileDiagnostics
{
    public static readonly DiagnosticDescriptor AssemblyNotFound = new(
        "OCP3001", DiagnosticSeverity.Error, "Built assembly not found",
        "The built assembly '{0}' does not exist",
        "The Compile check reads the assembly the project just built. Build the project first; if the build succeeded, check that OneClickPublish is given the project's output path (the TargetPath).");

    public static readonly DiagnosticDescriptor AssemblyUnreadable = new(
        "OCP3002", DiagnosticSeverity.Error, "Built assembly unreadable",
        "'{0}' is not a readable .NET assembly: {1}",
        "The file exists but is not a .NET assembly or is damaged (a build interrupted while writing it). Rebuild the project.");

    public static readonly DiagnosticDescriptor EntryClassMissing = new(
        "OCP3003", DiagnosticSeverity.Error, "Entry class missing",
        "The assembly has no class '{0}'",
        "The extension's actions are implemented by the class {Namespace}.{Name}Actions in {Name}Actions.cs beside the project. Create it (the UpdateSource step writes it with a stub per action), or check the Name and Namespace of the definition.");

    public static readonly DiagnosticDescriptor EntryClassNotPublic = new(
        "OCP3004", DiagnosticSeverity.Error, "Entry class not public",
        "Class '{0}' is not public",
        "The Platform calls the entry class from outside the assembly, so it must be declared 'public partial class {Name}Actions'.");

    public static readonly DiagnosticDescriptor EntryClassWithoutInterface = new(
        "OCP3005", DiagnosticSeverity.Error, "Entry class does not implement the extension's interface",
        "Class '{0}' does not implement '{1}'",
        "The entry class is declared 'public partial class {Name}Actions : I{Name}'; the interface is generated from the definition. Add the interface to the class declaration.");

    public static readonly DiagnosticDescriptor ActionMissing = new(
        "OCP3006", DiagnosticSeverity.Error, "Action not implemented",
        "Action '{0}' has no method in class '{1}'",
        "Every action of the definition is a public method 'void {Action}(...)' of the entry class. Add the method (build once more and UpdateSource adds a stub), or remove the action from the definition.");

    public static readonly DiagnosticDescriptor ActionParameterCount = new(
        "OCP3007", DiagnosticSeverity.Error, "Wrong number of parameters",
        "Method '{0}' has {1} parameter(s); action '{2}' declares {3}: {4}",
        "The method takes the action's inputs and outputs in the order of the definition, outputs as 'out' parameters. Bring the signature in line with the definition.");

    public static readonly DiagnosticDescriptor ActionParameterType = new(
        "OCP3008", DiagnosticSeverity.Error, "Wrong parameter type",
        "Parameter {0} ('{1}') of method '{2}' is {3}; the definition's {4} '{5}' needs {6}",
        "Each parameter's .NET type follows the data type in the definition (Text→string, Integer→int, Long Integer→long, Decimal and Currency→decimal, Boolean→bool, Date Time, Date and Time→DateTime, Binary Data→byte[], Record→the structure, Record List→List of it). Change the parameter's type or the definition.");

    public static readonly DiagnosticDescriptor ActionOutputNotOut = new(
        "OCP3009", DiagnosticSeverity.Error, "Output is not an out parameter",
        "Parameter {0} ('{1}') of method '{2}' must be 'out': it is the output '{3}' of the definition",
        "Outputs of an action are 'out' parameters of its method. Add 'out' to the parameter (and assign it in every path of the method).");

    public static readonly DiagnosticDescriptor ActionInputByRef = new(
        "OCP3010", DiagnosticSeverity.Error, "Input passed by reference",
        "Parameter {0} ('{1}') of method '{2}' is passed by reference; the input '{3}' of the definition is passed by value",
        "Inputs of an action are plain parameters. Remove 'ref', 'out' or 'in' from the parameter, or make it an Output in the definition.");

    public static readonly DiagnosticDescriptor ActionReturnType = new(
        "OCP3011", DiagnosticSeverity.Error, "Action method does not return void",
        "Method '{0}' returns {1}; action methods return void",
        "An action's results are its outputs, passed as 'out' parameters; the method itself returns void (also for Function actions).");

    public static readonly DiagnosticDescriptor ActionNotPublicInstance = new(
        "OCP3012", DiagnosticSeverity.Error, "Action method not a public instance method",
        "Method '{0}' is {1}; action methods are public and not static",
        "The Platform creates the entry class and calls each action on it. Declare the method 'public void ...', without 'static'.");

    public static readonly DiagnosticDescriptor AssemblyVersionMismatch = new(
        "OCP3013", DiagnosticSeverity.Error, "Assembly version differs from the definition",
        "The assembly's version is {0}; the definition's version is {1}. The project sets its own version: remove <Version> (and <AssemblyVersion>) from the project to take the definition's, or make the two agree",
        "The Platform tells versions of an extension apart by the definition's version, and the assembly must carry the same Major.Minor.Patch. Set <Version> (or <AssemblyVersion>) in the project to the definition's version, or change the definition.");

    public static readonly DiagnosticDescriptor ConflictingAssemblyVersions = new(
        "OCP3014", DiagnosticSeverity.Error, "Two versions of one assembly would be shipped",
        "Assembly '{0}' would be shipped in {1} versions: {2}",
        "The extension's binaries are deployed into one folder, so only one version of each assembly can be loaded. Align the package references so that one version of the assembly is used (a direct PackageReference to the highest version usually does it).");

    public static readonly DiagnosticDescriptor ActionNotImplementedYet = new(
        "OCP3015", DiagnosticSeverity.Warning, "Action only throws NotImplementedException",
        "Method '{0}' only throws NotImplementedException",
        "The action is declared but not implemented yet: calling it fails at run time. Write its body, or remove the action from the definition.");

    public static readonly DiagnosticDescriptor ShippedAssemblyNotFound = new(
        "OCP3016", DiagnosticSeverity.Error, "Shipped file not found",
        "'{0}', to be shipped with the extension, does not exist",
        "A file of the dependency closure that Save will pack is missing. Build the project again; if it persists, check the project's references.");

    public static readonly DiagnosticDescriptor EntryClassNotCreatable = new(
        "OCP3017", DiagnosticSeverity.Error, "Entry class cannot be created",
        "Entry class '{0}' cannot be created by the host: {1}; it needs a public constructor without parameters",
        "The server's host makes one instance of the entry class with its public parameterless constructor, as the system in the seed and its successor do (an upload without one is refused there). Remove the abstract or static modifier, and keep a public constructor without parameters (a class with no constructor in its source has one); take settings from elsewhere than constructor parameters.");

    public static readonly DiagnosticDescriptor TargetFrameworkOutOfSupport = new(
        "OCP3018", DiagnosticSeverity.Warning, "Target framework out of support",
        "The project targets {0}, whose support by Microsoft ended on {1}: it gets no security fixes; target a supported framework such as {2}",
        "Microsoft no longer fixes security problems in this framework, so an extension built for it runs with whatever flaws it has on every server that loads it. The build goes on. Change TargetFramework (or TargetFrameworks) to a supported framework: .NET 10 or later, or .NET Framework 4.6.2 or later (4.8 recommended). The dates come from the .NET support policy and the .NET Framework lifecycle (OneClickPublish.Frameworks.FrameworkSupport).");
}
