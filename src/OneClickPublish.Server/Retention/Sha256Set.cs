using System.Buffers.Binary;

namespace OneClickPublish.Server.Retention;

/// <summary>
/// A set of SHA-256 values kept as 32 bytes each rather than as 64-character strings (about a sixth
/// of the memory): what the collector marks. Lookups parse a file name without allocating.
/// </summary>
internal sealed class Sha256Set
{
    private readonly HashSet<Key> _keys = [];

    public int Count => _keys.Count;

    public bool Add(ReadOnlySpan<char> hex) => TryParse(hex, out var key) && _keys.Add(key);

    public bool Contains(ReadOnlySpan<char> hex) => TryParse(hex, out var key) && _keys.Contains(key);

    public void Clear() => _keys.Clear();

    /// <summary>True for 64 hexadecimal digits (either case): the name of a blob.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Key key)
    {
        key = default;
        Span<byte> bytes = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        key = new Key(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
        return true;
    }

    internal readonly record struct Key(ulong A, ulong B, ulong C, ulong D);
}
