using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>Resources: a known deploy action, a plain relative path that is unique and not a name the host reserves, and (with a base folder) a file that exists and is not empty.</summary>
internal sealed class ResourceRules(VerificationContext context, KeyAndDescriptionRules keysAndDescriptions)
{
    public void VerifyResources()
    {
        var paths = new Dictionary<string, ResourceDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in context.Definition.Resources)
        {
            var label = new ElementLabel(resource, null);
            keysAndDescriptions.CheckKeyAndDescription(resource, label, isPublic: false);
            var deployAction = resource.DeployAction ?? ResourceDefinition.ParseDeployAction(resource.DeployActionText);
            if (deployAction is null)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.UnknownDeployAction, Pick(resource.DeployActionLocation, resource.Location), resource.Path, resource.DeployActionText);
            }

            if (string.IsNullOrWhiteSpace(resource.Path))
            {
                context.Diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, resource.Location, "Resource", "Path");
                continue;
            }

            if (ResourcePathProblem(resource.Path) is { } problem)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.InvalidResourcePath, NameLocationOf(resource), resource.Path, problem);
                continue;
            }

            if (deployAction is { } action
                && ReservedResourceNames.Problem(Path.GetFileName(resource.Path.Replace('\\', '/')), action, context.Definition.Name) is { } reserved)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.ReservedResourceName, NameLocationOf(resource), resource.Path, action, reserved);
            }

            var normalized = resource.Path.Replace('\\', '/');
            if (!paths.TryAdd(normalized, resource))
            {
                var first = paths[normalized];
                context.Diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(resource), label, $"resource '{first.Path}'{LineOf(first)}");
                continue;
            }

            if (context.Options.BaseDirectory is null)
            {
                continue;
            }

            var full = ResolveOnDisk(resource.Path, context.Options.BaseDirectory)!;
            var file = new FileInfo(full);
            if (!file.Exists)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.ResourceNotFound, NameLocationOf(resource), resource.Path, full);
            }
            else if (file.Length == 0 && deployAction is not null and not DeployAction.Ignore)
            {
                context.Diagnostics.Report(DefinitionDiagnostics.ResourceEmpty, NameLocationOf(resource), resource.Path, deployAction);
            }
        }
    }

    /// <summary>Null when the path is a plain relative path that stays under the base folder.</summary>
    public static string? ResourcePathProblem(string path)
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

    /// <summary>The full path of a file under <paramref name="baseDirectory"/>, or null when the path is not a plain relative one.</summary>
    public static string? ResolveOnDisk(string relativePath, string baseDirectory)
    {
        if (ResourcePathProblem(relativePath) is not null)
        {
            return null;
        }

        var relative = relativePath.Replace('\\', '/').Replace('/', Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.Combine(baseDirectory, relative));
    }
}
