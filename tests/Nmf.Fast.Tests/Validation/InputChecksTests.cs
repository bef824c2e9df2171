// The vectorised value scan of the input checks finds exactly the first NaN, infinite or negative value, like a plain loop.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Validation;
using Xunit;

namespace Nmf.Fast.Tests.Validation;

public class InputChecksTests
{
    private static readonly double[] BadValues = [-1.0, -0.0001, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static int NaiveFirstBad<T>(T[] values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (T.IsNaN(values[i]) || T.IsInfinity(values[i]) || values[i] < T.Zero) return i;
        return -1;
    }

    private static T[] Values<T>(int length, int seed, int[] badPositions, int badKind) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++) values[i] = random.Next(4) == 0 ? T.Zero : T.CreateTruncating(random.NextDouble() * 10);
        foreach (int p in badPositions)
            if (length > 0) values[p % length] = T.CreateTruncating(BadValues[(badKind + p) % BadValues.Length]);
        return values;
    }

    [Property(MaxTest = 300)]
    public Property IndexOfNegativeOrNonFinite_IsTheFirstBadIndex_Double(NonNegativeInt length, int seed, NonNegativeInt[] bad, NonNegativeInt kind)
    {
        var values = Values<double>(length.Get % 300, seed, Array.ConvertAll(bad ?? [], b => b.Get), kind.Get);
        return (InputChecks.IndexOfNegativeOrNonFinite<double>(values) == NaiveFirstBad(values)).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property IndexOfNegativeOrNonFinite_IsTheFirstBadIndex_Float(NonNegativeInt length, int seed, NonNegativeInt[] bad, NonNegativeInt kind)
    {
        var values = Values<float>(length.Get % 300, seed, Array.ConvertAll(bad ?? [], b => b.Get), kind.Get);
        return (InputChecks.IndexOfNegativeOrNonFinite<float>(values) == NaiveFirstBad(values)).ToProperty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(1023)]
    public void IndexOfNegativeOrNonFinite_FindsOneBadValueAnywhereInALongSpan(int position)
    {
        foreach (double bad in BadValues)
        {
            var values = new double[1024];
            Array.Fill(values, 1.5);
            values[position] = bad;
            Assert.Equal(position, InputChecks.IndexOfNegativeOrNonFinite<double>(values));
            var floats = Array.ConvertAll(values, v => (float)v);
            Assert.Equal(position, InputChecks.IndexOfNegativeOrNonFinite<float>(floats));
        }
    }
}
