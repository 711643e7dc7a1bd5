using System.Net;
using System.Net.Http.Json;
using System.Text;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>Server:Retention:KeepVersions and OperationMaxAge against a real server.</summary>
[TestClass]
public sealed class RetentionTests
{
    private static byte[] Xif(string name, string version) =>
        new TestXif(name, version).Add($"bin/{name}.dll", Encoding.UTF8.GetBytes($"{name} {version}")).Build();

    private static async Task<IReadOnlyList<string>> VersionsAsync(ServerFixture fixture, string name) =>
        [.. (await fixture.GetJsonAsync($"/api/v1/extensions/{name}")).GetProperty("versions").EnumerateArray().Select(static v => v.GetProperty("version").GetString()!)];

    [TestMethod]
    public async Task KeepVersions_2_with_four_publishes_and_a_rollback_keeps_the_active_and_the_one_active_before_it()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.Retention = new RetentionOptions { KeepVersions = 2 });
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.1.0"))).State);
        CollectionAssert.AreEqual(new[] { "1.0.0", "1.1.0" }, (await VersionsAsync(fixture, "Hello")).ToList(), "two versions: nothing to remove yet");

        var third = await fixture.PublishAsync(Xif("Hello", "1.2.0"));
        Assert.AreEqual("succeeded", third.State, third.ToString());
        CollectionAssert.Contains(third.Codes("information").ToList(), "OCP5261");
        StringAssert.Contains(third.ToString(), "removed 1.0.0", "the publish's own log says what went");
        CollectionAssert.AreEqual(new[] { "1.1.0", "1.2.0" }, (await VersionsAsync(fixture, "Hello")).ToList());
        Assert.IsFalse(Directory.Exists(fixture.VersionFolder("Hello", "1.0.0")), "already gone when the client sees the end");

        // 1.2.0 turns out bad: back to 1.1.0. Then 1.3.0: the one active before it is 1.1.0 (history),
        // not 1.2.0 (the next newest), which was rolled back from.
        using (var rollback = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.1.0" }))
        {
            Assert.AreEqual(HttpStatusCode.OK, rollback.StatusCode);
        }

        CollectionAssert.AreEqual(new[] { "1.1.0", "1.2.0" }, (await VersionsAsync(fixture, "Hello")).ToList(), "a rollback removes nothing");
        var fourth = await fixture.PublishAsync(Xif("Hello", "1.3.0"));
        Assert.AreEqual("succeeded", fourth.State, fourth.ToString());
        CollectionAssert.AreEqual(new[] { "1.1.0", "1.3.0" }, (await VersionsAsync(fixture, "Hello")).ToList());
        Assert.IsTrue(Directory.Exists(fixture.VersionFolder("Hello", "1.1.0")));
        Assert.IsFalse(Directory.Exists(fixture.VersionFolder("Hello", "1.2.0")));

        var history = (await fixture.GetJsonAsync("/api/v1/extensions/Hello/history")).EnumerateArray()
            .Select(static h => $"{h.GetProperty("action").GetString()} {h.GetProperty("version").GetString()} by {h.GetProperty("by").GetString()}").ToList();
        CollectionAssert.AreEqual(new[]
        {
            "publish 1.0.0 by initial", "publish 1.1.0 by initial", "publish 1.2.0 by initial", "delete 1.0.0 by (retention)",
            "rollback 1.1.0 by initial", "publish 1.3.0 by initial", "delete 1.2.0 by (retention)",
        }, history);

        using var back = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.1.0" });
        Assert.AreEqual(HttpStatusCode.OK, back.StatusCode, "what a rollback goes back to is still there");
    }

    [TestMethod]
    public async Task A_lower_KeepVersions_is_applied_by_the_clean_up_to_every_extension()
    {
        await using var fixture = await ServerFixture.StartAsync();
        foreach (var name in new[] { "Alpha", "Beta" })
        {
            foreach (var version in new[] { "1.0.0", "1.1.0", "1.2.0", "1.3.0" })
            {
                Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif(name, version))).State);
            }
        }

        await fixture.RestartAsync(o =>
        {
            o.Retention = new RetentionOptions { KeepVersions = 3, BlobGracePeriod = TimeSpan.Zero };
            return o;
        });
        Assert.AreEqual(8L, fixture.CountRows("versions"), "a start removes nothing");

        var report = await fixture.Server.CleanUpAsync(CancellationToken.None);
        CollectionAssert.AreEquivalent(new[] { "Alpha 1.0.0", "Beta 1.0.0" }, report.Versions.Select(static v => $"{v.Extension} {v.Version}").ToList());
        CollectionAssert.AreEqual(new[] { "1.1.0", "1.2.0", "1.3.0" }, (await VersionsAsync(fixture, "Beta")).ToList());
        Assert.IsTrue(report.Blobs >= 2, "the deleted versions' own files leave the blob store in the same clean-up");
        fixture.AssertEveryReferencedBlobIsStored();
    }

    [TestMethod]
    public async Task Finished_operations_older_than_OperationMaxAge_go_with_their_logs_and_unfinished_ones_never()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.Retention = new RetentionOptions { OperationMaxAge = TimeSpan.FromDays(1) };
            o.Checkpoint = async (point, extension, ct) =>
            {
                if (point == PublishCheckpoint.BeforeDeploy && extension == "Held")
                {
                    held.TrySetResult();
                    await release.Task.WaitAsync(ct);
                }
            };
        });
        var old = await fixture.PublishAsync(Xif("Hello", "1.0.0"));
        var recent = await fixture.PublishAsync(Xif("Hello", "1.1.0"));
        var oldId = old.Final.GetProperty("operationId").GetString()!;
        var recentId = recent.Final.GetProperty("operationId").GetString()!;
        using var heldPublish = await fixture.StartPublishAsync(await fixture.UploadAsync(Xif("Held", "1.0.0")));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Age the first operation as two days would, and the held one's start (it has no end).
        var twoDaysAgo = DateTimeOffset.UtcNow.AddDays(-2).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(1, fixture.Execute("UPDATE operations SET finished_at = @t, created_at = @t WHERE id = @id", ("@t", twoDaysAgo), ("@id", oldId)));
        Assert.AreEqual(1, fixture.Execute("UPDATE operations SET created_at = @t WHERE state IN ('queued', 'running')", ("@t", twoDaysAgo)));
        var lines = fixture.CountRows("operation_log");

        var dry = await fixture.CollectAsync(dryRun: true);
        Assert.AreEqual(1, dry.Operations);
        Assert.AreEqual(3L, fixture.CountRows("operations"), "a dry run removes nothing");

        var report = await fixture.CollectAsync();
        Assert.AreEqual(1, report.Operations);
        using (var gone = await fixture.Client.GetAsync(new Uri($"/api/v1/operations/{oldId}", UriKind.Relative)))
        {
            await ProblemDetailsTests.AssertProblemAsync(gone, HttpStatusCode.NotFound, "OCP5109", "an old operation");
        }

        Assert.AreEqual(lines - old.Log.Count, fixture.CountRows("operation_log"), "its log lines went with it, no other");
        Assert.AreEqual("succeeded", (await fixture.GetJsonAsync($"/api/v1/operations/{recentId}")).GetProperty("state").GetString());

        release.SetResult();
        var end = await fixture.WaitAsync(heldPublish.Headers.Location!.OriginalString);
        Assert.AreEqual("succeeded", end.State, "the unfinished operation was left alone: " + end);
    }
}
