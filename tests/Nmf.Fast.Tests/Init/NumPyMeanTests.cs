// NumPyMean against NumPy 1.24's X.mean() for float32 and float64, including multi-buffer sizes and strided views.
using Nmf.Fast.Init;
using Nmf.Fast.Memory;
using Nmf.Fast.Randomness;

namespace Nmf.Fast.Tests.Init;

public class NumPyMeanTests
{
    // X = RandomState(seed).random_sample(shape) * 1000 (float64), and its float32 cast; expected values from
    // /usr/bin/python3 (numpy 1.24.2). Sequential float32 summation gives different bits for the first, second
    // and fourth case (1140407147, 1140329006, 1140863658), so these pin NumPy's blocked pairwise order.
    [Theory]
    [InlineData(150, 100, 9, 1140407091u, 498.46250808060813)]
    [InlineData(97, 211, 10, 1140328997u, 496.07926738219487)]
    [InlineData(3, 5, 11, 1140110410u, 489.4085219655969)]
    [InlineData(40, 25, 12, 1140863659u, 512.7917008075264)]
    public void Mean_EqualsNumPyBitForBit(int rows, int cols, int seed, uint float32Bits, double float64Mean)
    {
        var random = new NumPyRandomState(seed);
        var x = new Matrix<double>(rows, cols);
        var xf = new Matrix<float>(rows, cols);
        Span<double> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.RandomSample() * 1000;
            xf.AsSpan()[i] = (float)values[i];
        }
        Assert.Equal(float64Mean, NumPyMean.Of<double>(x));
        Assert.Equal(float32Bits, BitConverter.SingleToUInt32Bits(NumPyMean.Of<float>(xf)));

        // A strided view of the same values (inside a wider parent) gives the same bits.
        var parent = new Matrix<float>(rows, cols + 3);
        for (int i = 0; i < rows; i++) xf.Row(i).CopyTo(parent.Row(i));
        Assert.Equal(float32Bits, BitConverter.SingleToUInt32Bits(NumPyMean.Of(parent.AsReadOnlyMatrixSpan().Slice(0, 0, rows, cols))));
    }
}
