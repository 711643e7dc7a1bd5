using OneClickPublish.Platform;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// One Platform Server process for every test that only publishes to it (each under an extension name
/// of its own): started on first use, stopped when the run ends. Tests that kill or hold a server start
/// their own.
/// </summary>
internal static class SharedServer
{
    private static readonly Lazy<ServerProcess> Instance = new(() => ServerProcess.StartAsync().GetAwaiter().GetResult());

    public static ServerProcess Server => Instance.Value;

    public static void Stop()
    {
        if (Instance.IsValueCreated)
        {
            Instance.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>`dotnet build -t:OneClickPublish` of <paramref name="sample"/> to <paramref name="server"/>, with the key in the environment as CI would give it.</summary>
    public static CommandResult Publish(SampleProject sample, ServerProcess server, string? property = null, string? apiKey = null) =>
        sample.Build(new Dictionary<string, string> { ["ONECLICK_API_KEY"] = apiKey ?? server.ApiKey },
            ["-t:OneClickPublish", $"-p:OneClickPublishServer={server.Url}", "-p:OneClickPublishRetries=1", "-p:OneClickPublishRetryDelay=0", .. property is null ? Array.Empty<string>() : [property]]);

    public static PlatformClient Client(ServerProcess server) => new(new PlatformClientOptions { Server = server.Url, ApiKey = server.ApiKey, Retries = 1 });

    public static ExtensionInfo Extension(ServerProcess server, string name)
    {
        using var client = Client(server);
        return client.GetExtensionAsync(name, CancellationToken.None).GetAwaiter().GetResult();
    }
}
