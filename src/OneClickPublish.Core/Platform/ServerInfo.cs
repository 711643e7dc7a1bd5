namespace OneClickPublish.Platform;

/// <summary>
/// <c>GET /api/v1/server</c>: the server's version and the target frameworks it can run (its
/// <c>Server:TargetFrameworks</c>, short names such as <c>net48</c> and <c>net8.0</c>), which the client
/// checks the project's frameworks against before it uploads anything.
/// </summary>
public sealed record ServerInfo(string? Version, IReadOnlyList<string>? TargetFrameworks);
