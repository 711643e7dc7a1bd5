namespace OneClickPublish.Core.Tests.Platform;

/// <summary>A random source that always draws the same value, so that jittered waits are known.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
