using System.Net;
using System.Net.Sockets;

namespace OneClickPublish.Tool.Tests.Server;

/// <summary>`oneclick server` where it cannot listen: one coded line, never a stack trace.</summary>
[TestClass]
public sealed class ServerStartupTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_port_that_is_taken_is_one_coded_line_and_no_stack_trace()
    {
        var data = Path.Combine(Path.GetTempPath(), "ocp-tool-tests", Guid.NewGuid().ToString("N"));
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        try
        {
            await using var server = ServerToolProcess.Start(["--data", data, "--urls", url]);

            Assert.AreNotEqual(0, await server.WaitForExitAsync(), server.Output);
            StringAssert.Contains(server.Output, "error OCP7010: ", server.Output);
            StringAssert.Contains(server.Output, url);
            Assert.IsFalse(server.Output.Contains("   at ", StringComparison.Ordinal), "no stack trace:\n" + server.Output);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
