namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// The Adler-32 checksum (RFC 1950) that ends a zlib stream. Written here because .NET Framework has
/// no zlib framing at all (ZLibStream is .NET 6+), and this format's reader must run there too.
/// </summary>
internal struct Adler32
{
    // The largest n such that 255n(n+1)/2 + (n+1)(65520) fits in 32 bits (RFC 1950's zlib.h NMAX):
    // sums are reduced modulo 65521 once per block of this size instead of once per byte.
    private const int BlockSize = 5552;
    private const uint Modulus = 65521;

    private uint _a;
    private uint _b;
    private bool _started;

    public uint Value => _started ? (_b << 16) | _a : 1;

    public void Update(byte[] buffer, int offset, int count)
    {
        if (!_started)
        {
            _a = 1;
            _b = 0;
            _started = true;
        }

        var a = _a;
        var b = _b;
        while (count > 0)
        {
            var block = Math.Min(count, BlockSize);
            count -= block;
            var end = offset + block;
            for (var i = offset; i < end; i++)
            {
                a += buffer[i];
                b += a;
            }

            offset = end;
            a %= Modulus;
            b %= Modulus;
        }

        _a = a;
        _b = b;
    }
}
