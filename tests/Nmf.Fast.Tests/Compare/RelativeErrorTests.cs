// Tests of the one error measure applied to every library: ‖X − WH‖_F / ‖X‖_F from the factors.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Cli.Compare;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Compare;

public class RelativeErrorTests
{
    [Fact]
    public void RelativeError_MatchesHandComputation()
    {
        var x = Matrix<double>.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var w = Matrix<double>.FromArray(new double[,] { { 1 }, { 2 } });
        var h = Matrix<double>.FromArray(new double[,] { { 1, 1 } });
        // WH = [[1, 1], [2, 2]]; residual = [[0, 1], [1, 2]] → ‖R‖² = 6; ‖X‖² = 30.
        double expected = Math.Sqrt(6.0 / 30.0);
        Assert.Equal(expected, RelativeError.Of(x, w, h), 14);
    }

    [Fact]
    public void RelativeError_IsZero_ForAnExactFactorization_AndNaN_ForNaNFactors()
    {
        var w = Matrix<double>.FromArray(new double[,] { { 1, 0 }, { 0.5, 2 }, { 3, 1 } });
        var h = Matrix<double>.FromArray(new double[,] { { 1, 2, 0 }, { 0, 1, 4 } });
        var x = Product(w, h);
        Assert.Equal(0, RelativeError.Of(x, w, h));
        h[1, 2] = double.NaN;
        Assert.True(double.IsNaN(RelativeError.Of(x, w, h)));
    }

    [Fact]
    public void RelativeError_RejectsFactorsOfTheWrongShape()
    {
        var x = new Matrix<double>(3, 4);
        var e = Assert.Throws<ArgumentException>(() => RelativeError.Of(x, new Matrix<double>(3, 2), new Matrix<double>(2, 5)));
        Assert.Contains("3×4", e.Message);
    }

    [Property(MaxTest = 50)]
    public Property RelativeError_IsInvariantToScalingXAndW_AndAgreesWithTheLossForm()
    {
        var gen = from m in Gen.Choose(1, 7)
                  from n in Gen.Choose(1, 7)
                  from k in Gen.Choose(1, 4)
                  from seed in Gen.Choose(0, 10_000)
                  from scale in Gen.Choose(1, 1000)
                  select (m, n, k, seed, scale / 10.0);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (m, n, k, seed, c) = t;
            var rng = new System.Random(seed);
            var x = Random(m, n, rng, 0.1);
            var w = Random(m, k, rng, 0);
            var h = Random(k, n, rng, 0);
            double e = RelativeError.Of(x, w, h);
            Scale(x, c);
            Scale(w, c);
            double scaled = RelativeError.Of(x, w, h);
            // The loss form used for Nmf.Fast's trace: √(2·½‖R‖²)/‖X‖.
            double residual = SquaredResidual(x, w, h), xNorm = Math.Sqrt(SquaredResidual(x, new Matrix<double>(m, k), h));
            double fromLoss = RelativeError.FromHalfSquaredLoss(0.5 * residual, xNorm);
            return Math.Abs(e - scaled) <= 1e-12 * (1 + e) && Math.Abs(fromLoss - scaled) <= 1e-12 * (1 + e);
        });
    }

    [Property(MaxTest = 50)]
    public Property SparseRelativeError_MatchesTheDenseOneOnTheDenseCopy()
    {
        var gen = from m in Gen.Choose(1, 9)
                  from n in Gen.Choose(1, 9)
                  from k in Gen.Choose(1, 4)
                  from density in Gen.Choose(0, 100)
                  from seed in Gen.Choose(0, 10_000)
                  select (m, n, k, density / 100.0, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (m, n, k, density, seed) = t;
            var rng = new System.Random(seed);
            var x = Random(m, n, rng, 0.1);
            foreach (ref var v in x.AsSpan()) if (rng.NextDouble() >= density) v = 0;
            var w = Random(m, k, rng, 0);
            var h = Random(k, n, rng, 0);
            double dense = RelativeError.Of(x, w, h);
            double sparse = RelativeError.Of(CsrMatrix<double>.FromDense(x), w, h);
            return dense == sparse || Math.Abs(dense - sparse) <= 1e-10 * (1 + dense);
        });
    }

    [Fact]
    public void SparseRelativeError_IsZeroForAnExactFactorization_NaNForNaNFactors_AndChecksShapes()
    {
        var w = Matrix<double>.FromArray(new double[,] { { 1, 0 }, { 0, 2 }, { 3, 0 } });
        var h = Matrix<double>.FromArray(new double[,] { { 1, 0, 0 }, { 0, 0, 4 } });
        var x = CsrMatrix<double>.FromDense(Product(w, h));
        Assert.Equal(3, x.NonZeroCount);
        Assert.Equal(0, RelativeError.Of(x, w, h));
        h[1, 2] = double.NaN;
        Assert.True(double.IsNaN(RelativeError.Of(x, w, h)));
        Assert.Equal(0, RelativeError.Of(CsrMatrix<double>.FromDense(new Matrix<double>(3, 3)), new Matrix<double>(3, 2), new Matrix<double>(2, 3)));
        var e = Assert.Throws<ArgumentException>(() => RelativeError.Of(x, new Matrix<double>(3, 2), new Matrix<double>(2, 5)));
        Assert.Contains("3×3", e.Message);
    }

    internal static Matrix<double> Product(Matrix<double> w, Matrix<double> h)
    {
        var x = new Matrix<double>(w.Rows, h.Cols);
        for (int i = 0; i < w.Rows; i++)
            for (int j = 0; j < h.Cols; j++)
                for (int p = 0; p < w.Cols; p++)
                    x[i, j] += w[i, p] * h[p, j];
        return x;
    }

    private static Matrix<double> Random(int rows, int cols, System.Random rng, double offset)
    {
        var m = new Matrix<double>(rows, cols);
        foreach (ref var v in m.AsSpan()) v = offset + rng.NextDouble();
        return m;
    }

    private static void Scale(Matrix<double> m, double c)
    {
        foreach (ref var v in m.AsSpan()) v *= c;
    }

    private static double SquaredResidual(Matrix<double> x, Matrix<double> w, Matrix<double> h)
    {
        var wh = Product(w, h);
        double sum = 0;
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Cols; j++)
                sum += (x[i, j] - wh[i, j]) * (x[i, j] - wh[i, j]);
        return sum;
    }
}
