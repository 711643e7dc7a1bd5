using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Tests.Infrastructure;
using OneClickPublish.Tests;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Hostile XIF files sent straight to the server: each is refused with a code, and neither the disk
/// (blobs, deployments, uploads) nor the database (extensions, versions, files, history) changes.
/// </summary>
[TestClass]
public sealed class HostileXifTests
{
    private static readonly byte[] Dll = Encoding.UTF8.GetBytes("MZ pretend this is a library");

    public static IEnumerable<object[]> Cases()
    {
        yield return ["path traversal", new TestXif("Hello", "1.1.0").Add("../evil.dll", Dll).Build(), "OCP4002", "../evil.dll"];
        yield return ["nested traversal", new TestXif("Hello", "1.1.0").Add("bin/../../evil.dll", Dll).Build(), "OCP4002", "bin/../../evil.dll"];
        yield return ["absolute path", new TestXif("Hello", "1.1.0").Add("/tmp/evil.dll", Dll).Build(), "OCP4003", "/tmp/evil.dll"];
        yield return ["drive path", new TestXif("Hello", "1.1.0").Add("C:/evil.dll", Dll).Build(), "OCP4003", "C:/evil.dll"];
        yield return ["backslash path", new TestXif("Hello", "1.1.0").Add("bin\\..\\..\\evil.dll", Dll).Build(), "OCP4004", "evil.dll"];
        yield return ["duplicate ignoring case", new TestXif("Hello", "1.1.0").Add("bin/A.dll", Dll).Add("bin/a.dll", Dll).Build(), "OCP4005", "a.dll"];
        yield return ["exact duplicate", new TestXif("Hello", "1.1.0").Add("bin/A.dll", Dll).Add("bin/A.dll", [9, 9]).Build(), "OCP4005", "A.dll"];
        yield return ["hash mismatch", new TestXif("Hello", "1.1.0").AddWithWrongHash("bin/A.dll", Dll).Build(), "OCP4009", "bin/A.dll"];
        yield return ["entry not in manifest", new TestXif("Hello", "1.1.0").AddUnlisted("bin/extra.dll", Dll).Build(), "OCP4006", "bin/extra.dll"];
        yield return ["zip bomb", new TestXif("Hello", "1.1.0").Add("bin/zeros.dll", new byte[20 << 20]).Build(), "OCP4013", "bin/zeros.dll"];
        yield return ["XXE definition", new TestXif("Hello", "1.1.0", """
            <?xml version="1.0"?>
            <!DOCTYPE Extension [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <Extension xmlns="urn:oneclickpublish:extension:v1" Name="Hello" Version="1.1.0" Description="&xxe;" />
            """).Build(), "OCP1003", ""];
        yield return ["entity expansion", new TestXif("Hello", "1.1.0", """
            <?xml version="1.0"?>
            <!DOCTYPE Extension [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"> ]>
            <Extension xmlns="urn:oneclickpublish:extension:v1" Name="Hello" Version="1.1.0" Description="&c;" />
            """).Build(), "OCP1003", ""];
        yield return ["definition disagrees with manifest", new TestXif("Hello", "1.1.0", Definitions.Simple("Hello", "1.2.0")).Build(), "OCP5116", "1.2.0"];
        yield return ["not a zip", Encoding.UTF8.GetBytes("just some text, not an archive"), "OCP4017", ""];
        yield return ["a deployed entry the definition does not declare, named web.config", new TestXif("Hello", "1.1.0").Add("resources/web.config", Encoding.UTF8.GetBytes("<configuration />"), "Application").Build(), "OCP1094", "resources/web.config"];
        yield return ["a binary entry named like the host's runtimeconfig", new TestXif("Hello", "1.1.0").Add("bin/Host.runtimeconfig.json", Encoding.UTF8.GetBytes("{}")).Build(), "OCP1094", "bin/Host.runtimeconfig.json"];
        yield return ["an Integration Studio .xif (one zlib stream)", Zlib("<?xml version=\"1.0\"?><Extension Name=\"Hello\" />"), "OCP4027", "oneclick import"];
        yield return ["manifest names a path", new TestXif("Hello", "1.1.0") { ManifestName = "../Hello" }.Build(), "OCP5105", "../Hello"];
        yield return ["manifest version not semver", new TestXif("Hello", "1.1.0") { ManifestVersion = "1.1" }.Build(), "OCP5106", "1.1"];
        yield return ["no manifest", NoManifest(), "OCP4015", "manifest.json"];
        yield return ["CRC-32 wrong in both headers, data intact", new TestXif("Hello", "1.1.0").Add("bin/A.dll", Dll)
            .Patch(static zip => ZipSurgery.SetCrc(zip, "bin/A.dll", ZipSurgery.Crc32Of(Dll) ^ 0x5A5A5A5A)).Build(), "OCP4023", "bin/A.dll"];
        yield return ["inflates past the size its headers and manifest claim", new TestXif("Hello", "1.1.0").AddClaimingPrefix("bin/A.dll", Text(20_000), 1000).Build(), "OCP4008", "bin/A.dll"];
        yield return ["entry flagged as encrypted", new TestXif("Hello", "1.1.0").Add("bin/A.dll", Dll)
            .Patch(static zip => ZipSurgery.SetFlags(zip, "bin/A.dll", 1)).Build(), "OCP4025", "bin/A.dll"];
        yield return ["two entries share one local entry", new TestXif("Hello", "1.1.0").Add("bin/A.dll", Dll).Add("bin/B.dll", Dll)
            .Patch(static zip => ZipSurgery.PointAt(zip, "bin/B.dll", "bin/A.dll")).Build(), "OCP4026", "overlap those of entry"];
        yield return ["definition declaring UTF-8 with a byte that is not UTF-8", new TestXif("Hello", "1.1.0", NotUtf8Definition()).Build(), "OCP1002", ""];
        yield return ["manifest names Hello with a trailing line feed", new TestXif("Hello", "1.1.0") { ManifestName = "Hello\n" }.Build(), "OCP5105", "Hello"];
    }

