using System.Buffers.Binary;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>
/// Seeded damage to a valid file, the same on every run: truncations, random bytes, bytes and extreme 32-bit values
/// written where they matter most (<c>hot</c>: headers, label bytes), ranges cut out or repeated.
/// </summary>
internal static class Mutants
{
    static readonly long[] Extremes = [0, 1, -1, 255, 0x7FFF, 0xFFFF, 0x10000, int.MaxValue, int.MinValue, uint.MaxValue, 1L << 40, long.MaxValue];

    public static IEnumerable<byte[]> Of(byte[] valid, int seed, int count, IReadOnlyList<int> hot)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return Mutate(valid, rng, hot);
    }

    /// <summary>One damaged copy of <paramref name="valid"/>, drawn from <paramref name="rng"/>.</summary>
    public static byte[] Mutate(byte[] valid, Random rng, IReadOnlyList<int> hot) =>
        Mutate(valid.ToArray(), rng, hot.Where(h => h < valid.Length).ToArray());

    /// <summary>The first <paramref name="n"/> offsets: a header.</summary>
    public static int[] First(int n) => Enumerable.Range(0, n).ToArray();

    static byte[] Mutate(byte[] bytes, Random rng, int[] hot)
    {
        switch (rng.Next(6))
        {
            case 0:
                return bytes[..rng.Next(bytes.Length)];
            case 1:
                for (int k = rng.Next(1, 5); k > 0; k--)
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                return bytes;
            case 2:
                for (int k = rng.Next(1, 3); k > 0; k--)
                    bytes[hot[rng.Next(hot.Length)]] = (byte)rng.Next(256);
                return bytes;
            case 3:
                // A 32- or 64-bit extreme, either byte order, where a length or count is likely to be.
                long value = Extremes[rng.Next(Extremes.Length)];
                var word = new byte[rng.Next(2) == 0 ? 4 : 8];
                bool bigEndian = rng.Next(2) == 0;
                if (word.Length == 4 && bigEndian) BinaryPrimitives.WriteInt32BigEndian(word, (int)value);
                else if (word.Length == 4) BinaryPrimitives.WriteInt32LittleEndian(word, (int)value);
                else if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(word, value);
                else BinaryPrimitives.WriteInt64LittleEndian(word, value);
                int at = Math.Max(0, Math.Min(hot[rng.Next(hot.Length)], bytes.Length - word.Length));
                word.AsSpan(0, Math.Min(word.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
                return bytes;
            case 4:
                int from = rng.Next(bytes.Length), cut = rng.Next(1, bytes.Length - from + 1);
                return [.. bytes[..from], .. bytes[(from + cut)..]];
            default:
                int start = rng.Next(bytes.Length), repeat = rng.Next(1, Math.Min(256, bytes.Length - start) + 1);
                return [.. bytes[..(start + repeat)], .. bytes[start..]];
        }
    }

    /// <summary>
    /// Runs one case: it must succeed or throw <typeparamref name="TError"/> naming <paramref name="name"/>; anything
    /// else fails the test, naming the case so that it can be replayed.
    /// </summary>
    /// <returns>Whether the case succeeded (a fuzz test checks that both outcomes occur).</returns>
    public static bool EndsWellOrIn<TError>(int @case, string name, Action run) where TError : Exception
    {
        try
        {
            run();
            return true;
        }
        catch (TError e) when (e.Message.Contains(name))
        {
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"case {@case}: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}
