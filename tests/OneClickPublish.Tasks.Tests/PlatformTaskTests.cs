namespace OneClickPublish.Tasks.Tests;

/// <summary>Upload and Publish without a reachable server: coded errors that say what to set, never stack traces.</summary>
[TestClass]
public sealed class PlatformTaskTests
{
    [TestMethod]
    public void Upload_without_a_server_names_the_property_to_set()
    {
        using var folder = new TaskTestFolder();
        var engine = new BuildEngineMock();

        var result = new Upload { BuildEngine = engine.Object, XifFile = folder.DefinitionFile, ApiKey = "k" }.Execute();

        Assert.IsFalse(result);
        var error = engine.Errors.Single();
        StringAssert.StartsWith(error.Code, "OCP50");
        StringAssert.Contains(error.Message, "OneClickPublishServer");
    }

    [TestMethod]
    public void Publish_against_a_closed_port_is_a_coded_unreachable_error()
    {
        var port = FreePort();
        var engine = new BuildEngineMock();

        var result = new Publish { BuildEngine = engine.Object, UploadId = "abc", Server = $"http://127.0.0.1:{port}", ApiKey = "k", Retries = 0, RetryDelaySeconds = 0 }.Execute();

        Assert.IsFalse(result);
        var error = engine.Errors.Single();
        StringAssert.StartsWith(error.Code, "OCP50");
        StringAssert.Contains(error.Message, $"127.0.0.1:{port}");
        Assert.IsFalse(error.Message!.Contains("   at ", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Each_retry_is_an_MSBuild_warning_before_the_error()
    {
        var port = FreePort();
        var engine = new BuildEngineMock();

        var result = new Publish { BuildEngine = engine.Object, ProjectFile = "/src/Hello/Hello.csproj", UploadId = "abc", Server = $"http://127.0.0.1:{port}", ApiKey = "k", Retries = 2, RetryDelaySeconds = 0 }.Execute();

        Assert.IsFalse(result);
        Assert.AreEqual("OCP5006", engine.Errors.Single().Code);
        Assert.AreEqual(2, engine.Warnings.Count, engine.Log);
        Assert.IsTrue(engine.Warnings.All(static w => w.Code == "OCP5018" && w.HelpKeyword == "OCP5018"), engine.Log);
        StringAssert.Contains(engine.Warnings[0].Message, "(attempt 2 of 3)");
        StringAssert.Contains(engine.Warnings[1].Message, "(attempt 3 of 3)");
        Assert.AreEqual("/src/Hello/Hello.csproj", engine.Warnings[0].File, "the user's project, not our .targets");
    }

    [TestMethod]
    public void Cancel_stops_an_upload_with_a_coded_error()
    {
        using var folder = new TaskTestFolder();
        var engine = new BuildEngineMock();
        using var task = new Upload { BuildEngine = engine.Object, XifFile = folder.DefinitionFile, Server = $"http://127.0.0.1:{FreePort()}", ApiKey = "k", Retries = 50, RetryDelaySeconds = 1 };

        task.Cancel();
        var result = task.Execute();

        Assert.IsFalse(result);
        StringAssert.Contains(engine.Errors.Single().Message, "cancel");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
