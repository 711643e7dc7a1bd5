using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace OneClickPublish.Server.Hosting;

/// <summary>
/// The memory Kestrel reads requests into and writes answers from: blocks of 64 KiB, where Kestrel's
/// own pool gives 4 KiB. Kestrel receives into one block at a time, so with its blocks an upload of
/// 1 GiB took half a million receive calls of about 2 KiB each (strace) and as many trips through
/// the request pipe. The blocks come from <see cref="ArrayPool{T}.Shared"/> and go back to it once
/// Kestrel is done with them; an idle connection holds none (Kestrel waits for data before renting).
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    public override int MaxBufferSize => Array.MaxLength;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) =>
        new Block(ArrayPool<byte>.Shared.Rent(Math.Max(minBufferSize, BlockSize)));

    protected override void Dispose(bool disposing)
    {
        // Nothing of its own to free: every block goes back to the shared pool when its owner is disposed.
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(LargeBlockMemoryPool));

        public void Dispose()
        {
            // Kestrel disposes a block once; a second dispose must not hand the array out twice.
            if (Interlocked.Exchange(ref _array, null) is { } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}

/// <summary>What Kestrel's socket transport asks for its memory pool (it takes the one registered in the services).</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
