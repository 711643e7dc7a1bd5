namespace OneClickPublish.Server.Publishing;

/// <summary>The points of a publish where a host may make it wait: before its folder is built, before its switch, after it.</summary>
internal enum PublishCheckpoint
{
    BeforeDeploy,
    BeforeActivate,
    AfterSwitch,
}

/// <summary>
/// Told when a publish reaches each <see cref="PublishCheckpoint"/>, and awaited there: the publish goes on
/// when the returned task ends. The server registers none; a host that registers one (through
/// <see cref="PlatformServerOptions.ConfigureServices"/>) can stop a server at an exact point of a publish,
/// as the crash-recovery tests do. <paramref name="ct"/> ends when the server stops.
/// </summary>
internal interface IPublishCheckpoints
{
    Task ReachedAsync(PublishCheckpoint checkpoint, string extension, CancellationToken ct);
}
