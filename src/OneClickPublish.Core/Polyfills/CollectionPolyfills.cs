#if NETFRAMEWORK
using System.Runtime.CompilerServices;

namespace OneClickPublish
{
    /// <summary>The collection members of .NET Core 2.0–6 used here, for the net472 build.</summary>
    internal static class CollectionPolyfills
    {
        extension<TKey, TValue>(Dictionary<TKey, TValue> dictionary)
            where TKey : notnull
        {
            public bool TryAdd(TKey key, TValue value)
            {
                if (dictionary.ContainsKey(key))
                {
                    return false;
                }

                dictionary.Add(key, value);
                return true;
            }
        }

        extension<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary)
        {
            public TValue? GetValueOrDefault(TKey key) => dictionary.TryGetValue(key, out var value) ? value : default;
        }

        extension<TKey, TValue>(KeyValuePair<TKey, TValue> pair)
        {
            public void Deconstruct(out TKey key, out TValue value)
            {
                key = pair.Key;
                value = pair.Value;
            }
        }

        extension<TSource>(IEnumerable<TSource> source)
        {
            public IEnumerable<TSource> DistinctBy<TKey>(Func<TSource, TKey> keySelector, IEqualityComparer<TKey>? comparer = null)
            {
                var seen = new HashSet<TKey>(comparer);
                foreach (var item in source)
                {
                    if (seen.Add(keySelector(item)))
                    {
                        yield return item;
                    }
                }
            }
        }
    }
}

namespace System.Collections.Generic
{
    /// <summary>.NET 5's comparer by reference identity.</summary>
    internal sealed class ReferenceEqualityComparer : IEqualityComparer<object?>, System.Collections.IEqualityComparer
    {
        private ReferenceEqualityComparer()
        {
        }

        public static ReferenceEqualityComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object? obj) => RuntimeHelpers.GetHashCode(obj!);
    }
}
#endif
