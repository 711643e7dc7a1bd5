using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Console;

/// <summary>What the console's pages read: the same stores as the API (reads only; every change goes through the API's endpoints).</summary>
internal sealed record ConsoleContext(
    PlatformServerOptions Options,
    IMetadataStore Store,
    ApiKeyStore Keys,
    ConsoleSessions Sessions,
    DeploymentStore Deployments,
    BlobStore Blobs,
    IXifInspector Inspector,
    string DataDirectory,
    string Version,
    bool SharedDatabase,
    ILogger Logger);
