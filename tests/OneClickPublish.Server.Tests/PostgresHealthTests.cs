using System.Net;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// /health/ready follows the PostgreSQL database: unhealthy while it is stopped, healthy again once it
/// is back; a request meanwhile is the server's one real 500, answered without the fault's text.
/// </summary>
[TestClass]
public sealed class PostgresHealthTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Ready_is_unhealthy_while_the_database_is_stopped_and_live_is_not()
    {
        using var postgres = TemporaryPostgres.TryStart();
        if (postgres is null)
        {
            Assert.Fail("PostgreSQL is not installed on this machine (Debian's postgresql package provides initdb and pg_ctl).");
            return;
        }

        await using var fixture = await ServerFixture.StartAsync(o => o.PostgresConnectionString = postgres.ConnectionString + ";Timeout=3");
        using var anonymous = fixture.NewClient(key: null);
        Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        postgres.Stop();
        using (var stopped = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, stopped.StatusCode);
            Assert.AreEqual("""{"status":"Unhealthy"}""", await stopped.Content.ReadAsStringAsync());
        }

        Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode, "the process itself is fine");

        // A server fault: 500 problem details with OCP5122 and the trace id, never the exception's text.
        using (var fault = await fixture.Client.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative)))
        {
            var text = await fault.Content.ReadAsStringAsync();
            await ProblemDetailsTests.AssertProblemAsync(fault, HttpStatusCode.InternalServerError, "OCP5122", "database stopped");
            using var problem = System.Text.Json.JsonDocument.Parse(text);
            StringAssert.Contains(problem.RootElement.GetProperty("detail").GetString(), "request " + problem.RootElement.GetProperty("traceId").GetString());
            foreach (var leak in new[] { "Npgsql", "connect", "127.0.0.1", "Exception", " at " })
            {
                Assert.IsFalse(text.Contains(leak, StringComparison.OrdinalIgnoreCase), $"the fault's own text reached the client ({leak}): {text}");
            }
        }

        postgres.Start();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            using var again = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
            status = again.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.AreEqual(HttpStatusCode.OK, status, "ready again once the database is back");
    }
}
