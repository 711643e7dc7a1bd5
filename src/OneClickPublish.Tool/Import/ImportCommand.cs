using System.CommandLine;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Cli;

namespace OneClickPublish.Tool.Import;

/// <summary><c>oneclick import X.xif [-o DIR] [--version V] [--framework TFM] [--package-version V]</c>: the command line of <see cref="ImportRunner"/>.</summary>
internal static class ImportCommand
{
    public static Command Create(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var xif = new Argument<string>("xif")
        {
            Description = "The .xif file Integration Studio saved.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The folder to write the project to; it must not exist. Default: ./<Name>.",
            HelpName = "DIR",
        };
        var version = new Option<string?>("--version")
        {
            Description = "The extension's version (SemVer); the .xif has none. Default: 1.0.0.",
            HelpName = "VERSION",
        };
        var framework = new Option<string?>("--framework")
        {
            Description = "The project's target framework. Default: the one the original project targeted (net48 when it names none).",
            HelpName = "TFM",
        };
        var packageVersion = new Option<string?>("--package-version")
        {
            Description = "The OneClickPublish package version to reference. Default: this tool's own.",
            HelpName = "VERSION",
        };
        var update = new Option<bool>("--update")
        {
            Description = "Bring a later version of the .xif into the project an earlier import wrote (-o or ./<Name>): changed files are replaced after a backup, the implementation is merged.",
        };
        var command = new Command("import", "Bring an Integration Studio extension (.xif) over: write a OneClickPublish project with its definition, resources and original sources.")
        {
            xif,
            output,
            version,
            framework,
            packageVersion,
            update,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var request = new ImportRequest(parse.GetValue(xif)!, parse.GetValue(output), parse.GetValue(version), parse.GetValue(framework), parse.GetValue(packageVersion), parse.GetValue(update));
                return await new ImportRunner(context).RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagnosticException e)
            {
                await context.Error.WriteLineAsync(e.Diagnostic.ToString()).ConfigureAwait(false);
                return e.Diagnostic.Code is "OCP7001" or "OCP6030" or "OCP6033" ? ExitCodes.UsageError : ExitCodes.ExtensionErrors;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }
}
