using System.IO.Compression;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Writes one zlib stream (RFC 1950): the header Integration Studio's files carry (78 DA), raw deflate,
/// and the Adler-32 of what was written, on dispose. Over DeflateStream for the same reason as
/// <see cref="ZlibInflatingStream"/>: the export must run on .NET Framework too.
/// </summary>
internal sealed class ZlibDeflatingStream : Stream
{
    private readonly Stream _output;
    private readonly DeflateStream _deflate;
    private Adler32 _adler;
    private bool _disposed;

    public ZlibDeflatingStream(Stream output)
    {
        _output = output;

        // 78 DA is "deflate, 32 KB window, maximum compression" (the level bits are informational only).
        output.WriteByte(0x78);
        output.WriteByte(0xDA);
#if NET
        _deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
#else
        _deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
#endif
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _adler.Update(buffer, offset, count);
        _deflate.Write(buffer, offset, count);
    }

    public override void Flush() => _deflate.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _deflate.Dispose();
            var checksum = _adler.Value;
            _output.WriteByte((byte)(checksum >> 24));
            _output.WriteByte((byte)(checksum >> 16));
            _output.WriteByte((byte)(checksum >> 8));
            _output.WriteByte((byte)checksum);
        }

        base.Dispose(disposing);
    }
}
