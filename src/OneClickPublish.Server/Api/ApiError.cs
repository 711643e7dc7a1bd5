using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Api;

/// <summary>The JSON body of every rejection (docs/protocol.md, "Errors").</summary>
internal sealed record ApiError(string Code, string Message, string Details)
{
    public static ApiError From(Diagnostic diagnostic) => new(diagnostic.Code, diagnostic.Message, diagnostic.Details);

    public static ApiError From(DiagnosticDescriptor descriptor, params object?[] args) => From(Diagnostic.Create(descriptor, SourceLocation.None, args));
}
