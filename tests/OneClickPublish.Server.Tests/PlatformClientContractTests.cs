using System.Text;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>The Core PlatformClient (written against docs/protocol.md) against the real server: the contract from both sides.</summary>
[TestClass]
public sealed class PlatformClientContractTests
{
    [TestMethod]
    public async Task Client_uploads_in_chunks_publishes_follows_the_log_rolls_back_and_reads_history()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var folder = Path.Combine(fixture.DataDirectory, "..", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var client = new PlatformClient(new PlatformClientOptions
            {
                Server = fixture.Server.BaseAddress.ToString(),
                ApiKey = fixture.Key,
                ChunkSize = 1000, // several PATCH requests, each continuing at the server's offset
                PollInterval = TimeSpan.FromMilliseconds(50),
            });
            Assert.AreEqual("ok", (await client.HealthAsync(CancellationToken.None)).Status);

            foreach (var version in new[] { "1.0.0", "1.1.0" })
            {
                var path = Path.Combine(folder, $"Hello.{version}.xif");
                await File.WriteAllBytesAsync(path, new TestXif("Hello", version).Add("bin/Hello.dll", Encoding.UTF8.GetBytes(new string('h', 3000) + version)).Build());
                var uploadId = await client.UploadAsync(path, progress: null, CancellationToken.None);
                var lines = new List<PlatformLogLine>();
                var result = await client.PublishAsync(uploadId, lines.Add, CancellationToken.None);
                Assert.IsTrue(result.Succeeded, string.Join(Environment.NewLine, lines));
                Assert.AreEqual(version, result.Version);
                Assert.IsTrue(lines.Exists(static l => l.Kind == PlatformLogKind.Stage && l.Stage == "Deploy" && l.Status == "succeeded"));
            }

            var rolledBack = await client.RollbackAsync("Hello", "1.0.0", CancellationToken.None);
            Assert.AreEqual("1.0.0", rolledBack.ActiveVersion);
            var history = await client.GetHistoryAsync("Hello", CancellationToken.None);
            Assert.AreEqual(3, history.Count);
            Assert.AreEqual("initial", history[2].By);
            Assert.AreEqual(2, (await client.GetExtensionsAsync(CancellationToken.None))[0].Versions.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task Client_creates_lists_and_revokes_keys_and_relays_the_servers_codes()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = new PlatformClient(new PlatformClientOptions { Server = fixture.Server.BaseAddress.ToString(), ApiKey = await KeyEndpointTests.AdminKeyAsync(fixture) });

        var created = await client.CreateKeyAsync("geo-ci", "read", ["Geo*"], CancellationToken.None);
        StringAssert.StartsWith(created.Key, $"ocp_{created.Id}_");
        CollectionAssert.AreEqual(new[] { "Geo*" }, created.Extensions!.ToList());
        var listed = await client.ListKeysAsync(CancellationToken.None);
        CollectionAssert.AreEqual(new[] { "initial", "boss", "geo-ci" }, listed.Select(static k => k.Name).ToList());
        Assert.AreEqual("read", listed[2].Scope);

        await client.RevokeKeyAsync(created.Id!, CancellationToken.None);
        Assert.IsNotNull((await client.ListKeysAsync(CancellationToken.None))[2].RevokedAt);
        var again = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.RevokeKeyAsync("geo-ci", CancellationToken.None));
        Assert.AreEqual("OCP5244", again.Diagnostic.Code);
        Assert.AreEqual(ServerDiagnostics.ApiKeyNotFound.Details, again.Diagnostic.Details);
        var taken = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.CreateKeyAsync("boss", "read", null, CancellationToken.None));
        Assert.AreEqual("OCP5246", taken.Diagnostic.Code);
    }

    [TestMethod]
    public async Task Client_reports_the_servers_code_for_a_bad_key()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = new PlatformClient(new PlatformClientOptions { Server = fixture.Server.BaseAddress.ToString(), ApiKey = "ocp_0000000000000000_wrong" });
        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.GetExtensionsAsync(CancellationToken.None));
        StringAssert.Contains(error.Diagnostic.Message + error.Diagnostic.Details, "OCP5101");
    }
    [TestMethod]
    public async Task Client_reads_the_servers_problem_details_code_and_detail()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = new PlatformClient(new PlatformClientOptions { Server = fixture.Server.BaseAddress.ToString(), ApiKey = fixture.Key });

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => client.RollbackAsync("Nothing", "1.0.0", CancellationToken.None));

        Assert.AreEqual("OCP5113", error.Diagnostic.Code);
        Assert.AreEqual("There is no extension 'Nothing' on this server", error.Diagnostic.Message);
        Assert.AreEqual(ServerDiagnostics.ExtensionNotFound.Details, error.Diagnostic.Details, "what to do comes from the client's catalogue");
    }
}
