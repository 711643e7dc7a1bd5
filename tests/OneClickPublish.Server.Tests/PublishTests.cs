using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

[TestClass]
public sealed class PublishTests
{
    private static readonly byte[] SharedDll = RandomBytes(50_000, seed: 42);

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // Test data, not security.
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    private static byte[] Xif(string name, string version, string? actions = null, string? structures = null, string dllText = "v") =>
        new TestXif(name, version, Definitions.Simple(name, version, actions, structures))
            .Add("bin/Shared.dll", SharedDll)
            .Add($"bin/{name}.dll", Encoding.UTF8.GetBytes($"{name} {version} {dllText}"))
            .Add("Resources/hello.png", [1, 2, 3, 4], deployAction: "Images")
            .Add("src/Notes.txt", Encoding.UTF8.GetBytes("not deployed"), deployAction: "Ignore")
            .Build();

    [TestMethod]
    public async Task A_rollback_whose_active_json_the_disk_refuses_answers_the_truth_and_the_next_start_repairs_the_file()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build())).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.1.0").Add("bin/Hello.dll", "two").Build())).State);
        // A real fault of the file system: a folder where the file goes, so that moving the new file in fails.
        var pointer = Path.Combine(fixture.DataDirectory, "deployments", "Hello", "active.json");
        File.Delete(pointer);
        Directory.CreateDirectory(pointer);

        using var rollback = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.0.0" });

        await ProblemDetailsTests.AssertProblemAsync(rollback, HttpStatusCode.InternalServerError, "OCP5126", "the disk refused active.json");
        Assert.AreEqual("1.0.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString(), "the answer told the truth: rolled back");
        await fixture.RestartAsync();
        Assert.IsTrue(File.Exists(pointer), "the next start rewrote the file");
        StringAssert.Contains(File.ReadAllText(pointer), "\"1.0.0\"");
    }

    [TestMethod]
    public async Task Publish_registers_activates_and_deploys_the_version()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var result = await fixture.PublishAsync(Xif("Hello", "1.0.0"));

        Assert.AreEqual("succeeded", result.State, result.ToString());
        var stages = result.Log.Where(static l => l.GetProperty("kind").GetString() == "stage")
            .Select(static l => $"{l.GetProperty("stage").GetString()} {l.GetProperty("status").GetString()}").ToList();
        CollectionAssert.AreEqual(new[] { "Publish started", "Publish succeeded", "Deploy started", "Deploy succeeded" }, stages);
        CollectionAssert.AreEqual(Enumerable.Range(1, result.Log.Count).Select(static i => (long)i).ToList(),
            result.Log.Select(static l => l.GetProperty("sequence").GetInt64()).ToList(), "sequences are 1..n in order");

        var folder = Path.Combine(fixture.DataDirectory, "deployments", "Hello", "1.0.0");
        Assert.AreEqual(folder, result.Final.GetProperty("deploymentPath").GetString());
        CollectionAssert.AreEqual(SharedDll, await File.ReadAllBytesAsync(Path.Combine(folder, "bin", "Shared.dll")));
        Assert.IsTrue(File.Exists(Path.Combine(folder, "Resources", "hello.png")));
        Assert.IsTrue(File.Exists(Path.Combine(folder, "extension.xml")));
        Assert.IsFalse(File.Exists(Path.Combine(folder, "src", "Notes.txt")), "Ignore resources are not deployed");

        var detail = await fixture.GetJsonAsync("/api/v1/extensions/Hello");
        Assert.AreEqual("1.0.0", detail.GetProperty("activeVersion").GetString());
        Assert.AreEqual("initial", detail.GetProperty("versions")[0].GetProperty("publishedBy").GetString());
        var active = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "active.json")));
        Assert.AreEqual("1.0.0", active.RootElement.GetProperty("Version").GetString());

        var list = await fixture.GetJsonAsync("/api/v1/extensions");
        Assert.AreEqual("Hello", list[0].GetProperty("name").GetString());
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads")).Length, "the upload is consumed");
    }

    [TestMethod]
    public async Task A_definition_in_the_encoding_it_declares_publishes_and_is_stored_as_the_client_reads_it()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var xml = Definitions.Simple("Hello", "1.0.0").Replace("encoding=\"utf-8\"", "encoding=\"iso-8859-1\"", StringComparison.Ordinal)
            .Replace("A test extension.", "Caf\u00e9 gr\u00fc\u00dfe.", StringComparison.Ordinal);
        var result = await fixture.PublishAsync(new TestXif("Hello", "1.0.0", Encoding.Latin1.GetBytes(xml)).Build());
        Assert.AreEqual("succeeded", result.State, result.ToString());

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "metadata.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT definition FROM versions";
        var stored = (string)command.ExecuteScalar()!;
        StringAssert.Contains(stored, "Caf\u00e9 gr\u00fc\u00dfe.", "the stored definition is the text the client reads, not U+FFFD");

        // The next publish compares with the stored text: it must read back as the same definition.
        var next = await fixture.PublishAsync(new TestXif("Hello", "1.0.1").Build());
        Assert.AreEqual("succeeded", next.State, next.ToString());
    }

    [TestMethod]
    public async Task Xif_written_by_the_core_writer_publishes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var definition = Path.Combine(folder, "extension.xml");
            await File.WriteAllTextAsync(definition, Definitions.Simple("Written", "1.0.0"));
            var dll = Path.Combine(folder, "Written.dll");
            await File.WriteAllBytesAsync(dll, SharedDll);
            var xif = Path.Combine(folder, "Written.1.0.0.xif");
            OneClickPublish.Xif.XifWriter.Write(new OneClickPublish.Xif.XifPackageSpec
            {
                ExtensionName = "Written",
                ExtensionVersion = "1.0.0",
                DefinitionPath = definition,
                Entries = [new OneClickPublish.Xif.XifSourceEntry(dll, "bin/Written.dll", OneClickPublish.Xif.XifEntryKind.Binary)],
            }, xif);

            await using var fixture = await ServerFixture.StartAsync();
            var result = await fixture.PublishAsync(await File.ReadAllBytesAsync(xif));
            Assert.AreEqual("succeeded", result.State, result.ToString());
            CollectionAssert.AreEqual(SharedDll, await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "deployments", "Written", "1.0.0", "bin", "Written.dll")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task Same_version_with_same_bytes_succeeds_and_changes_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var xif = Xif("Hello", "1.0.0");
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(xif)).State);
        var before = fixture.SnapshotFiles();
        var history = fixture.CountRows("history");

        var again = await fixture.PublishAsync(xif);
        Assert.AreEqual("succeeded", again.State, again.ToString());
        CollectionAssert.Contains(again.Codes("information").ToList(), "OCP5110");
        CollectionAssert.AreEqual(before, fixture.SnapshotFiles());
        Assert.AreEqual(history, fixture.CountRows("history"));
        Assert.AreEqual(1L, fixture.CountRows("versions"));
    }

    [TestMethod]
    public async Task Same_version_with_other_bytes_is_409()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        var uploadId = await fixture.UploadAsync(Xif("Hello", "1.0.0", dllText: "changed"));
        using var response = await fixture.StartPublishAsync(uploadId);
        Assert.AreEqual(HttpStatusCode.Conflict, response.StatusCode);
        Assert.AreEqual("OCP5104", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.AreEqual(1L, fixture.CountRows("versions"));
    }

    [TestMethod]
    public async Task Second_publish_of_one_extension_is_409_while_another_extension_publishes_in_parallel()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = await ServerFixture.StartAsync(o => o.Checkpoint = async (checkpoint, extension, ct) =>
        {
            if (checkpoint == PublishCheckpoint.BeforeActivate && extension == "Slow")
            {
                held.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
        });

        var slowUpload = await fixture.UploadAsync(Xif("Slow", "1.0.0"));
        using var slow = await fixture.StartPublishAsync(slowUpload);
        Assert.AreEqual(HttpStatusCode.Accepted, slow.StatusCode);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var secondUpload = await fixture.UploadAsync(Xif("Slow", "1.1.0"));
        using (var second = await fixture.StartPublishAsync(secondUpload))
        {
            await ProblemDetailsTests.AssertProblemAsync(second, HttpStatusCode.Conflict, "OCP5103", "a publish of the extension is running");
        }

        var other = await fixture.PublishAsync(Xif("Fast", "1.0.0"));
        Assert.AreEqual("succeeded", other.State, "another extension is not blocked by the held one");

        release.SetResult();
        var first = await fixture.WaitAsync(slow.Headers.Location!.OriginalString);
        Assert.AreEqual("succeeded", first.State, first.ToString());

        using var retried = await fixture.StartPublishAsync(secondUpload);
        Assert.AreEqual(HttpStatusCode.Accepted, retried.StatusCode, "the refused upload is still there and can be published now");
        Assert.AreEqual("succeeded", (await fixture.WaitAsync(retried.Headers.Location!.OriginalString)).State);
    }

    [TestMethod]
    public async Task Twenty_publishes_of_distinct_extensions_started_at_once_all_succeed()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var names = Enumerable.Range(1, 20).Select(static i => $"Ext{i:00}").ToList();
        var uploads = new List<string>();
        foreach (var name in names)
        {
            uploads.Add(await fixture.UploadAsync(Xif(name, "1.0.0")));
        }

        var started = await Task.WhenAll(uploads.Select(fixture.StartPublishAsync));
        Assert.IsTrue(started.All(static r => r.StatusCode == HttpStatusCode.Accepted));
        var results = await Task.WhenAll(started.Select(r => fixture.WaitAsync(r.Headers.Location!.OriginalString)));
        foreach (var response in started)
        {
            response.Dispose();
        }

        Assert.IsTrue(results.All(static r => r.State == "succeeded"), string.Join(Environment.NewLine, results.Where(static r => r.State != "succeeded")));
        Assert.AreEqual(20, (await fixture.GetJsonAsync("/api/v1/extensions")).GetArrayLength());
    }

    [TestMethod]
    public async Task Breaking_changes_without_a_major_bump_fail_with_one_error_each()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);

        const string changed = """
                <Action Name="SayHello" Key="act-sayhello" Description="Greets.">
                  <Input Name="PersonName" DataType="Integer" Mandatory="true" Description="Who." />
                  <Input Name="Times" DataType="Integer" Mandatory="true" Description="How often." />
                  <Output Name="Greeting" DataType="Text" Description="The greeting." />
                </Action>
            """;
        var result = await fixture.PublishAsync(Xif("Hello", "1.1.0", actions: changed, structures: string.Empty));
        Assert.AreEqual("failed", result.State);
        var errors = result.Log.Where(static l => l.GetProperty("kind").GetString() == "error").ToList();
        Assert.AreEqual(3, errors.Count, result.ToString());
        Assert.IsTrue(errors.All(static e => e.GetProperty("code").GetString() == "OCP5111"));
        var locations = errors.Select(static e => e.GetProperty("location").GetString()).ToList();
        CollectionAssert.AreEquivalent(new[] { "Action SayHello › Input PersonName", "Action SayHello › Input Times", "Structure Person" }, locations);
        Assert.AreEqual("1.0.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
        Assert.IsFalse(Directory.Exists(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "1.1.0")));

        var major = await fixture.PublishAsync(Xif("Hello", "2.0.0", actions: changed, structures: string.Empty));
        Assert.AreEqual("succeeded", major.State, major.ToString());
    }

    [TestMethod]
    public async Task Additions_need_no_major_bump()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        var added = Definitions.DefaultActions + """
                <Action Name="SayBye" Description="Says goodbye."><Output Name="Text" DataType="Text" Description="Bye." /></Action>
            """;
        var result = await fixture.PublishAsync(Xif("Hello", "1.1.0", actions: added));
        Assert.AreEqual("succeeded", result.State, result.ToString());
        Assert.AreEqual(0, result.Codes("warning").Count());

        var patchOnly = await fixture.PublishAsync(Xif("Hello", "1.1.1", actions: added + """
                <Action Name="Wave" Description="Waves."><Output Name="Done" DataType="Boolean" Description="Done." /></Action>
            """));
        Assert.AreEqual("succeeded", patchOnly.State);
        CollectionAssert.Contains(patchOnly.Codes("warning").ToList(), "OCP5112");
    }

    [TestMethod]
    public async Task Rollback_activates_an_earlier_version_and_history_says_who()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.1.0"))).State);

        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.0.0" });
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("1.0.0", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeVersion").GetString());
        var active = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "active.json")));
        Assert.AreEqual("1.0.0", active.RootElement.GetProperty("Version").GetString());

        var history = await fixture.GetJsonAsync("/api/v1/extensions/Hello/history");
        var lines = history.EnumerateArray().Select(static h => $"{h.GetProperty("action").GetString()} {h.GetProperty("version").GetString()} by {h.GetProperty("by").GetString()}").ToList();
        CollectionAssert.AreEqual(new[] { "publish 1.0.0 by initial", "publish 1.1.0 by initial", "rollback 1.0.0 by initial" }, lines);
        Assert.AreEqual("1.1.0", history[2].GetProperty("previousVersion").GetString());

        using var unknown = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "9.0.0" });
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.AreEqual("OCP5114", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [TestMethod]
    public async Task Deploy_that_cannot_write_fails_with_a_code_and_registers_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        // A file where the extension's folder must go: the deploy cannot create it.
        await File.WriteAllTextAsync(Path.Combine(fixture.DataDirectory, "deployments", "Blocked"), "in the way");
        var result = await fixture.PublishAsync(Xif("Blocked", "1.0.0"));
        Assert.AreEqual("failed", result.State);
        CollectionAssert.Contains(result.Codes("error").ToList(), "OCP5121");
        Assert.AreEqual("Deploy", result.Final.GetProperty("stage").GetString());
        Assert.AreEqual(0L, fixture.CountRows("versions"));
        Assert.AreEqual(0L, fixture.CountRows("extensions"));
    }

    [TestMethod]
    public async Task Lower_version_than_the_active_one_is_refused()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "2.0.0"))).State);
        var result = await fixture.PublishAsync(Xif("Hello", "1.5.0"));
        Assert.AreEqual("failed", result.State);
        CollectionAssert.Contains(result.Codes("error").ToList(), "OCP5117");
    }

    [TestMethod]
    public async Task Two_versions_sharing_a_dll_store_it_once()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.1.0"))).State);

        var sharedHash = Convert.ToHexStringLower(SHA256.HashData(SharedDll));
        var blobs = Directory.GetFiles(Path.Combine(fixture.DataDirectory, "blobs"), "*", SearchOption.AllDirectories);
        Assert.AreEqual(1, blobs.Count(b => Path.GetFileName(b) == sharedHash));
        // extension.xml, Hello.dll and the XIF itself (kept for download) differ per version; Shared.dll, hello.png
        // and Notes.txt are shared: 3 + 3 + 3.
        Assert.AreEqual(9, blobs.Length);

        if (!OperatingSystem.IsWindows())
        {
            // Deployments are hard links to the blob: the blob and both versions' copies are one file on disk.
            var deployed = Path.Combine(fixture.DataDirectory, "deployments", "Hello", "1.1.0", "bin", "Shared.dll");
            using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", $"-c %h {deployed}") { RedirectStandardOutput = true })!;
            var links = int.Parse((await stat.StandardOutput.ReadToEndAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            await stat.WaitForExitAsync();
            Assert.AreEqual(3, links);
        }
    }

    [TestMethod]
    public async Task Unknown_and_incomplete_uploads_cannot_be_published()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using (var unknown = await fixture.StartPublishAsync(new string('c', 32)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var id = await fixture.CreateUploadAsync(100, new string('d', 64));
        using var incomplete = await fixture.StartPublishAsync(id);
        Assert.AreEqual(HttpStatusCode.Conflict, incomplete.StatusCode);
        Assert.AreEqual("OCP5115", (await incomplete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var operation = await fixture.Client.GetAsync($"/api/v1/operations/{new string('e', 32)}");
        Assert.AreEqual(HttpStatusCode.NotFound, operation.StatusCode);
        Assert.AreEqual("OCP5109", (await operation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var badAfter = await fixture.Client.GetAsync($"/api/v1/operations/{new string('e', 32)}?after=x");
        Assert.AreEqual(HttpStatusCode.BadRequest, badAfter.StatusCode);
        Assert.AreEqual("OCP5107", (await badAfter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [TestMethod]
    public async Task Publish_stopped_after_its_switch_is_completed_at_restart()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = false;
        await using var fixture = await ServerFixture.StartAsync(o => o.Checkpoint = async (point, extension, ct) =>
        {
            if (hold && point == PublishCheckpoint.AfterSwitch)
            {
                held.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        });
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        hold = true;
        using var started = await fixture.StartPublishAsync(await fixture.UploadAsync(Xif("Hello", "1.1.0")));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.AreEqual("running", (await fixture.GetJsonAsync(started.Headers.Location!.OriginalString)).GetProperty("state").GetString(),
            "a client never sees the end before active.json follows");

        hold = false;
        await fixture.RestartAsync();
        var status = await fixture.WaitAsync(started.Headers.Location!.OriginalString);
        Assert.AreEqual("succeeded", status.State, status.ToString());
        Assert.AreEqual("1.1.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
        var active = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "active.json")));
        Assert.AreEqual("1.1.0", active.RootElement.GetProperty("Version").GetString());
        Assert.IsTrue(File.Exists(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "1.1.0", "bin", "Hello.dll")));
    }

    [TestMethod]
    [DataRow("BeforeDeploy")]
    [DataRow("BeforeActivate")]
    public async Task Interrupted_publish_is_failed_after_restart_and_the_previous_version_stays_active(string checkpointName)
    {
        var checkpoint = Enum.Parse<PublishCheckpoint>(checkpointName);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = true;
        await using var fixture = await ServerFixture.StartAsync(o => o.Checkpoint = async (point, extension, ct) =>
        {
            if (hold && point == checkpoint)
            {
                held.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // Until the server stops: as if killed here.
            }
        });

        hold = false;
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        hold = true;
        var uploadId = await fixture.UploadAsync(Xif("Hello", "1.1.0"));
        using var started = await fixture.StartPublishAsync(uploadId);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var leftovers = Directory.GetDirectories(Path.Combine(fixture.DataDirectory, "deployments", "Hello"));
        Assert.IsTrue(leftovers.Length == 2 || checkpoint == PublishCheckpoint.BeforeDeploy, "a version folder or staging folder exists at the time of the stop");

        // As if the kill came in the middle of an extraction, and between the switch in the database and active.json.
        var halfExtracted = Path.Combine(fixture.DataDirectory, "deployments", "Hello", ".staging-" + new string('f', 32), "bin");
        Directory.CreateDirectory(halfExtracted);
        await File.WriteAllBytesAsync(Path.Combine(halfExtracted, "Hello.dll"), [1, 2]);
        await File.WriteAllTextAsync(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "active.json"), "{\"Version\":\"1.1.0\"}");

        hold = false;
        await fixture.RestartAsync();

        var status = await fixture.WaitAsync(started.Headers.Location!.OriginalString);
        Assert.AreEqual("failed", status.State);
        CollectionAssert.Contains(status.Codes("error").ToList(), "OCP5120");
        Assert.AreEqual("1.0.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Directory.GetDirectories(Path.Combine(fixture.DataDirectory, "deployments", "Hello")).Select(Path.GetFileName).ToArray());
        Assert.IsTrue(File.Exists(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "1.0.0", "bin", "Hello.dll")), "the active version is complete");
        var active = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(fixture.DataDirectory, "deployments", "Hello", "active.json")));
        Assert.AreEqual("1.0.0", active.RootElement.GetProperty("Version").GetString(), "active.json follows the database");
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads")).Length, "the interrupted publish's upload is removed");

        var again = await fixture.PublishAsync(Xif("Hello", "1.1.0"));
        Assert.AreEqual("succeeded", again.State, "the same version can be published after the interruption");
    }
}
