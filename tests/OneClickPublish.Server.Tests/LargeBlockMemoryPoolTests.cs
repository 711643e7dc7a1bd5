using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using OneClickPublish.Server.Hosting;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>Kestrel's memory in the server: 64 KiB blocks, each handed back to the shared pool once.</summary>
[TestClass]
public sealed class LargeBlockMemoryPoolTests
{
    [TestMethod]
    public void A_block_is_at_least_64_KiB_or_what_was_asked()
    {
        using var pool = new LargeBlockMemoryPool();
        using var small = pool.Rent(2048);
        using var unspecified = pool.Rent();
        using var large = pool.Rent(200_000);

        Assert.IsTrue(small.Memory.Length >= LargeBlockMemoryPool.BlockSize, $"{small.Memory.Length}");
        Assert.IsTrue(unspecified.Memory.Length >= LargeBlockMemoryPool.BlockSize, $"{unspecified.Memory.Length}");
        Assert.IsTrue(large.Memory.Length >= 200_000, $"{large.Memory.Length}");
        Assert.IsTrue(pool.MaxBufferSize >= 200_000);
    }

    [TestMethod]
    public void A_block_disposed_twice_goes_back_once_and_is_not_readable_after()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        Assert.IsTrue(MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment));

        block.Dispose();
        block.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => block.Memory);
        // Returned twice, the shared pool would hand the same array to the next two renters.
        using var first = pool.Rent();
        using var second = pool.Rent();
        Assert.IsTrue(MemoryMarshal.TryGetArray<byte>(first.Memory, out var a));
        Assert.IsTrue(MemoryMarshal.TryGetArray<byte>(second.Memory, out var b));
        Assert.AreNotSame(a.Array, b.Array, "one array handed out twice");
        GC.KeepAlive(segment);
    }

    [TestMethod]
    public async Task The_server_gives_Kestrel_this_pool()
    {
        await using var fixture = await ServerFixture.StartAsync();

        var factory = fixture.Server.Services.GetRequiredService<IMemoryPoolFactory<byte>>();

        Assert.IsInstanceOfType<LargeBlockMemoryPoolFactory>(factory);
        using var pool = factory.Create();
        Assert.IsInstanceOfType<LargeBlockMemoryPool>(pool);
    }
}
