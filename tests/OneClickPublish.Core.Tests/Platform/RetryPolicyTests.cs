using System.Net;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;

namespace OneClickPublish.Core.Tests.Platform;

/// <summary>The one retry policy of the Platform client: what is retried, how long it waits, what it logs.</summary>
[TestClass]
public sealed class RetryPolicyTests
{
    private readonly List<TimeSpan> _waits = [];
    private readonly List<Diagnostic> _log = [];

    private RetryPolicy Policy(double jitter, int retries = 3, double firstSeconds = 1, double maxSeconds = 30) =>
        new(retries, TimeSpan.FromSeconds(firstSeconds), TimeSpan.FromSeconds(maxSeconds), new FixedRandom(jitter),
            (wait, _) =>
            {
                _waits.Add(wait);
                return Task.CompletedTask;
            },
            _log.Add);

    [TestMethod]
    public void Without_jitter_the_wait_doubles_up_to_the_maximum()
    {
        var policy = Policy(jitter: 0, maxSeconds: 5);

        var waits = Enumerable.Range(1, 5).Select(n => policy.DelayBefore(n, null).TotalSeconds).ToArray();

        CollectionAssert.AreEqual(new[] { 1.0, 2.0, 4.0, 5.0, 5.0 }, waits);
    }

    [TestMethod]
    [DataRow(0.0, 4.0)]
    [DataRow(0.5, 3.0)]
    [DataRow(0.9, 2.2)]
    public void Jitter_takes_off_up_to_half_of_the_doubled_wait(double draw, double seconds)
    {
        var policy = Policy(jitter: draw);

        Assert.AreEqual(seconds, policy.DelayBefore(3, null).TotalSeconds, 1e-9);
    }

    [TestMethod]
    public void With_a_real_random_source_every_wait_lies_between_half_and_all_of_the_doubled_wait()
    {
        var policy = new RetryPolicy(6, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), new Random(1234), static (_, _) => Task.CompletedTask, null);

        for (var retry = 1; retry <= 6; retry++)
        {
            var full = Math.Min(8, Math.Pow(2, retry - 1));
            var draws = Enumerable.Range(0, 200).Select(_ => policy.DelayBefore(retry, null).TotalSeconds).ToList();
            Assert.IsTrue(draws.All(d => d > full / 2 && d <= full), $"retry {retry}: {draws.Min()}–{draws.Max()} outside ({full / 2}, {full}]");
            Assert.IsTrue(draws.Distinct().Count() > 100, "the waits are spread, not one value");
        }
    }

    [TestMethod]
    public void A_longer_Retry_After_is_a_floor_and_a_shorter_one_changes_nothing()
    {
        var policy = Policy(jitter: 0.5);

        Assert.AreEqual(TimeSpan.FromSeconds(10), policy.DelayBefore(1, TimeSpan.FromSeconds(10)));
        Assert.AreEqual(TimeSpan.FromSeconds(1.5), policy.DelayBefore(2, TimeSpan.FromSeconds(1)));
    }

    [TestMethod]
    [DataRow(HttpStatusCode.InternalServerError, true)]
    [DataRow(HttpStatusCode.BadGateway, true)]
    [DataRow(HttpStatusCode.ServiceUnavailable, true)]
    [DataRow(HttpStatusCode.GatewayTimeout, true)]
    [DataRow(HttpStatusCode.NotImplemented, false)]
    [DataRow(HttpStatusCode.HttpVersionNotSupported, false)]
    [DataRow(HttpStatusCode.BadRequest, false)]
    [DataRow(HttpStatusCode.Unauthorized, false)]
    [DataRow(HttpStatusCode.Forbidden, false)]
    [DataRow(HttpStatusCode.NotFound, false)]
    [DataRow(HttpStatusCode.RequestTimeout, false)]
    [DataRow(HttpStatusCode.Conflict, false)]
    [DataRow(HttpStatusCode.TooManyRequests, false)]
    public void Only_a_5xx_is_transient_never_a_4xx(HttpStatusCode status, bool transient) =>
        Assert.AreEqual(transient, RetryPolicy.IsTransient(status));

    [TestMethod]
    public void A_connection_that_never_reached_the_server_may_go_again_even_for_a_publish()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)");
        var dropped = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        var unknownHost = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known");

        Assert.IsTrue(RetryPolicy.CanRetry(refused, idempotent: false));
        Assert.IsFalse(RetryPolicy.CanRetry(dropped, idempotent: false), "a publish that may have arrived is not sent twice");
        Assert.IsTrue(RetryPolicy.CanRetry(dropped, idempotent: true));
        Assert.IsFalse(RetryPolicy.CanRetry(unknownHost, idempotent: true), "a name that does not resolve will not resolve a second later");
    }

    [TestMethod]
    public async Task Each_retry_is_a_coded_warning_with_what_the_wait_the_attempt_and_the_reason_then_the_wait()
    {
        var policy = Policy(jitter: 0.4, retries: 3, firstSeconds: 2);
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)");

        await policy.WaitBeforeRetryAsync(1, "The upload of 'HelloExtension.1.0.0.xif'", RetryPolicy.ReasonOf(refused), null, CancellationToken.None);
        await policy.WaitBeforeRetryAsync(2, "Listing the extensions", RetryPolicy.ReasonOf(HttpStatusCode.ServiceUnavailable, "OCP5116", "The server is restarting."), null, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(3.2) }, _waits);
        Assert.IsTrue(_log.All(static d => d.Code == "OCP5018" && d.Severity == DiagnosticSeverity.Warning));
        Assert.AreEqual("Retrying the upload of 'HelloExtension.1.0.0.xif' in 1.6 s (attempt 2 of 4): Connection refused (127.0.0.1:9)", _log[0].Message);
        Assert.AreEqual("Retrying listing the extensions in 3.2 s (attempt 3 of 4): HTTP 503 (OCP5116: The server is restarting)", _log[1].Message);
    }

    [TestMethod]
    public void Short_waits_are_said_in_milliseconds() =>
        Assert.AreEqual(("400 ms", "2.3 s"), (RetryPolicy.FormatWait(TimeSpan.FromMilliseconds(400)), RetryPolicy.FormatWait(TimeSpan.FromSeconds(2.34))));
}
