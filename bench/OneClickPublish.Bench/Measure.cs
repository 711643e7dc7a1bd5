using System.Diagnostics;

namespace OneClickPublish.Bench;

/// <summary>Times repeated runs and reports medians; machines here are shared, so only side-by-side ratios mean something.</summary>
internal static class Measure
{
    public static TimeSpan Median(int runs, Action action)
    {
        action(); // warm-up: JIT and file cache
        var times = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    public static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms";
}
