using Microsoft.AspNetCore.Http;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Console;

/// <summary>
/// API keys, for an admin key: the list (never a secret or a hash), and forms whose script creates and
/// revokes keys through /api/v1/keys; a new key's secret is shown once, in the page, with a copy button.
/// </summary>
internal sealed class KeyPages(ConsoleContext console)
{
    public async Task<IResult> KeysAsync(HttpContext context)
    {
        var (session, signIn) = await ConsoleEndpoints.RequireAsync(console, context).ConfigureAwait(false);
        if (session is null)
        {
            return signIn!;
        }

        if (session.Key.Scope < ApiKeyScope.Admin)
        {
            return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status403Forbidden, ServerDiagnostics.ApiKeyScopeTooLow,
                session.Key.Name, ApiKeyStore.ScopeName(session.Key.Scope), ApiKeyStore.ScopeName(ApiKeyScope.Admin));
        }

        var keys = await console.Keys.ListAsync(context.RequestAborted).ConfigureAwait(false);
        return ConsoleLayout.Page(context, session, "API keys", "keys", html =>
        {
            html.Element("h2", "Create a key")
                .Open("form", ("id", "key-form"), ("class", "card grid"))
                .Element("label", "Name", ("for", "key-name"))
                .Void("input", ("id", "key-name"), ("name", "name"), ("required", string.Empty), ("maxlength", "100"), ("pattern", @"[A-Za-z0-9._@\-]+"), ("autocomplete", "off"))
                .Element("label", "Scope", ("for", "key-scope"))
                .Open("select", ("id", "key-scope"), ("name", "scope"))
                .Element("option", "read", ("value", "read"))
                .Element("option", "publish", ("value", "publish"), ("selected", string.Empty))
                .Element("option", "admin", ("value", "admin"))
                .Close("select")
                .Element("label", "Extensions", ("for", "key-extensions"))
                .Void("input", ("id", "key-extensions"), ("name", "extensions"), ("placeholder", "all (or: Geo*, Maps)"), ("aria-describedby", "key-extensions-help"), ("autocomplete", "off"))
                .Element("p", "Comma-separated names or beginnings of names followed by *; empty for every extension.", ("id", "key-extensions-help"), ("class", "hint"))
                .Element("button", "Create", ("type", "submit"))
                .Close("form");
            html.Open("div", ("id", "new-key"), ("class", "card secret"), ("hidden", string.Empty), ("role", "status"))
                .Element("p", "The key, shown this once: copy it now.")
                .Element("label", "New key", ("for", "new-key-value"))
                .Void("input", ("id", "new-key-value"), ("readonly", string.Empty), ("spellcheck", "false"))
                .Element("button", "Copy", ("type", "button"), ("id", "copy-key"))
                .Close("div");
            html.Element("div", null, ("id", "key-messages"), ("aria-live", "polite"));
            html.Element("h2", "Keys").Open("div", ("class", "scroll")).Open("table", ("id", "keys")).Open("thead").Open("tr");
            foreach (var heading in new[] { "Name", "Id", "Scope", "Extensions", "Created", "Revoked", "Actions" })
            {
                html.Element("th", heading, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Open("tbody");
            foreach (var key in keys.OrderBy(static k => k.IsRevoked).ThenBy(static k => k.Name, StringComparer.OrdinalIgnoreCase))
            {
                html.Open("tr", ("class", key.IsRevoked ? "revoked" : null), ("data-id", key.Id))
                    .Element("td", key.Name).Open("td").Element("code", key.Id).Close("td")
                    .Element("td", ApiKeyStore.ScopeName(key.Scope)).Element("td", ApiKeyGrant.Describe(key.Extensions))
                    .Open("td").Time(key.CreatedAt).Close("td").Open("td").Time(key.RevokedAt).Close("td").Open("td");
                if (!key.IsRevoked)
                {
                    html.Element("button", "Revoke", ("type", "button"), ("class", "revoke danger"), ("data-id", key.Id), ("data-name", key.Name),
                        ("aria-label", $"Revoke {key.Name}"));
                }

                html.Close("td").Close("tr");
            }

            html.Close("tbody").Close("table").Close("div");
        }, "keys.js");
    }
}
