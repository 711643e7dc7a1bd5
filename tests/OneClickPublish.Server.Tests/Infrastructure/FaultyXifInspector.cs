using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// The server's own XIF inspector, which throws on cue an exception the server does not expect (a bug,
/// a library failing in a way it never documented): the one fault the real inspector cannot be made to
/// produce. Registered in place of the real one through <see cref="PlatformServerOptions.ConfigureServices"/>.
/// </summary>
internal sealed class FaultyXifInspector : IXifInspector
{
    /// <summary>The exception's text: it must reach the server's log and never a client.</summary>
    public const string Secret = "inspector exploded at 0xDEADBEEF";

    private readonly CoreXifInspector _real = new();

    /// <summary>Reading the identity (when a publish is accepted) throws.</summary>
    public bool FailIdentity { get; set; }

    /// <summary>Inspecting the XIF (when a publish runs) throws.</summary>
    public bool FailInspect { get; set; }

    public XifIdentity? ReadIdentity(string xifPath, XifLimits limits, DiagnosticBag diagnostics) =>
        FailIdentity ? throw new InvalidOperationException(Secret) : _real.ReadIdentity(xifPath, limits, diagnostics);

    public IInspectedXif? Inspect(string xifPath, XifLimits limits, DiagnosticBag diagnostics) =>
        FailInspect ? throw new InvalidOperationException(Secret) : _real.Inspect(xifPath, limits, diagnostics);

    public ExtensionDefinition? ReadDefinition(string xml, DiagnosticBag diagnostics) => _real.ReadDefinition(xml, diagnostics);
}
