#if NETFRAMEWORK
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OneClickPublish;

/// <summary>Math, OperatingSystem, SHA256, TimeSpan and Enum members of .NET Core 2.0–7 used here, for the net472 build.</summary>
internal static class SystemPolyfills
{
    extension(Math)
    {
        public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;

        public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;

        public static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;
    }

    extension(OperatingSystem)
    {
        public static bool IsWindows() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static bool IsMacOS() => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        public static bool IsLinux() => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    }

    extension(SHA256)
    {
        public static byte[] HashData(byte[] source)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(source);
        }

        public static async ValueTask<byte[]> HashDataAsync(Stream source, CancellationToken cancellationToken = default)
        {
            using var sha = SHA256.Create();
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.TransformBlock(buffer, 0, read, null, 0);
            }

            sha.TransformFinalBlock(buffer, 0, 0);
            return sha.Hash!;
        }
    }

    extension(TimeSpan)
    {
        public static TimeSpan operator *(TimeSpan timeSpan, double factor) => TimeSpan.FromTicks((long)Math.Round(timeSpan.Ticks * factor));
    }

    extension(Enum)
    {
        public static string[] GetNames<TEnum>()
            where TEnum : struct, Enum => Enum.GetNames(typeof(TEnum));
    }
}
#endif
