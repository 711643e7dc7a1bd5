using OneClickPublish.Server.Console;

namespace OneClickPublish.Server.Tests;

/// <summary>How the console writes sizes, down to the gibibytes no test server stores.</summary>
[TestClass]
public sealed class ConsoleHtmlTests
{
    [TestMethod]
    [DataRow(0L, "0 B")]
    [DataRow(1023L, "1023 B")]
    [DataRow(1536L, "1.5 KiB")]
    [DataRow(5L * 1024 * 1024, "5 MiB")]
    [DataRow(3L * 1024 * 1024 * 1024 + 512L * 1024 * 1024, "3.5 GiB")]
    [DataRow(2L * 1024 * 1024 * 1024 * 1024, "2048 GiB")]
    public void Sizes_are_written_in_binary_units_with_invariant_digits(long bytes, string expected) =>
        Assert.AreEqual(expected, Html.Bytes(bytes));
}
