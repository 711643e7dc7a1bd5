using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Faults of the server's own parts while it serves: what the client is told (a code and an id, never the
/// exception's text), what the log keeps, and that nothing is left half-done. Real faults of the file system
/// where one can be made (a file where a folder goes); an injected service only for an exception no real part throws on cue.
/// </summary>
[TestClass]
public sealed class ServerFaultTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task An_unexpected_exception_in_a_request_is_500_problem_details_with_the_request_id_and_its_text_only_in_the_log()
    {
        var log = new CapturedLog();
        var inspector = new FaultyXifInspector { FailIdentity = true };
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ConfigureLogging = log.AddTo;
            o.ConfigureServices += services => services.AddSingleton<IXifInspector>(inspector);
        });
        var uploadId = await fixture.UploadAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build());

        using (var failed = await fixture.StartPublishAsync(uploadId))
        {
            await ProblemDetailsTests.AssertProblemAsync(failed, HttpStatusCode.InternalServerError, "OCP5122", "thrown while accepting");
            var text = await failed.Content.ReadAsStringAsync();
            Assert.IsFalse(text.Contains(FaultyXifInspector.Secret, StringComparison.Ordinal), text);
            Assert.IsFalse(text.Contains("InvalidOperationException", StringComparison.Ordinal), text);
            using var problem = JsonDocument.Parse(text);
            var traceId = problem.RootElement.GetProperty("traceId").GetString()!;
            StringAssert.Contains(problem.RootElement.GetProperty("detail").GetString(), $"request {traceId}", "the client can name the request to the administrator");
            StringAssert.Contains(log.Text, $"failed (trace {traceId})");
            StringAssert.Contains(log.Text, FaultyXifInspector.Secret, "the cause is in the log");
        }

        // Nothing was changed: the same upload publishes once the fault is gone.
        inspector.FailIdentity = false;
        using var accepted = await fixture.StartPublishAsync(uploadId);
        Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
        Assert.AreEqual("succeeded", (await fixture.WaitAsync(accepted.Headers.Location!.OriginalString)).State);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task An_unexpected_exception_during_a_publish_fails_it_naming_the_operation_and_changes_nothing()
    {
        var log = new CapturedLog();
        var inspector = new FaultyXifInspector { FailInspect = true };
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ConfigureLogging = log.AddTo;
            o.ConfigureServices += services => services.AddSingleton<IXifInspector>(inspector);
        });
        var xif = new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build();

        var result = await fixture.PublishAsync(xif);

        Assert.AreEqual("failed", result.State, result.ToString());
        var operationId = result.Final.GetProperty("operationId").GetString()!;
        var error = result.Log.Single(static l => l.GetProperty("kind").GetString() == "error");
        Assert.AreEqual("OCP5122", error.GetProperty("code").GetString());
        StringAssert.Contains(error.GetProperty("message").GetString(), $"operation {operationId}");
        Assert.IsFalse(result.ToString().Contains(FaultyXifInspector.Secret, StringComparison.Ordinal), result.ToString());
        StringAssert.Contains(log.Text, $"Publish {operationId} of Hello 1.0.0 failed");
        StringAssert.Contains(log.Text, FaultyXifInspector.Secret);
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads")).Length, "the failed publish's upload is removed");
        using (var missing = await fixture.Client.GetAsync(new Uri("/api/v1/extensions/Hello", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode, "no version was registered");
        }

        inspector.FailInspect = false;
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(xif)).State);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task An_exception_after_the_switch_leaves_the_version_active_and_the_next_start_completes_the_operation()
    {
        var log = new CapturedLog();
        var fail = true;
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ConfigureLogging = log.AddTo;
            o.Checkpoint = (point, extension, ct) => fail && point == PublishCheckpoint.AfterSwitch
                ? throw new InvalidOperationException(FaultyXifInspector.Secret)
                : Task.CompletedTask;
        });
        var uploadId = await fixture.UploadAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build());
        using var accepted = await fixture.StartPublishAsync(uploadId);
        Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode);
        var statusUrl = accepted.Headers.Location!.OriginalString;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!log.Text.Contains("is active but could not be completed", StringComparison.Ordinal))
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, log.Text);
            await Task.Delay(50);
        }

        Assert.AreEqual("1.0.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString(), "switched: the publish has happened");
        Assert.AreEqual("running", (await fixture.GetJsonAsync(statusUrl)).GetProperty("state").GetString(), "its end is left to the next start");

        fail = false;
        await fixture.RestartAsync();

        var status = await fixture.WaitAsync(statusUrl);
        Assert.AreEqual("succeeded", status.State, status.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "active.json")), "\"1.0.0\"");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_blob_the_store_cannot_write_fails_the_publish_and_registers_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var dll = "the blob store refuses this one"u8.ToArray();
        var xif = new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", dll).Build();
        // A real fault of the disk: a file where the blob's folder (its hash's first two digits) goes.
        var shard = Path.Combine(fixture.DataDirectory, "blobs", DataFolder.Sha(dll)[..2]);
        await File.WriteAllTextAsync(shard, "in the way");

        var result = await fixture.PublishAsync(xif);

        Assert.AreEqual("failed", result.State, result.ToString());
        CollectionAssert.AreEqual(new[] { "OCP5122" }, result.Codes("error").ToList());
        using (var missing = await fixture.Client.GetAsync(new Uri("/api/v1/extensions/Hello", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode, "no version was registered");
        }

        Assert.IsFalse(Directory.Exists(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "1.0.0")));
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "blobs", ".tmp")).Length, "no temporary file is left");

        File.Delete(shard);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(xif)).State, "the same XIF publishes once the disk is fixed");
        fixture.AssertEveryReferencedBlobIsStored();
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_version_folder_the_disk_refuses_fails_the_publish_in_deploy_and_leaves_no_staging_folder()
    {
        var hold = new PublishHold("Blocked");
        await using var fixture = await ServerFixture.StartAsync(hold.Configure);
        var statusUrl = await hold.StartAsync(fixture);
        // A real fault of the disk: a file where the version's folder goes, so that moving the built folder in fails.
        var extensionFolder = Path.Combine(fixture.DataDirectory, "deployments", "Blocked");
        Directory.CreateDirectory(extensionFolder);
        await File.WriteAllTextAsync(Path.Combine(extensionFolder, "1.0.0"), "in the way");
        hold.Release();

        var result = await fixture.WaitAsync(statusUrl);

        Assert.AreEqual("failed", result.State, result.ToString());
        CollectionAssert.AreEqual(new[] { "OCP5121" }, result.Codes("error").ToList());
        Assert.AreEqual("Deploy", result.Final.GetProperty("stage").GetString());
        Assert.AreEqual(0, Directory.GetDirectories(extensionFolder).Length, "the staging folder is removed");
        using var missing = await fixture.Client.GetAsync(new Uri("/api/v1/extensions/Blocked", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode, "no version was registered");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task An_active_json_the_disk_refuses_after_the_switch_does_not_fail_the_publish_and_the_next_start_writes_it()
    {
        var log = new CapturedLog();
        var hold = new PublishHold("Pointer", PublishCheckpoint.AfterSwitch);
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ConfigureLogging = log.AddTo;
            hold.Configure(o);
        });
        var statusUrl = await hold.StartAsync(fixture);
        // A real fault of the disk: a folder where active.json goes.
        var pointer = Path.Combine(fixture.DataDirectory, "deployments", "Pointer", "active.json");
        Directory.CreateDirectory(pointer);
        hold.Release();

        var result = await fixture.WaitAsync(statusUrl);

        Assert.AreEqual("succeeded", result.State, "the database switched: the publish happened");
        Assert.AreEqual("1.0.0", (await fixture.GetJsonAsync("/api/v1/extensions/Pointer")).GetProperty("activeVersion").GetString());
        StringAssert.Contains(log.Text, "active.json of Pointer could not be updated; the next start rewrites it");

        Directory.Delete(pointer);
        await fixture.RestartAsync();
        StringAssert.Contains(File.ReadAllText(pointer), "\"1.0.0\"");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_publish_that_does_not_stop_within_the_shutdown_timeout_is_left_and_reported_interrupted_at_the_next_start()
    {
        var log = new CapturedLog();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = true;
        await using var fixture = await ServerFixture.StartAsync(o =>
        {
            o.ConfigureLogging = log.AddTo;
            // Deaf to the stop: as a publish stuck in a call that does not end.
            o.Checkpoint = async (point, extension, ct) =>
            {
                if (hold && point == PublishCheckpoint.BeforeActivate)
                {
                    held.TrySetResult();
                    await never.Task;
                }
            };
            o.ConfigureServices += services => services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(1));
        });
        var uploadId = await fixture.UploadAsync(new TestXif("Stuck", "1.0.0").Add("bin/Stuck.dll", "one").Build());
        using var accepted = await fixture.StartPublishAsync(uploadId);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        hold = false;
        var stop = Stopwatch.StartNew();
        await fixture.RestartAsync();
        stop.Stop();

        Assert.IsTrue(stop.Elapsed < TimeSpan.FromSeconds(20), $"the stop waited {stop.Elapsed}, not the default 30 s");
        StringAssert.Contains(log.Text, "1 publish(es) did not stop in time; they are reported as interrupted at the next start");
        var status = await fixture.WaitAsync(accepted.Headers.Location!.OriginalString);
        Assert.AreEqual("failed", status.State);
        CollectionAssert.Contains(status.Codes("error").ToList(), "OCP5120");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_stored_definition_the_server_cannot_read_skips_the_compatibility_check_and_the_publish_goes_on()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build())).State);
        // A fault of the data: the active version's definition, as the database holds it, is not a definition.
        Assert.AreEqual(1, fixture.Execute("UPDATE versions SET definition = 'not a definition' WHERE version = '1.0.0'"));

        var result = await fixture.PublishAsync(new TestXif("Hello", "1.1.0").Add("bin/Hello.dll", "two").Build());

        Assert.AreEqual("succeeded", result.State, result.ToString());
        CollectionAssert.DoesNotContain(result.Codes("information").ToList(), "OCP5142", "nothing to compare with: no compatibility line");
        Assert.AreEqual("1.1.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
        var next = await fixture.PublishAsync(new TestXif("Hello", "1.2.0").Add("bin/Hello.dll", "three").Build());
        CollectionAssert.Contains(next.Codes("information").ToList(), "OCP5142", "with a readable definition the check is back");
    }
}
