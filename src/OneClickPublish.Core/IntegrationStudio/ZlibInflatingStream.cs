using System.IO.Compression;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Reads one zlib stream (RFC 1950) that fills a whole seekable file: checks the 2-byte header, inflates
/// the deflate data with <see cref="DeflateStream"/>, stops at a cap on the inflated size, and at the end
/// checks the Adler-32 and that no byte follows. Every failure is a <see cref="DiagnosticException"/>.
/// </summary>
/// <remarks>
/// Not ZLibStream: it is .NET 6+ and this reader must run on .NET Framework too (Visual Studio's
/// MSBuild.exe runs the export task). The deflate data is read through a <see cref="DeflateInputWindow"/>
/// that ends where the trailer must start: an inflater that stops before the window's end means bytes
/// follow the stream (a second stream appended with the same checksum included); one that takes it all
/// must be followed by the Adler-32 of what it gave, else the stream is truncated or altered.
/// </remarks>
internal sealed class ZlibInflatingStream : Stream
{
    private const int HeaderSize = 2;
    private const int TrailerSize = 4;
    private const int PrefixSize = 4096;

    private readonly Stream _input;
    private readonly long _start;
    private readonly DeflateInputWindow _window;
    private readonly DeflateStream _deflate;
    private readonly long _maxInflated;
    private readonly SourceLocation _location;
    private readonly MemoryStream _prefix = new();
    private Adler32 _adler;
    private long _inflated;
    private bool _finished;

    private ZlibInflatingStream(Stream input, long start, long maxInflated, SourceLocation location)
    {
        _input = input;
        _start = start;
        _maxInflated = maxInflated;
        _location = location;
        _window = new DeflateInputWindow(input, start + HeaderSize, input.Length - TrailerSize);
        _deflate = new DeflateStream(_window, CompressionMode.Decompress, leaveOpen: true);
    }

    public long InflatedLength => _inflated;

    /// <summary>The first inflated bytes, kept so that an XML error before the root can be told apart from a DOCTYPE.</summary>
    public byte[] Prefix => _prefix.ToArray();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _inflated; set => throw new NotSupportedException(); }

    /// <summary>Checks what the file starts with and positions <paramref name="input"/> after the zlib header.</summary>
    public static ZlibInflatingStream Open(Stream input, long maxInflated, string? file)
    {
        ArgumentNullException.ThrowIfNull(input);
        var location = new SourceLocation(file);
        var start = input.Position;
        var head = new byte[4];
        var read = ReadAtMost(input, head);
        StudioFileSniffer.ThrowIfNotZlib(input, start, head.AsSpan(0, read), location);
        input.Position = start + HeaderSize;
        return new ZlibInflatingStream(input, start, maxInflated, location);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_finished || count == 0)
        {
            return 0;
        }

        // Never ask for more than one byte past the cap: a bomb stops here, not after inflating.
        var allowed = (int)Math.Min(count, _maxInflated - _inflated + 1);
        int n;
        try
        {
            n = _deflate.Read(buffer, offset, allowed);
        }
        catch (InvalidDataException e)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.DataDamaged, _location, e.Message);
        }

        if (n == 0)
        {
            _finished = true;
            CheckTrailer();
            return 0;
        }

        _inflated += n;
        if (_inflated > _maxInflated)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.InflatedTooLarge, _location, _maxInflated);
        }

        _adler.Update(buffer, offset, n);
        if (_prefix.Length < PrefixSize)
        {
            _prefix.Write(buffer, offset, (int)Math.Min(n, PrefixSize - _prefix.Length));
        }

        return n;
    }

    /// <summary>Reads (and checks) whatever the XML reader left unread after the root's end.</summary>
    public void ReadToEnd()
    {
        var buffer = new byte[16 * 1024];
        while (Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate.Dispose();
        }

        base.Dispose(disposing);
    }

    private static int ReadAtMost(Stream input, byte[] buffer)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = input.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += n;
        }

        return total;
    }

    private void CheckTrailer()
    {
        var expected = _adler.Value;
        var end = _input.Length;
        var complete = end - _start >= HeaderSize + TrailerSize;
        if (complete && _window.Exhausted && ReadBigEndian(end - TrailerSize) == expected)
        {
            return;
        }

        if (complete && !_window.Exhausted)
        {
            // The inflater finished before the window's end. Where its checksum stands tells how much follows.
            var at = FindChecksum(expected, end);
            var following = at >= 0 ? end - (at + TrailerSize) : end - _window.Position;
            throw DiagnosticException.Create(ImportExportDiagnostics.BytesAfterStream, _location, following);
        }

        throw DiagnosticException.Create(
            ImportExportDiagnostics.StreamTruncated,
            _location,
            $"{_inflated} bytes inflated to Adler-32 {expected:x8}, and the file holds no such checksum after its data");
    }

    private uint ReadBigEndian(long position)
    {
        _input.Position = position;
        var bytes = new byte[TrailerSize];
        return ReadAtMost(_input, bytes) == TrailerSize
            ? ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3]
            : ~_adler.Value;
    }

    /// <summary>Where the four bytes of <paramref name="checksum"/> first stand in the data, before <paramref name="before"/>; -1 if nowhere.</summary>
    private long FindChecksum(uint checksum, long before)
    {
        // Only on the failure path: one pass over the file in blocks, carrying three bytes across each boundary.
        _input.Position = _start + HeaderSize;
        var buffer = new byte[64 * 1024];
        uint window = 0;
        var seen = 0L;
        int n;
        while ((n = _input.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                window = (window << 8) | buffer[i];
                seen++;
                var at = _start + HeaderSize + seen - TrailerSize;
                if (seen >= TrailerSize && window == checksum && at < before)
                {
                    return at;
                }
            }
        }

        return -1;
    }
}
