using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;
using OneClickPublish.Verification;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Publishing;

/// <summary>
/// The server's view of a XIF through Core: <see cref="XifReader"/> checks the archive (names,
/// duplicates, caps, every byte against the manifest), <see cref="DefinitionReader"/> reads the
/// definition (no DTD, no external resolution) and <see cref="DefinitionVerifier"/> applies the
/// client's rules, so a publish is refused for exactly the reasons and codes the client reports.
/// </summary>
internal sealed class CoreXifInspector : IXifInspector
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        MaxDepth = 8,
    };

    public XifIdentity? ReadIdentity(string xifPath, XifLimits limits, DiagnosticBag diagnostics)
    {
        var location = new SourceLocation(XifFormat.ManifestEntryPath);
        XifManifest? manifest;
        try
        {
            using var zip = ZipFile.OpenRead(xifPath);
            var entry = zip.GetEntry(XifFormat.ManifestEntryPath);
            if (entry is null)
            {
                diagnostics.Report(XifDiagnostics.ManifestMissing, SourceLocation.None, XifFormat.ManifestEntryPath);
                return null;
            }

            if (entry.Length > limits.MaxManifestSize)
            {
                diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"it is larger than {limits.MaxManifestSize} bytes");
                return null;
            }

            // Only the manifest is read here, through a cap; the whole archive is checked by the publish itself.
            using var stream = new CappedStream(entry.Open(), limits.MaxManifestSize);
            manifest = JsonSerializer.Deserialize<XifManifest>(stream, ManifestJson);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            if (XifFormat.StartsLikeIntegrationStudio(xifPath))
            {
                diagnostics.Report(XifDiagnostics.IntegrationStudioFile, SourceLocation.None, "The upload");
            }
            else
            {
                diagnostics.Report(XifDiagnostics.NotAnArchive, SourceLocation.None, e.Message);
            }

            return null;
        }
        catch (JsonException e)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, e.Message);
            return null;
        }

        if (manifest is null)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, "it is empty (null)");
            return null;
        }

        if (!Names.IsValidExtensionName(manifest.ExtensionName))
        {
            diagnostics.Report(ServerDiagnostics.InvalidExtensionName, location, manifest.ExtensionName);
            return null;
        }

        if (!Names.TryParseVersion(manifest.ExtensionVersion, out var version))
        {
            diagnostics.Report(ServerDiagnostics.InvalidVersion, location, manifest.ExtensionVersion);
            return null;
        }

        return new XifIdentity(manifest.ExtensionName, version.ToNormalizedString());
    }

    public IInspectedXif? Inspect(string xifPath, XifLimits limits, DiagnosticBag diagnostics)
    {
        var archive = XifReader.Open(xifPath, limits, diagnostics);
        if (archive is null)
        {
            return null;
        }

        var keep = false;
        try
        {
            var identity = ReadIdentityOf(archive.Manifest, diagnostics);
            using var definitionStream = archive.OpenDefinition(diagnostics);
            if (identity is null || definitionStream is null)
            {
                return null;
            }

            // From bytes, as the client reads the file: the declared encoding, strictly (OCP1002 for a
            // byte that is not valid in it, where a decoding StreamReader would put U+FFFD and store that).
            byte[] bytes;
            using (var copy = new MemoryStream())
            {
                definitionStream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            var definition = DefinitionReader.Read(bytes, XifFormat.DefinitionEntryPath, diagnostics, out var xml);
            if (definition is null || xml is null || diagnostics.HasErrors)
            {
                return null;
            }

            if (!string.Equals(definition.Name, identity.Name, StringComparison.Ordinal)
                || definition.Version is null || definition.Version.ToNormalizedString() != identity.Version)
            {
                diagnostics.Report(ServerDiagnostics.DefinitionDoesNotMatchManifest, new SourceLocation(XifFormat.DefinitionEntryPath),
                    identity.Name, identity.Version, definition.Name, definition.VersionText);
                return null;
            }

            // Resources are checked against the manifest, not the disk: the server has no project folder.
            DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = null });

            // The manifest, not only the definition, says what is deployed: a XIF built by hand may deploy a
            // file the definition does not declare. The build's own binaries are the extension's assembly.
            foreach (var entry in archive.Manifest.Entries)
            {
                if (entry.DeployAction is { } action
                    && ReservedResourceNames.Problem(Path.GetFileName(entry.Path), action, entry.Kind == XifEntryKind.Resource ? identity.Name : null) is { } reserved)
                {
                    diagnostics.Report(DefinitionDiagnostics.ReservedResourceName, new SourceLocation(entry.Path), entry.Path, action, reserved);
                }
            }

            if (diagnostics.HasErrors)
            {
                return null;
            }

            var files = archive.Manifest.Entries
                .Select(static e => new XifFile(e.Path, e.Sha256, e.Size, e.DeployAction != DeployAction.Ignore))
                .ToList();
            keep = true;
            return new InspectedXif(archive, identity, definition, xml, files);
        }
        finally
        {
            if (!keep)
            {
                archive.Dispose();
            }
        }
    }

    public ExtensionDefinition? ReadDefinition(string xml, DiagnosticBag diagnostics) =>
        DefinitionReader.Parse(xml, XifFormat.DefinitionEntryPath, diagnostics);

    private static XifIdentity? ReadIdentityOf(XifManifest manifest, DiagnosticBag diagnostics)
    {
        var location = new SourceLocation(XifFormat.ManifestEntryPath);
        if (!Names.IsValidExtensionName(manifest.ExtensionName))
        {
            diagnostics.Report(ServerDiagnostics.InvalidExtensionName, location, manifest.ExtensionName);
            return null;
        }

        if (!Names.TryParseVersion(manifest.ExtensionVersion, out var version))
        {
            diagnostics.Report(ServerDiagnostics.InvalidVersion, location, manifest.ExtensionVersion);
            return null;
        }

        return new XifIdentity(manifest.ExtensionName, version.ToNormalizedString());
    }

    private sealed class InspectedXif(XifArchive archive, XifIdentity identity, ExtensionDefinition definition, string xml, IReadOnlyList<XifFile> files) : IInspectedXif
    {
        private readonly Dictionary<string, XifManifestEntry> _entries = archive.Manifest.Entries.ToDictionary(static e => e.Path, StringComparer.Ordinal);

        public XifIdentity Identity { get; } = identity;

        public ExtensionDefinition Definition { get; } = definition;

        public string DefinitionXml { get; } = xml;

        public IReadOnlyList<XifFile> Files { get; } = files;

        public bool CopyTo(XifFile file, Stream destination, DiagnosticBag diagnostics) =>
            archive.CopyEntryTo(_entries[file.Path], destination, diagnostics);

        public void Dispose() => archive.Dispose();
    }

    /// <summary>Fails a read that goes past a cap, whatever the entry's header claims.</summary>
    private sealed class CappedStream(Stream inner, long cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            _read += read;
            return _read > cap ? throw new InvalidDataException($"The manifest is larger than {cap} bytes.") : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
