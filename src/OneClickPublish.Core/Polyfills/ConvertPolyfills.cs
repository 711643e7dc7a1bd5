#if !NET9_0_OR_GREATER
namespace OneClickPublish;

/// <summary><c>Convert.ToHexStringLower</c> is .NET 9; the net8.0 and net472 builds get it here.</summary>
internal static class ConvertPolyfills
{
    extension(Convert)
    {
        public static string ToHexStringLower(byte[] bytes)
        {
            const string Digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }
    }
}
#endif