    private static byte[] Zlib(string text)
    {
        using var output = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    /// <summary>Text that deflates well but not suspiciously: lines with numbers, like a listing.</summary>
    private static byte[] Text(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"line {i}: {i * 7919 % 10007} {i * 104729 % 1299709}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    /// <summary>The simple definition, declared utf-8, with a Latin-1 'é' (0xE9, not UTF-8 on its own) in its description.</summary>
    private static byte[] NotUtf8Definition()
    {
        var bytes = Encoding.UTF8.GetBytes(Definitions.Simple("Hello", "1.1.0").Replace("A test extension.", "A caf# extension.", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xE9;
        return bytes;
    }

    public static string CaseName(System.Reflection.MethodInfo method, object[] data) => $"{method.Name} ({data[0]})";

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(CaseName))]
    public async Task Hostile_xif_is_refused_and_nothing_changes(string what, byte[] xif, string code, string reason)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var good = await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", Dll).Build());
        Assert.AreEqual("succeeded", good.State, good.ToString());
        var files = fixture.SnapshotFiles();
        var rows = Rows(fixture);

        var uploadId = await fixture.UploadAsync(xif);
        using var response = await fixture.StartPublishAsync(uploadId);
        var codes = new List<string>();
        var messages = new List<string>();
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var result = await fixture.WaitAsync(response.Headers.Location!.OriginalString);
            Assert.AreEqual("failed", result.State, $"{what}: {result}");
            codes.AddRange(result.Codes("error"));
            messages.AddRange(result.Log.Where(static l => l.GetProperty("kind").GetString() == "error").Select(static l => l.GetProperty("message").GetString()!));
        }
        else
        {
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, what);
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            codes.Add(error.GetProperty("code").GetString()!);
            messages.Add(error.GetProperty("detail").GetString()!);
            // A refused request keeps the upload (the client may inspect it); it expires. Remove it to compare the rest.
            File.Delete(Path.Combine(fixture.DataDirectory, "uploads", uploadId + ".json"));
            File.Delete(Path.Combine(fixture.DataDirectory, "uploads", uploadId + ".data"));
        }

        CollectionAssert.Contains(codes, code, $"{what}: {string.Join(", ", codes)}");
        Assert.IsTrue(messages.Exists(m => m.Contains(reason, StringComparison.Ordinal)), $"{what}: refused for another reason: {string.Join(" | ", messages)}");
        CollectionAssert.AreEqual(files, fixture.SnapshotFiles(), $"{what}: the files on disk changed");
        CollectionAssert.AreEqual(rows, Rows(fixture), $"{what}: the database changed");
        Assert.IsFalse(File.Exists(Path.Combine(fixture.DataDirectory, "evil.dll")));
        Assert.IsFalse(File.Exists(Path.Combine(fixture.DataDirectory, "deployments", "evil.dll")));
        Assert.AreEqual("1.0.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
    }

    private static long[] Rows(ServerFixture fixture) =>
        [.. new[] { "extensions", "versions", "version_files", "history" }.Select(fixture.CountRows)];

    private static byte[] NoManifest()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = archive.CreateEntry("extension.xml").Open();
            stream.Write(Encoding.UTF8.GetBytes(Definitions.Simple("Hello", "1.1.0")));
        }

        return buffer.ToArray();
    }
}
