using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Api;

/// <summary>
/// Every refusal as RFC 9457 problem details (<c>application/problem+json</c>): <c>status</c>,
/// <c>title</c> (the code's title), <c>detail</c> (the one-line message), <c>traceId</c> (the id the
/// server's log has the request under) and our <c>code</c> as an extension member.
/// </summary>
internal static class Problems
{
    public const string CodeMember = "code";

    public static ProblemDetails For(int status, Diagnostic diagnostic) => new()
    {
        Status = status,
        Title = diagnostic.Descriptor.Title,
        Detail = diagnostic.Message,
        Extensions = { [CodeMember] = diagnostic.Code },
    };

    public static IResult Result(int status, Diagnostic diagnostic) => TypedResults.Problem(For(status, diagnostic));

    public static IResult Result(int status, DiagnosticDescriptor descriptor, params object?[] args) =>
        Result(status, Diagnostic.Create(descriptor, SourceLocation.None, args));

    /// <summary>Writes the problem from a middleware, through the same result (and so the same IProblemDetailsService).</summary>
    public static Task WriteAsync(HttpContext context, int status, Diagnostic diagnostic) => Result(status, diagnostic).ExecuteAsync(context);

    public static Task WriteAsync(HttpContext context, int status, DiagnosticDescriptor descriptor, params object?[] args) =>
        WriteAsync(context, status, Diagnostic.Create(descriptor, SourceLocation.None, args));

    /// <summary>The id of the request in the server's log, as problem details and the request line carry it.</summary>
    public static string TraceId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    /// <summary>
    /// Applied to every problem the server writes: the trace id, and for the problems ASP.NET Core makes
    /// itself (status code pages: a path or method the API does not have) our code and words.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = TraceId(context.HttpContext);
        if (!problem.Extensions.ContainsKey(CodeMember))
        {
            var request = context.HttpContext.Request;
            var diagnostic = Diagnostic.Create(ServerDiagnostics.UnknownEndpoint, SourceLocation.None, request.Method, request.Path.ToString());
            problem.Title = diagnostic.Descriptor.Title;
            problem.Detail = diagnostic.Message;
            problem.Extensions[CodeMember] = diagnostic.Code;
        }
    }
}
