using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Tests;

/// <summary>Which versions KeepVersions keeps, as a pure decision; and the set of hashes the collector marks with.</summary>
[TestClass]
public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ExtensionState State(string active, string[] versions, params (string Action, string Version, string? Previous)[] history) =>
        new(new ExtensionRecord("hello", "Hello", active),
            [.. versions.Select((v, i) => new StoredVersion(v, Start.AddHours(i), $"/d/Hello/{v}"))],
            [.. history.Select((h, i) => new HistoryRecord(Start.AddHours(i), h.Action, h.Version, h.Previous, "ci"))]);

    private static List<string> Removed(ExtensionState state, int keep) => [.. RetentionPolicy.VersionsToRemove(state, keep).Select(static v => v.Version)];

    [TestMethod]
    public void Zero_or_enough_room_removes_nothing()
    {
        var state = State("3.0.0", ["1.0.0", "2.0.0", "3.0.0"], ("publish", "3.0.0", "2.0.0"));
        Assert.AreEqual(0, Removed(state, 0).Count);
        Assert.AreEqual(0, Removed(state, 3).Count);
    }

    [TestMethod]
    public void The_newest_fill_the_places_the_active_and_previous_leave()
    {
        var state = State("5.0.0", ["1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0"], ("publish", "5.0.0", "4.0.0"));
        CollectionAssert.AreEqual(new[] { "1.0.0", "2.0.0" }, Removed(state, 3));
    }

    [TestMethod]
    public void The_previous_version_is_the_one_history_says_was_active_before_even_when_old()
    {
        // 1 → 2 → 3, rollback to 1, then 4: 4 replaced 1, so 1 is kept, not 3.
        var state = State("4.0.0", ["1.0.0", "2.0.0", "3.0.0", "4.0.0"],
            ("publish", "1.0.0", null), ("publish", "2.0.0", "1.0.0"), ("publish", "3.0.0", "2.0.0"),
            ("rollback", "1.0.0", "3.0.0"), ("publish", "4.0.0", "1.0.0"));
        Assert.AreEqual("1.0.0", RetentionPolicy.PreviousOf("4.0.0", state.History));
        CollectionAssert.AreEqual(new[] { "2.0.0", "3.0.0" }, Removed(state, 2));
    }

    [TestMethod]
    public void A_rolled_back_active_version_keeps_what_was_active_before_the_rollback()
    {
        var state = State("1.0.0", ["1.0.0", "2.0.0", "3.0.0"],
            ("publish", "1.0.0", null), ("publish", "2.0.0", "1.0.0"), ("publish", "3.0.0", "2.0.0"), ("rollback", "1.0.0", "3.0.0"));
        CollectionAssert.AreEqual(new[] { "2.0.0" }, Removed(state, 2));
    }

    [TestMethod]
    public void A_previous_version_that_was_deleted_leaves_its_place_to_the_newest()
    {
        var state = State("3.0.0", ["1.0.0", "2.0.0", "3.0.0"],
            ("publish", "9.0.0", null), ("rollback", "3.0.0", "9.0.0"), ("delete", "9.0.0", null));
        Assert.AreEqual("9.0.0", RetentionPolicy.PreviousOf("3.0.0", state.History));
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Removed(state, 2));
    }

    [TestMethod]
    public void Without_history_only_the_active_version_is_protected()
    {
        var state = State("1.0.0", ["1.0.0", "2.0.0", "3.0.0"]);
        Assert.IsNull(RetentionPolicy.PreviousOf("1.0.0", state.History));
        CollectionAssert.AreEqual(new[] { "2.0.0" }, Removed(state, 2), "the active one and the newest are kept");
    }

    [TestMethod]
    public void Without_an_active_version_only_the_newest_are_kept()
    {
        var state = new ExtensionState(new ExtensionRecord("hello", "Hello", null),
            [new StoredVersion("1.0.0", Start, "/d/1"), new StoredVersion("2.0.0", Start.AddHours(1), "/d/2"), new StoredVersion("3.0.0", Start.AddHours(2), "/d/3")], []);
        Assert.IsNull(RetentionPolicy.PreviousOf(null, state.History));
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Removed(state, 2));
    }

    [TestMethod]
    public void An_active_version_that_is_not_stored_protects_nothing()
    {
        // The rows say 9.0.0 is active, but it is not among the versions (deleted by hand, say).
        var state = State("9.0.0", ["1.0.0", "2.0.0", "3.0.0"], ("publish", "9.0.0", "1.0.0"));
        CollectionAssert.AreEqual(new[] { "2.0.0" }, Removed(state, 2), "1.0.0 was active before 9.0.0; then the newest");
    }

    [TestMethod]
    public void History_that_names_the_active_version_as_its_own_previous_names_none()
    {
        // A line whose previous version is the active one itself (a rollback to the active version, say).
        var state = State("2.0.0", ["1.0.0", "2.0.0", "3.0.0"], ("delete", "2.0.0", "1.0.0"), ("publish", "2.0.0", "2.0.0"));
        Assert.IsNull(RetentionPolicy.PreviousOf("2.0.0", state.History), "a delete line is no activation, and a version is not its own previous");
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Removed(state, 2));
    }

    [TestMethod]
    public void A_set_of_hashes_takes_64_hex_digits_in_either_case_and_nothing_else()
    {
        var set = new Sha256Set();
        var sha = new string('a', 63) + "f";
        Assert.IsTrue(set.Add(sha));
        Assert.IsFalse(set.Add(sha.ToUpperInvariant()), "the same hash in capitals");
        Assert.IsTrue(set.Contains(sha.ToUpperInvariant()));
        Assert.AreEqual(1, set.Count);
        foreach (var name in new[] { sha[..63], sha + "0", new string('g', 64), "metadata.db", string.Empty })
        {
            Assert.IsFalse(set.Add(name), name);
            Assert.IsFalse(set.Contains(name), name);
        }

        set.Clear();
        Assert.IsFalse(set.Contains(sha));
    }
}
