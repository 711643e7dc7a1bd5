#if NETFRAMEWORK
using System.Text;

namespace OneClickPublish;

/// <summary>The string, char and StringBuilder members of .NET Core 2.1–8 used here, for the net472 build.</summary>
internal static class StringPolyfills
{
    extension(string text)
    {
        public bool Contains(char value) => text.IndexOf(value) >= 0;

        public bool Contains(char value, StringComparison comparison) => text.IndexOf(value.ToString(), comparison) >= 0;

        public bool Contains(string value, StringComparison comparison) => text.IndexOf(value, comparison) >= 0;

        public bool StartsWith(char value) => text.Length > 0 && text[0] == value;

        public bool EndsWith(char value) => text.Length > 0 && text[text.Length - 1] == value;

        public int IndexOf(char value, StringComparison comparison) => text.IndexOf(value.ToString(), comparison);

        public string[] Split(char separator, StringSplitOptions options = StringSplitOptions.None) => text.Split([separator], options);

        public string Replace(string oldValue, string? newValue, StringComparison comparison)
        {
            if (comparison == StringComparison.Ordinal)
            {
                return text.Replace(oldValue, newValue);
            }

            var result = new StringBuilder(text.Length);
            var start = 0;
            for (var found = text.IndexOf(oldValue, comparison); found >= 0; found = text.IndexOf(oldValue, start, comparison))
            {
                result.Append(text, start, found - start).Append(newValue);
                start = found + oldValue.Length;
            }

            return result.Append(text, start, text.Length - start).ToString();
        }
    }

    extension(string)
    {
        public static string Join(char separator, IEnumerable<string?> values) => string.Join(separator.ToString(), values);

        public static string Join(char separator, params string?[] values) => string.Join(separator.ToString(), values);

        public static string Concat(ReadOnlySpan<char> first, ReadOnlySpan<char> second) => first.ToString() + second.ToString();

        /// <summary>string.Create(provider, $"...") formats with the provider; here through FormattableString.</summary>
        public static string Create(IFormatProvider? provider, FormattableString text) => text.ToString(provider);
    }

    extension(StringBuilder builder)
    {
        public StringBuilder Append(IFormatProvider? provider, FormattableString text) => builder.Append(text.ToString(provider));
    }

    extension(char)
    {
        public static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

        public static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

        public static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetter(c) || char.IsAsciiDigit(c);
    }
}
#endif
