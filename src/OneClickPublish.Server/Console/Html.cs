using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace OneClickPublish.Server.Console;

/// <summary>
/// Writes a page's HTML. Tag and attribute names are constants of the console's code; every value —
/// an extension's name, a description, a log line, a key's name — goes through <see cref="HtmlEncoder"/>,
/// as text or as an attribute value, so a description holding <c>&lt;script&gt;</c> shows as text. There
/// is no method that writes a caller's string unencoded.
/// </summary>
internal sealed class Html
{
    /// <summary>Every Unicode range allowed as it is (the page is UTF-8); markup characters (&lt; &gt; &amp; " ') are always encoded.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly StringBuilder _text = new(16 * 1024);

    /// <summary>Opens <paramref name="tag"/> with the attributes whose value is not null (an empty value writes the attribute alone).</summary>
    public Html Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _text.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            _text.Append(' ').Append(name);
            if (value.Length > 0)
            {
                _text.Append("=\"");
                Encoder.Encode(new StringWriter(_text, CultureInfo.InvariantCulture), value);
                _text.Append('"');
            }
        }

        _text.Append('>');
        return this;
    }

    public Html Close(string tag)
    {
        _text.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An element holding only text.</summary>
    public Html Element(string tag, string? text, params (string Name, string? Value)[] attributes) => Open(tag, attributes).Text(text).Close(tag);

    /// <summary>An element without content or end tag (input, meta, link, br).</summary>
    public Html Void(string tag, params (string Name, string? Value)[] attributes) => Open(tag, attributes);

    public Html Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Encoder.Encode(new StringWriter(_text, CultureInfo.InvariantCulture), text);
        }

        return this;
    }

    public Html Link(string href, string? text, params (string Name, string? Value)[] attributes) =>
        Element("a", text, [("href", href), .. attributes]);

    /// <summary>A time as the page shows it: UTC, to the second, in a time element a script may turn local.</summary>
    public Html Time(DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            return Text("—");
        }

        var utc = t.ToUniversalTime();
        return Element("time", utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC", ("datetime", utc.ToString("O", CultureInfo.InvariantCulture)));
    }

    public override string ToString() => _text.ToString();

    /// <summary>A path segment of a console URL: extension names and versions are URL-safe by their rules, escaped anyway.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };
}
