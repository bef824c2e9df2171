// NumPyRandomState against NumPy 1.24's own legacy RandomState output (fixtures from make_rng_fixtures.py).
using System.Runtime.InteropServices;
using Nmf.Fast.Randomness;

namespace Nmf.Fast.Tests.Randomness;

public class NumPyRandomStateTests
{
    public static TheoryData<long> Seeds => new() { 0, 1, 42, 2147483647, 4294967295 };

    private static T[] Load<T>(long seed, string stream) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rng", $"seed_{seed}_{stream}"))).ToArray();

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RawWords_EqualNumPy_AcrossTheFirstRegeneration(long seed)
    {
        uint[] expected = Load<uint>(seed, "uint32.bin");
        Assert.True(expected.Length > 624);
        var random = new NumPyRandomState(seed);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], random.NextUInt32());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomSample_EqualsNumPyBitForBit(long seed)
    {
        double[] expected = Load<double>(seed, "uniform.f64");
        var random = new NumPyRandomState(seed);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(random.RandomSample()));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void StandardNormal_EqualsNumPyBitForBit(long seed)
    {
        double[] expected = Load<double>(seed, "normal.f64");
        var random = new NumPyRandomState(seed);
        var actual = new double[expected.Length];
        random.FillStandardNormal(actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"seed {seed}, draw {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MixedDraws_KeepTheCachedGaussianAsNumPyDoes(long seed)
    {
        double[] expected = Load<double>(seed, "mixed.f64");
        var random = new NumPyRandomState(seed);
        for (int i = 0; i < expected.Length; i += 4)
        {
            Assert.Equal(expected[i], random.StandardNormal());
            Assert.Equal(expected[i + 1], random.RandomSample());
            Assert.Equal(expected[i + 2], random.StandardNormal());
            Assert.Equal(expected[i + 3], random.Normal(1.5, 2.5));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomIntegerInclusive_EqualsNumPyRandint(long seed)
    {
        long[] expected = Load<long>(seed, "randint.i64");
        var random = new NumPyRandomState(seed);
        for (int i = 0; i < 300; i++) Assert.Equal(expected[i], random.RandomIntegerInclusive(999));
        for (int i = 300; i < expected.Length; i++) Assert.Equal(expected[i], random.RandomIntegerInclusive(int.MaxValue - 1));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    public void Seed_OutsideNumPysRange_IsRejected(long seed)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NumPyRandomState(seed));
        Assert.Contains("2**32 - 1", error.Message);
    }

    [Fact]
    public void SameSeed_GivesSameStream_DifferentSeeds_Differ()
    {
        var a = new NumPyRandomState(5);
        var b = new NumPyRandomState(5);
        var c = new NumPyRandomState(6);
        for (int i = 0; i < 100; i++)
        {
            double x = a.StandardNormal();
            Assert.Equal(x, b.StandardNormal());
        }
        Assert.NotEqual(new NumPyRandomState(5).RandomSample(), c.RandomSample());
    }
}
