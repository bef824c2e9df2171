// NumPy's legacy RandomState stream (MT19937, 53-bit doubles, polar Box–Muller Gaussian), bit for bit.
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Randomness;

/// <summary>
/// A random source that reproduces <c>numpy.random.RandomState(seed)</c> (NumPy's legacy generator, as
/// scikit-learn's <c>check_random_state(seed)</c> builds it) exactly: the same 32-bit words, the same uniform
/// doubles and the same Gaussian values in the same order.
/// </summary>
/// <remarks>
/// <para>Generator: Mersenne Twister MT19937 (Matsumoto &amp; Nishimura 1998), seeded from an integer with the
/// reference <c>init_genrand</c> recurrence <c>mt[i] = 1812433253·(mt[i−1] ⊕ (mt[i−1] ≫ 30)) + i</c>, which is
/// what NumPy's <c>_legacy_seeding</c> does for an integer seed in [0, 2³²−1].</para>
/// <para>Uniform: <c>((a ≫ 5)·2²⁶ + (b ≫ 6)) / 2⁵³</c> from two consecutive words (NumPy's <c>random_sample</c>).</para>
/// <para>Gaussian: the polar (Marsaglia) form of Box–Muller; each accepted pair yields two values, the
/// second cached for the next call (NumPy's <c>legacy_gauss</c>).</para>
/// Not thread-safe; one instance is one stream.
/// </remarks>
public sealed class NumPyRandomState
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7fffffffu;

    private readonly uint[] _key = new uint[StateLength];
    private int _position;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>The stream of <c>numpy.random.RandomState(seed)</c>.</summary>
    /// <param name="seed">Any value in [0, 2³²−1], as NumPy accepts.</param>
    /// <exception cref="ArgumentOutOfRangeException">The seed is negative or above 2³²−1 (NumPy rejects these too).</exception>
    public NumPyRandomState(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "A NumPy RandomState seed must be between 0 and 2**32 - 1.");
        Seed((uint)seed);
    }

    private void Seed(uint seed)
    {
        _key[0] = seed;
        for (int i = 1; i < StateLength; i++)
        {
            uint previous = _key[i - 1];
            _key[i] = unchecked(1812433253u * (previous ^ (previous >> 30)) + (uint)i);
        }
        _position = StateLength;
        _hasGauss = false;
        _gauss = 0;
    }

    /// <summary>The next raw 32-bit output of MT19937 (tempered).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if (_position >= StateLength) Regenerate();
        uint y = _key[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Regenerate()
    {
        uint[] mt = _key;
        int i = 0;
        for (; i < StateLength - Shift; i++)
        {
            uint y = (mt[i] & UpperMask) | (mt[i + 1] & LowerMask);
            mt[i] = mt[i + Shift] ^ (y >> 1) ^ ((0u - (y & 1u)) & MatrixA);
        }
        for (; i < StateLength - 1; i++)
        {
            uint y = (mt[i] & UpperMask) | (mt[i + 1] & LowerMask);
            mt[i] = mt[i + Shift - StateLength] ^ (y >> 1) ^ ((0u - (y & 1u)) & MatrixA);
        }
        uint last = (mt[StateLength - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateLength - 1] = mt[Shift - 1] ^ (last >> 1) ^ ((0u - (last & 1u)) & MatrixA);
        _position = 0;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits: <c>random_sample()</c>.</summary>
    public double RandomSample()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal value: <c>standard_normal()</c> of the legacy generator.</summary>
    public double StandardNormal()
    {
        if (_hasGauss)
        {
            double cached = _gauss;
            _hasGauss = false;
            _gauss = 0;
            return cached;
        }

        double x1, x2, r2;
        do
        {
            x1 = 2.0 * RandomSample() - 1.0;
            x2 = 2.0 * RandomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1.0 || r2 == 0.0);

        // Evaluated in NumPy's order: (−2·log r²) / r², then √; Math.Log is the platform libm log.
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>A normal value <c>loc + scale·z</c>: the legacy <c>normal(loc, scale)</c>.</summary>
    public double Normal(double loc, double scale) => loc + scale * StandardNormal();

    /// <summary>Fills <paramref name="destination"/> in order with <see cref="RandomSample"/> values.</summary>
    public void FillRandomSample(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = RandomSample();
    }

    /// <summary>Fills <paramref name="destination"/> in order with <see cref="StandardNormal"/> values.</summary>
    public void FillStandardNormal(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = StandardNormal();
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="max"/>] by NumPy's legacy masked rejection
    /// (<c>randint(0, max + 1)</c> for 32-bit ranges: draw a word, keep the bits under the smallest
    /// all-ones mask ≥ max, retry while above max).
    /// </summary>
    public uint RandomIntegerInclusive(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }
}
