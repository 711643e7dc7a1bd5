namespace OneClickPublish.Server.Configuration;

/// <summary>
/// One setting of the server as a team configures it: its key (under <c>Server:</c> in
/// appsettings.json; <c>ONECLICK_Server__Key</c> in the environment), its command-line option (none
/// for a secret: a command line is visible to every user of the machine), its default as the help and
/// the docs show it, and how its text is applied to <see cref="PlatformServerOptions"/>.
/// </summary>
/// <param name="Key">The configuration key, e.g. <c>Server:MaxUploadBytes</c>.</param>
/// <param name="Option">The command-line option of <c>oneclick server</c>, or null for a secret.</param>
/// <param name="Default">The default, in words.</param>
/// <param name="Description">What it does, one line.</param>
/// <param name="Apply">Sets the option from the text; returns what the value should be when it cannot be read, else null.</param>
/// <param name="Secret">Its value is never shown, not even in an error about it.</param>
/// <param name="Clear">For a list: empties it, so that the configured values replace the default's
/// rather than add to them. A setting that has it is repeatable: the option may be given several times.</param>
public sealed record ServerSetting(
    string Key,
    string? Option,
    string Default,
    string Description,
    Func<PlatformServerOptions, string, string?> Apply,
    bool Secret = false,
    Action<PlatformServerOptions>? Clear = null)
{
    /// <summary>The setting is a list: several values in configuration, the option given several times.</summary>
    public bool Repeatable => Clear is not null;
}
