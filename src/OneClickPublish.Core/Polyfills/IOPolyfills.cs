#if NETFRAMEWORK
using System.Buffers;
using System.Runtime.InteropServices;

namespace OneClickPublish;

/// <summary>The file, path and stream members of .NET Core 2.0–8 used here, for the net472 build.</summary>
internal static class IOPolyfills
{
    extension(File)
    {
        /// <summary>Like .NET Core's: one rename that replaces the destination (MoveFileEx on Windows, File.Replace elsewhere).</summary>
        public static void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            if (!overwrite)
            {
                File.Move(sourceFileName, destFileName);
            }
            else if (OperatingSystem.IsWindows())
            {
                if (!NativeMethods.MoveFileEx(Path.GetFullPath(sourceFileName), Path.GetFullPath(destFileName), NativeMethods.MoveFileReplaceExisting | NativeMethods.MoveFileCopyAllowed))
                {
                    throw new IOException($"Could not move '{sourceFileName}' to '{destFileName}'.", Marshal.GetHRForLastWin32Error());
                }
            }
            else if (File.Exists(destFileName))
            {
                File.Replace(sourceFileName, destFileName, destinationBackupFileName: null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(sourceFileName, destFileName);
            }
        }
    }

    extension(Path)
    {
        public static string Join(string? path1, string? path2)
        {
            if (string.IsNullOrEmpty(path1))
            {
                return path2 ?? string.Empty;
            }

            if (string.IsNullOrEmpty(path2))
            {
                return path1;
            }

            var separated = IsSeparator(path1[path1.Length - 1]) || IsSeparator(path2[0]);
            return separated ? path1 + path2 : path1 + Path.DirectorySeparatorChar + path2;
        }

        public static string GetFullPath(string path, string basePath) =>
            Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(basePath, path));

        public static string GetRelativePath(string relativeTo, string path)
        {
            var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var from = Path.GetFullPath(relativeTo).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var to = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!string.Equals(from[0], to[0], comparison))
            {
                return Path.GetFullPath(path); // another drive or root: no relative path
            }

            var common = 0;
            while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], comparison))
            {
                common++;
            }

            var parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)).ToArray();
            return parts.Length == 0 ? "." : string.Join(Path.DirectorySeparatorChar.ToString(), parts);
        }
    }

    extension(Stream stream)
    {
        public void ReadExactly(byte[] buffer) => stream.ReadExactly(buffer, 0, buffer.Length);

        public void ReadExactly(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                var read = stream.Read(buffer, offset, count);
                if (read == 0)
                {
                    throw new EndOfStreamException("Unable to read beyond the end of the stream.");
                }

                offset += read;
                count -= read;
            }
        }

        public void Write(ReadOnlySpan<byte> buffer)
        {
            var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
            try
            {
                buffer.CopyTo(rented);
                stream.Write(rented, 0, buffer.Length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            MemoryMarshal.TryGetArray<byte>(buffer, out var array)
                ? new ValueTask<int>(stream.ReadAsync(array.Array!, array.Offset, array.Count, cancellationToken))
                : throw new NotSupportedException("Only array-backed buffers are supported on .NET Framework.");

        public ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            MemoryMarshal.TryGetArray(buffer, out var array)
                ? new ValueTask(stream.WriteAsync(array.Array!, array.Offset, array.Count, cancellationToken))
                : throw new NotSupportedException("Only array-backed buffers are supported on .NET Framework.");

        /// <summary><c>await using (stream.ConfigureAwait(false))</c>: a .NET Framework stream is not IAsyncDisposable, so it is disposed synchronously.</summary>
        public System.Runtime.CompilerServices.ConfiguredAsyncDisposable ConfigureAwait(bool continueOnCapturedContext) =>
            new SynchronouslyDisposed(stream).ConfigureAwait(continueOnCapturedContext);
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;

    private sealed class SynchronouslyDisposed(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return default;
        }
    }

    private static class NativeMethods
    {
        public const uint MoveFileReplaceExisting = 0x1;
        public const uint MoveFileCopyAllowed = 0x2;

        [DllImport("kernel32.dll", EntryPoint = "MoveFileExW", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool MoveFileEx(string existingFileName, string newFileName, uint flags);
    }
}
#endif
