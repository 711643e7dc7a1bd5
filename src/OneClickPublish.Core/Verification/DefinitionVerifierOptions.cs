namespace OneClickPublish.Verification;

public sealed class DefinitionVerifierOptions
{
    /// <summary>
    /// The folder resource and icon paths are relative to (normally the definition file's folder).
    /// Null skips every check on disk, for definitions verified away from their files (the server, tests).
    /// </summary>
    public string? BaseDirectory { get; init; }
}
