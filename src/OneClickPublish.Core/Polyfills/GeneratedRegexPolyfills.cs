#if !NET7_0_OR_GREATER
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace System.Text.RegularExpressions
{
    /// <summary>The .NET 7 attribute, so that the <c>[GeneratedRegex]</c> declarations compile unchanged where no generator runs.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    internal sealed class GeneratedRegexAttribute(string pattern, RegexOptions options = RegexOptions.None) : Attribute
    {
        public string Pattern { get; } = pattern;

        public RegexOptions Options { get; } = options;
    }
}

namespace OneClickPublish
{
    /// <summary>
    /// Implements a <c>[GeneratedRegex]</c> partial method from its own attribute, so the pattern is
    /// written once, beside the declaration: <c>private static partial Regex X() => GeneratedRegexes.Get(typeof(C));</c>
    /// </summary>
    internal static class GeneratedRegexes
    {
        private static readonly ConcurrentDictionary<(Type, string), Regex> Cache = new();

        public static Regex Get(Type declaringType, [CallerMemberName] string method = "") =>
            Cache.GetOrAdd((declaringType, method), static key =>
            {
                var attribute = key.Item1.GetMethod(key.Item2, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)?.GetCustomAttribute<GeneratedRegexAttribute>()
                    ?? throw new InvalidOperationException($"{key.Item1.Name}.{key.Item2} has no [GeneratedRegex]");
                return new Regex(attribute.Pattern, attribute.Options | RegexOptions.Compiled);
            });
    }
}

namespace OneClickPublish.CodeGeneration.Merging
{
    internal static partial class MergeSyntax
    {
        private static partial Regex WhitespaceRunRegex() => GeneratedRegexes.Get(typeof(MergeSyntax));
    }

    internal sealed partial class TypeSpellingComparer
    {
        private static partial Regex WhitespaceRegex() => GeneratedRegexes.Get(typeof(TypeSpellingComparer));

        private static partial Regex FrameworkNameRegex() => GeneratedRegexes.Get(typeof(TypeSpellingComparer));

        private static partial Regex NullableAnnotationRegex() => GeneratedRegexes.Get(typeof(TypeSpellingComparer));
    }
}
#endif
