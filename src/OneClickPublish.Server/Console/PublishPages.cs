using Microsoft.AspNetCore.Http;
using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Console;

/// <summary>
/// Publish from the browser: pick a .xif; publish.js hashes it, uploads it through the API's resumable
/// uploads (a dropped connection continues from the server's offset) and publishes it with POST
/// /api/v1/publish, then follows the operation on its page. The same endpoints, rules and codes as
/// <c>dotnet build -t:OneClickPublish</c>: an Integration Studio XIF is refused with OCP4027.
/// </summary>
internal sealed class PublishPages(ConsoleContext console)
{
    public async Task<IResult> PublishAsync(HttpContext context)
    {
        var (session, signIn) = await ConsoleEndpoints.RequireAsync(console, context).ConfigureAwait(false);
        if (session is null)
        {
            return signIn!;
        }

        if (session.Key.Scope < ApiKeyScope.Publish)
        {
            return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status403Forbidden, ServerDiagnostics.ApiKeyScopeTooLow,
                session.Key.Name, ApiKeyStore.ScopeName(session.Key.Scope), ApiKeyStore.ScopeName(ApiKeyScope.Publish));
        }

        var markers = new Dictionary<Stage, string>
        {
            [Stage.Verify] = OperationMarkers.Pending,
            [Stage.Save] = OperationMarkers.Pending,
            [Stage.Upload] = OperationMarkers.Pending,
            [Stage.Publish] = OperationMarkers.Pending,
            [Stage.Deploy] = OperationMarkers.Pending,
        };
        return ConsoleLayout.Page(context, session, "Publish a XIF", "publish", html =>
        {
            html.Open("form", ("id", "publish-form"), ("class", "card"), ("data-max", console.Options.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Element("label", "Extension file (.xif)", ("for", "xif"))
                .Void("input", ("type", "file"), ("id", "xif"), ("name", "xif"), ("accept", ".xif"), ("required", string.Empty), ("aria-describedby", "xif-help"))
                .Element("p", "Made by dotnet build -t:OneClickPublishSave or oneclick save. The server verifies it as it does every publish.", ("id", "xif-help"), ("class", "hint"))
                .Element("button", "Publish", ("type", "submit"), ("id", "publish-button"))
                .Close("form");
            OperationPages.Markers(html, markers, null, fromBrowser: true);
            html.Open("div", ("class", "progress-wrap"))
                .Element("label", "Upload", ("for", "upload-progress"))
                .Open("progress", ("id", "upload-progress"), ("max", "100"), ("value", "0")).Close("progress")
                .Element("span", string.Empty, ("id", "upload-text"), ("role", "status"), ("aria-live", "polite"))
                .Close("div");
            html.Element("div", null, ("id", "publish-messages"), ("aria-live", "polite"));
            html.Open("noscript").Element("p", "Publishing from the browser needs JavaScript (the file is hashed and uploaded in parts). Without it, publish with dotnet build -t:OneClickPublish.", ("class", "msg warning")).Close("noscript");
        }, "markers.js", "sha256.js", "publish.js");
    }
}
