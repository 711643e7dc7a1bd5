using System.CommandLine;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Cli;

namespace OneClickPublish.Tool.Import;

/// <summary><c>oneclick export [project] -o X.xif</c>: the command line of <see cref="ExportRunner"/>.</summary>
internal static class ExportCommand
{
    public static Command Create(ToolContext context, Func<string?, string> resolveProject)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resolveProject);
        var project = new Argument<string?>("project")
        {
            Description = "The extension's project file, or a folder holding exactly one. Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The .xif file to write (replaced if it exists).",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("export", "Write the extension as an Integration Studio .xif (its own zlib format), for extensions going back to Integration Studio.")
        {
            project,
            output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var request = new ExportRequest(resolveProject(parse.GetValue(project)), parse.GetValue(output)!);
                return await new ExportRunner(context).RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagnosticException e)
            {
                await context.Error.WriteLineAsync(e.Diagnostic.ToString()).ConfigureAwait(false);
                return e.Diagnostic.Code is "OCP7001" or "OCP7002" or "OCP7003" ? ExitCodes.UsageError : ExitCodes.ExtensionErrors;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }
}
