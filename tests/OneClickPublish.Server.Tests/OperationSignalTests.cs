using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Tests;

/// <summary>The in-process signal that wakes the requests waiting on an operation.</summary>
[TestClass]
public sealed class OperationSignalTests
{
    [TestMethod]
    public void A_pulse_wakes_every_subscriber_of_its_operation_only()
    {
        var signal = new OperationSignal();
        using var first = signal.Subscribe("op1");
        using var second = signal.Subscribe("op1");
        using var other = signal.Subscribe("op2");

        signal.Pulse("op1");

        Assert.IsTrue(first.Changed.IsCompleted);
        Assert.IsTrue(second.Changed.IsCompleted);
        Assert.IsFalse(other.Changed.IsCompleted);
    }

    [TestMethod]
    public void A_pulse_before_the_wait_is_not_lost_and_a_later_subscriber_waits_for_the_next_one()
    {
        var signal = new OperationSignal();
        using var early = signal.Subscribe("op1");
        signal.Pulse("op1"); // between a waiter's read and its wait

        using var late = signal.Subscribe("op1");

        Assert.IsTrue(early.Changed.IsCompleted, "subscribed before the pulse: woken even though it was not waiting yet");
        Assert.IsFalse(late.Changed.IsCompleted, "subscribed after it: waits for the next change");
    }

    [TestMethod]
    public void Nothing_is_kept_for_an_operation_once_its_subscribers_are_gone()
    {
        var signal = new OperationSignal();
        var a = signal.Subscribe("op1");
        var b = signal.Subscribe("op1");
        signal.Pulse("op1");
        var c = signal.Subscribe("op1");

        a.Dispose();
        b.Dispose();
        b.Dispose();
        Assert.AreEqual(1, signal.WatchedCount, "the pulsed entry's last subscriber leaving does not remove the newer one");
        c.Dispose();
        Assert.AreEqual(0, signal.WatchedCount);

        signal.Pulse("nobody-waits"); // no entry is made for a pulse nobody waits for
        Assert.AreEqual(0, signal.WatchedCount);
    }
}
