using System.IO.Compression;
using System.Net;
using System.Text;
using OneClickPublish.Server.Tests.Infrastructure;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// A manifest the server cannot read as one, met when a publish is asked for (before anything runs):
/// 422 with OCP4016, the upload left as it was.
/// </summary>
[TestClass]
public sealed class ManifestErrorTests
{
    [TestMethod]
    [DataRow("not JSON", "{\"extensionName\": ")]
    [DataRow("JSON null", "null")]
    public async Task A_manifest_that_is_not_a_manifest_is_422_OCP4016(string what, string manifest)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var uploadId = await fixture.UploadAsync(ArchiveWithManifest(manifest));

        using var refused = await fixture.StartPublishAsync(uploadId);

        await ProblemDetailsTests.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "OCP4016", what);
        Assert.AreEqual(HttpStatusCode.OK, (await fixture.Client.GetAsync(new Uri($"/api/v1/uploads/{uploadId}", UriKind.Relative))).StatusCode, "the upload stays");
    }

    [TestMethod]
    public async Task A_manifest_over_the_servers_limit_is_422_OCP4016_without_being_read()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.XifLimits = XifLimits.Default with { MaxManifestSize = 64 });
        var uploadId = await fixture.UploadAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build());

        using var refused = await fixture.StartPublishAsync(uploadId);

        await ProblemDetailsTests.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "OCP4016", "manifest too large");
        StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "larger than 64 bytes");
    }

    private static byte[] ArchiveWithManifest(string manifest)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(XifFormat.ManifestEntryPath).Open();
            entry.Write(Encoding.UTF8.GetBytes(manifest));
        }

        return output.ToArray();
    }
}
