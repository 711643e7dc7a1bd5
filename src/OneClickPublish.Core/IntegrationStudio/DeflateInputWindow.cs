namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// The part of a file between the zlib header and the 4-byte trailer, as the input of a DeflateStream,
/// handed out so that where the deflate data ended can be told: DeflateStream buffers its input and
/// (before .NET 11) never gives back what it did not use. Bytes are handed out in normal blocks, but
/// one at a time near the window's end; so when the inflater finishes, either it took the whole window
/// (the data ends exactly before the trailer) or it stopped short (bytes follow the stream).
/// </summary>
internal sealed class DeflateInputWindow : Stream
{
    private const int ByteByByteTail = 64;

    private readonly Stream _input;
    private readonly long _end;
    private long _position;

    public DeflateInputWindow(Stream input, long start, long end)
    {
        _input = input;
        _position = start;
        _end = Math.Max(start, end);
    }

    /// <summary>True when every byte of the window was handed to the inflater.</summary>
    public bool Exhausted => _position >= _end;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var left = _end - _position;
        if (left <= 0 || count == 0)
        {
            return 0;
        }

        var allowed = left <= ByteByByteTail ? 1 : (int)Math.Min(count, left - ByteByByteTail);
        _input.Position = _position;
        var n = _input.Read(buffer, offset, allowed);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
