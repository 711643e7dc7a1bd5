using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Api;

/// <summary>
/// <c>/api/v1/keys</c>: create, list, read and revoke API keys over HTTP, with an admin key. The same
/// <see cref="ApiKeyStore"/> as <c>oneclick server keys</c>; a secret is answered once, when created,
/// and neither it nor its hash is ever answered or logged afterwards.
/// </summary>
internal sealed class KeyEndpoints(ApiKeyStore keys, ILogger logger)
{
    private const string Keys = "/api/v1/keys";

    public void Map(IEndpointRouteBuilder app)
    {
        var admin = new RequiredScope(ApiKeyScope.Admin);
        app.MapPost(Keys, (Func<HttpContext, Task<IResult>>)CreateAsync).WithMetadata(admin)
            .WithMetadata(new RequestBodyDocumentation(typeof(CreateApiKeyRequest), "application/json")).Produces<NewApiKey>(201)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(500)
            .WithSummary("Create an API key; the answer holds the key, once.");
        app.MapGet(Keys, (Func<HttpContext, Task<IResult>>)ListAsync).WithMetadata(admin)
            .Produces<List<ApiKeyDescription>>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(500)
            .WithSummary("The API keys, revoked ones included; never a key or its hash.");
        app.MapGet(Keys + "/{nameOrId}", GetAsync).WithMetadata(admin)
            .Produces<ApiKeyDescription>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(500)
            .WithSummary("One API key, by id or by the name of a key not revoked.");
        app.MapDelete(Keys + "/{nameOrId}", RevokeAsync).WithMetadata(admin)
            .Produces(204).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(500)
            .WithSummary("Revoke an API key: requests with it are refused from now on.");
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var (request, error) = await ServerEndpoints.ReadBodyAsync<CreateApiKeyRequest>(context).ConfigureAwait(false);
        if (request is null)
        {
            return error!;
        }

        var scopeText = request.Scope ?? ApiKeyStore.ScopeName(ApiKeyScope.Publish);
        if (!ApiKeyStore.TryParseScope(scopeText, out var scope))
        {
            return Problems.Result(400, ServerDiagnostics.InvalidApiKeyScope, scopeText);
        }

        var creation = await keys.TryCreateAsync(request.Name ?? string.Empty, scope, request.Extensions, context.RequestAborted).ConfigureAwait(false);
        if (creation.Created is not { } created)
        {
            return Problems.Result(creation.NameTaken ? 409 : 400, creation.Error!);
        }

        var info = created.Info;
        logger.LogInformation("API key {Name} ({Id}, scope {Scope}, for {Extensions}) created by key {Caller}",
            info.Name, info.Id, ApiKeyStore.ScopeName(info.Scope), ApiKeyGrant.Describe(info.Extensions), context.CallerName());
        return Results.Created($"{Keys}/{info.Id}", new NewApiKey(info.Id, info.Name, ApiKeyStore.ScopeName(info.Scope), Extensions(info), info.CreatedAt, created.Key));
    }

    private async Task<IResult> ListAsync(HttpContext context) =>
        Results.Ok((await keys.ListAsync(context.RequestAborted).ConfigureAwait(false)).Select(Describe).ToList());

    private async Task<IResult> GetAsync(HttpContext context, string nameOrId) =>
        await keys.FindAsync(nameOrId, context.RequestAborted).ConfigureAwait(false) is { } key
            ? Results.Ok(Describe(key))
            : Problems.Result(404, ServerDiagnostics.ApiKeyNotFound, nameOrId, string.Empty);

    private async Task<IResult> RevokeAsync(HttpContext context, string nameOrId)
    {
        switch (await keys.RevokeKeepingAnAdminAsync(nameOrId, context.RequestAborted).ConfigureAwait(false))
        {
            case RevokeOutcome.NotFound:
                return Problems.Result(404, ServerDiagnostics.ApiKeyNotFound, nameOrId, " that is not revoked");
            case RevokeOutcome.LastAdmin:
                return Problems.Result(409, ServerDiagnostics.LastAdminKey, nameOrId);
            default:
                logger.LogInformation("API key {Key} revoked by key {Caller}", nameOrId, context.CallerName());
                return Results.NoContent();
        }
    }

    private static ApiKeyDescription Describe(ApiKeyInfo key) =>
        new(key.Id, key.Name, ApiKeyStore.ScopeName(key.Scope), Extensions(key), key.CreatedAt, key.RevokedAt);

    /// <summary>On the wire a key for every extension says so, ["*"], rather than leaving the member out.</summary>
    private static List<string> Extensions(ApiKeyInfo key) => [.. key.Extensions ?? [ApiKeyGrant.All]];
}
