using System.CommandLine;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Cli;

namespace OneClickPublish.Tool.Init;

/// <summary>
/// <c>oneclick init [project-or-folder] [--force] [--name N] [--package-version V]</c>: the
/// command line of <see cref="InitRunner"/>, and its errors turned into one coded line and an exit code.
/// </summary>
internal static class InitCommand
{
    /// <summary>Refusals that a different command line fixes: exit code 3, as usage errors.</summary>
    private static readonly HashSet<string> UsageCodes =
    [
        ToolDiagnostics.UsageError.Code,
        ToolDiagnostics.ProjectNotFound.Code,
        ToolDiagnostics.SeveralProjects.Code,
        ToolDiagnostics.DefinitionExists.Code,
        ToolDiagnostics.ExtensionNameNotValid.Code,
        ToolDiagnostics.NotAClassLibrary.Code,
    ];

    public static Command Create(ToolContext context, Func<string?, string> resolveProject, IPackageSources? sources = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resolveProject);
        var project = new Argument<string?>("project")
        {
            Description = "The class library's project file, or a folder holding exactly one. Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace an existing extension.xml (and extension.xsd); the old files are kept in .oneclick/backups/.",
        };
        var name = new Option<string?>("--name")
        {
            Description = "The extension's name (letters, digits, '_'). Default: the project's name.",
            HelpName = "NAME",
        };
        var packageVersion = new Option<string?>("--package-version")
        {
            Description = $"The OneClickPublish package version to reference. Default: this tool's own ({ToolVersion.Current}).",
            HelpName = "VERSION",
        };
        var command = new Command("init", "Make a class library an extension: write extension.xml with an example action, reference the OneClickPublish package and keep .oneclick/ out of git.")
        {
            project,
            force,
            name,
            packageVersion,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var request = new InitRequest(resolveProject(parse.GetValue(project)), parse.GetValue(name), parse.GetValue(force), parse.GetValue(packageVersion));
                return await new InitRunner(context, sources ?? new NuGetPackageSources()).RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagnosticException e)
            {
                await context.Error.WriteLineAsync(e.Diagnostic.ToString()).ConfigureAwait(false);
                if (e.Diagnostic.Code == ToolDiagnostics.ProjectNotFound.Code)
                {
                    await context.Error.WriteLineAsync("oneclick init works on a class library: create one with 'dotnet new classlib', or start a new extension with 'dotnet new oneclick-extension -n Name'.").ConfigureAwait(false);
                }

                return UsageCodes.Contains(e.Diagnostic.Code) ? ExitCodes.UsageError : ExitCodes.ExtensionErrors;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }
}
