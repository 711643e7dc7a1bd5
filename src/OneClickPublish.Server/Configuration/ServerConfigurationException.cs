using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Configuration;

/// <summary>
/// The server was not started because its configuration has bad values: one coded diagnostic per
/// bad value (OCP5230–OCP5232), each naming its setting, for the host to print as it is.
/// </summary>
public sealed class ServerConfigurationException : Exception
{
    public ServerConfigurationException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics.Select(static d => d.ToString())))
    {
        ArgumentOutOfRangeException.ThrowIfZero(diagnostics.Count);
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
