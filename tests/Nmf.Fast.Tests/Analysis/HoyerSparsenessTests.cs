// Hoyer sparseness: the values eq. 1 gives at its extremes and on a hand-computed vector, invariances, bounds, bad input.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Analysis;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Analysis;

public class HoyerSparsenessTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(784)]
    public void OneNonZeroEntry_IsOne_AndConstantMagnitude_IsZero(int n)
    {
        var oneHot = new double[n];
        oneHot[n / 2] = 3.5;
        Assert.Equal(1.0, HoyerSparseness.Of<double>(oneHot), 12);
        var flat = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 2.0 : -2.0).ToArray();
        Assert.Equal(0.0, HoyerSparseness.Of<double>(flat), 12);
    }

    [Fact]
    public void HalfSupport_MatchesEquationOne_ByHand()
    {
        // n = 4, x = (1, 1, 0, 0): ‖x‖₁/‖x‖₂ = √2, so (√4 − √2)/(√4 − 1) = 2 − √2.
        Assert.Equal(2 - Math.Sqrt(2), HoyerSparseness.Of<float>([1f, 1f, 0f, 0f]), 6);
    }

    [Fact]
    public void ZeroVector_IsOne_ByConvention() => Assert.Equal(1.0, HoyerSparseness.Of<double>(new double[5]));

    [Property(MaxTest = 100)]
    public Property IsInUnitInterval_AndIgnoresScaleAndSign() =>
        Prop.ForAll(Gen.Choose(2, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(-1000, 1000), n)).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (ints, scale) =>
        {
            var x = ints.Select(v => v / 100.0).ToArray();
            double s = HoyerSparseness.Of<double>(x);
            Assert.InRange(s, 0, 1);
            var scaled = x.Select(v => -v * scale / 7.0).ToArray();
            Assert.Equal(s, HoyerSparseness.Of<double>(scaled), 9);
        });

    [Fact]
    public void ConcentratingMass_IncreasesSparseness()
    {
        // Moving weight from a spread-out vector onto one entry must raise the measure step by step.
        double previous = -1;
        for (int step = 0; step <= 10; step++)
        {
            var x = Enumerable.Repeat(1.0, 10).ToArray();
            x[0] += step * 5;
            double s = HoyerSparseness.Of<double>(x);
            Assert.True(s > previous, $"step {step}: {s} ≤ {previous}");
            previous = s;
        }
    }

    [Fact]
    public void Rows_AreMeasuredOneByOne_AndMeanIsTheirAverage()
    {
        var m = Matrix<double>.FromArray(new double[,] { { 0, 0, 4, 0 }, { 1, 1, 1, 1 }, { 1, 1, 0, 0 } });
        var rows = HoyerSparseness.OfRows<double>(m);
        Assert.Equal(3, rows.Length);
        Assert.Equal(1.0, rows[0], 12);
        Assert.Equal(0.0, rows[1], 12);
        Assert.Equal(2 - Math.Sqrt(2), rows[2], 12);
        Assert.Equal(rows.Average(), HoyerSparseness.MeanOfRows<double>(m), 12);
    }

    [Fact]
    public void BadInput_ThrowsArgumentException_NamingTheProblem()
    {
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => HoyerSparseness.Of<double>([1.0])).Message);
        Assert.Contains("entry 1", Assert.Throws<ArgumentException>(() => HoyerSparseness.Of<double>([1.0, double.NaN])).Message);
        var m = new Matrix<float>(2, 3);
        m[1, 2] = float.PositiveInfinity;
        Assert.Contains("(1, 2)", Assert.Throws<ArgumentException>(() => HoyerSparseness.OfRows<float>(m)).Message);
        Assert.Contains("0×3", Assert.Throws<ArgumentException>(() => HoyerSparseness.MeanOfRows<float>(new Matrix<float>(0, 3))).Message);
    }
}
