// The tiled β-divergence against a naive full-WH reference, its parallel determinism, and the penalty.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Tests.Losses;

public class BetaDivergenceTests
{
    private static readonly double[] Betas = [2.0, 1.0, 0.0, 0.5, 1.5, 3.0, -0.5];

    /// <summary>Shapes that straddle the 128×128 tile and the vector widths; β ≤ 0 gets no zeros in X (undefined there).</summary>
    private static Gen<(int M, int N, int K, double Beta, int Seed)> Problems =>
        from m in Gen.Elements(1, 3, 17, 127, 128, 129, 200)
        from n in Gen.Elements(1, 7, 8, 9, 16, 33, 130)
        from k in Gen.Choose(1, 6)
        from beta in Gen.Elements(Betas)
        from seed in Gen.Choose(0, 100_000)
        select (m, n, k, beta, seed);

    [Property(MaxTest = 40)]
    public Property Divergence_MatchesNaiveReference_Float64() =>
        Prop.ForAll(Problems.ToArbitrary(), p =>
        {
            var rng = new System.Random(p.Seed);
            var x = MuTestSupport.Random<double>(rng, p.M, p.N, 0.0, 2.0, zeros: p.Beta > 0 ? 0.2 : 0.0);
            // Zeros in W and H test the WH = 0 guard; for β < 0, Σ WH^β itself is infinite there, so none.
            var w = MuTestSupport.Random<double>(rng, p.M, p.K, zeros: p.Beta >= 0 ? 0.1 : 0.0);
            var h = MuTestSupport.Random<double>(rng, p.K, p.N, zeros: p.Beta >= 0 ? 0.1 : 0.0);
            double expected = NaiveDivergence.Compute(x, w, h, p.Beta);
            double actual = BetaDivergence.Compute<double>(x, w, h, p.Beta, 2);
            Assert.True(Math.Abs(actual - expected) <= 1e-11 * Math.Max(1.0, Math.Abs(expected)),
                $"β={p.Beta} {p.M}×{p.N} k={p.K}: {actual:R} vs naive {expected:R}");
        });

    [Property(MaxTest = 20)]
    public Property Divergence_MatchesNaiveReference_Float32() =>
        Prop.ForAll(Problems.ToArbitrary(), p =>
        {
            var rng = new System.Random(p.Seed);
            var x = MuTestSupport.Random<float>(rng, p.M, p.N, 0.0, 2.0, zeros: p.Beta > 0 ? 0.2 : 0.0);
            var w = MuTestSupport.Random<float>(rng, p.M, p.K);
            var h = MuTestSupport.Random<float>(rng, p.K, p.N);
            double expected = NaiveDivergence.Compute(x, w, h, p.Beta);
            double actual = BetaDivergence.Compute<float>(x, w, h, p.Beta, 1);
            // float32 WH tiles and logs: relative error of a few float32 ulps per term, on a sum of positive terms
            // (the absolute floor covers near-perfect fits, where D is a small difference).
            Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Abs(expected) + 1e-5 * p.M * p.N,
                $"β={p.Beta} {p.M}×{p.N} k={p.K}: {actual:R} vs naive {expected:R}");
        });

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void Divergence_IsBitwiseIdenticalForAnyThreadCount(double beta)
    {
        var rng = new System.Random(7);
        var x = MuTestSupport.Random<double>(rng, 300, 260, zeros: beta > 0 ? 0.2 : 0.0);
        var w = MuTestSupport.Random<double>(rng, 300, 5);
        var h = MuTestSupport.Random<double>(rng, 5, 260);
        double one = BetaDivergence.Compute<double>(x, w, h, beta, 1);
        Assert.Equal(one, BetaDivergence.Compute<double>(x, w, h, beta, 2));
        Assert.Equal(one, BetaDivergence.Compute<double>(x, w, h, beta, 3));
    }

    [Fact]
    public void Divergence_ReadsStridedViews()
    {
        var rng = new System.Random(3);
        var big = MuTestSupport.Random<double>(rng, 20, 30);
        var w = MuTestSupport.Random<double>(rng, 10, 2);
        var h = MuTestSupport.Random<double>(rng, 2, 12);
        var view = big.AsReadOnlyMatrixSpan().Slice(5, 7, 10, 12);
        var dense = Matrix<double>.CopyOf(view);
        Assert.Equal(BetaDivergence.Compute<double>(dense, w, h, 1.0, 1), BetaDivergence.Compute<double>(view, w, h, 1.0, 1));
    }

    [Fact]
    public void Divergence_IsZeroForAnExactFactorization()
    {
        var rng = new System.Random(11);
        var w = MuTestSupport.Random<double>(rng, 9, 3);
        var h = MuTestSupport.Random<double>(rng, 3, 8);
        var wh = NaiveDivergence.Product(w, h);
        var x = new Matrix<double>(9, 8);
        for (int i = 0; i < 9; i++) for (int j = 0; j < 8; j++) x[i, j] = wh[i, j];
        foreach (double beta in Betas)
            Assert.True(Math.Abs(BetaDivergence.Compute<double>(x, w, h, beta, 1)) < 1e-12, $"β={beta}");
    }

    [Fact]
    public void Penalty_IsL1PlusHalfL2OfEachFactor()
    {
        var w = Matrix<double>.FromArray(new double[,] { { 1, 2 }, { 0, 3 } });
        var h = Matrix<double>.FromArray(new double[,] { { 0.5, 0 }, { 1, 2 } });
        var settings = new SolverSettings { MaxIterations = 1, Tolerance = 0, Beta = 2, L1W = 0.1, L2W = 0.2, L1H = 0.3, L2H = 0.4 };
        double expected = 0.1 * 6 + 0.5 * 0.2 * 14 + 0.3 * 3.5 + 0.5 * 0.4 * 5.25;
        Assert.Equal(expected, BetaDivergence.Penalty<double>(w, h, settings), 12);
    }

    [Fact]
    public void Divergence_RejectsMismatchedShapes_NamingThem()
    {
        var x = new Matrix<double>(4, 5);
        var w = new Matrix<double>(4, 2);
        var h = new Matrix<double>(3, 5);
        var e = Assert.Throws<ArgumentException>(() => BetaDivergence.Compute<double>(x, w, h, 2.0, 1));
        Assert.Contains("3×5", e.Message);
    }
}
