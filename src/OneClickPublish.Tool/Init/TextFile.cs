using System.Text;

namespace OneClickPublish.Tool.Init;

/// <summary>A text file read and written back as it was encoded: UTF-8, with its byte order mark kept or left out as found.</summary>
internal sealed record TextFile(string Text, bool ByteOrderMark)
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static TextFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var bom = bytes is [0xEF, 0xBB, 0xBF, ..];
        return new TextFile(Utf8NoBom.GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0)), bom);
    }

    public static TextFile? ReadIfExists(string path) => File.Exists(path) ? Read(path) : null;

    /// <summary>Writes <paramref name="text"/> atomically (a reader never sees half of it), with the byte order mark if <paramref name="byteOrderMark"/>.</summary>
    public static void Write(string path, string text, bool byteOrderMark)
    {
        var body = Utf8NoBom.GetBytes(text);
        AtomicFile.WriteAllBytes(path, byteOrderMark ? [0xEF, 0xBB, 0xBF, .. body] : body);
    }
}
