// MU properties: non-negativity, monotone objective, tiling against a naive reference, determinism, stopping.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

public class MultiplicativeUpdateTests
{
    private static readonly double[] Betas = [2.0, 1.0, 0.0, 0.5, 1.5, 3.0];

    private static Gen<(int M, int N, int K, double Beta, int Seed)> Problems =>
        from m in Gen.Choose(1, 40)
        from n in Gen.Choose(1, 40)
        from k in Gen.Choose(1, 6)
        from beta in Gen.Elements(Betas)
        from seed in Gen.Choose(0, 100_000)
        select (m, n, k, beta, seed);

    /// <summary>
    /// What theory guarantees: for 1 ≤ β ≤ 2 (γ = 1) MU is a majorisation–minimisation step (Lee &amp; Seung 2001;
    /// Kompass 2007), and for β &lt; 1 and β &gt; 2 it is one with the exponent γ (Févotte &amp; Idier 2011,
    /// Theorem 1), so D_β never increases. The ε guards and scikit-learn's zeroing below 2⁻⁵² change values by
    /// less than rounding here; the slack is rounding: 1e-12 of the loss plus 1e-12·ΣX, the floor at which D_β
    /// (a difference of sums of size ΣX for β ≠ 2) is resolved once k lets WH fit X exactly.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Mu_NeverIncreasesObjective_AndKeepsFactorsNonNegative() =>
        Prop.ForAll(Problems.ToArbitrary(), p =>
        {
            var rng = new System.Random(p.Seed);
            var x = MuTestSupport.Random<double>(rng, p.M, p.N, 0.01, 3.0, zeros: p.Beta > 0 ? 0.2 : 0.0);
            var w = MuTestSupport.Random<double>(rng, p.M, p.K, 0.1, 1.0);
            var h = MuTestSupport.Random<double>(rng, p.K, p.N, 0.1, 1.0);
            AssertMonotone(x, w, h, MuTestSupport.Settings(p.M, p.N, p.Beta, 1, 0), $"β={p.Beta} {p.M}×{p.N} k={p.K}");
        });

    /// <summary>
    /// With penalties the step is still MM where the penalty's majoriser is exact: L1 and L2 for β = 2 (the
    /// diagonal majoriser of HHᵀ + L2·I, Lee &amp; Seung's proof), L1 for KL (a linear term).
    /// </summary>
    [Theory]
    [InlineData(2.0, 0.05, 0.5)]
    [InlineData(2.0, 0.05, 0.0)]
    [InlineData(1.0, 0.05, 1.0)]
    public void Mu_NeverIncreasesRegularisedObjective(double beta, double alpha, double l1Ratio)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var rng = new System.Random(seed);
            var x = MuTestSupport.Random<double>(rng, 15, 12, zeros: 0.1);
            var w = MuTestSupport.Random<double>(rng, 15, 4);
            var h = MuTestSupport.Random<double>(rng, 4, 12);
            AssertMonotone(x, w, h, MuTestSupport.Settings(15, 12, beta, 1, 0, alpha, alpha, l1Ratio), $"β={beta} seed {seed}");
        }
    }

    private static void AssertMonotone(Matrix<double> x, Matrix<double> w, Matrix<double> h, SolverSettings oneIteration, string what)
    {
        double slack = 1e-12 * x.AsSpan().ToArray().Sum();
        for (int it = 0; it < 25; it++)
        {
            var (_, _, trace) = MuTestSupport.Run(x, w, h, oneIteration);
            double before = trace[0].Loss, after = trace[^1].Loss;
            Assert.True(after <= before + 1e-12 * Math.Abs(before) + slack, $"{what}: objective rose from {before:R} to {after:R} at iteration {it + 1}");
            foreach (double v in w.AsSpan()) Assert.True(v >= 0, $"{what}: negative W");
            foreach (double v in h.AsSpan()) Assert.True(v >= 0, $"{what}: negative H");
        }
    }

    /// <summary>Shapes over several 128×128 tiles: the tiled updates equal a full-WH reference.</summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void TiledMu_MatchesNaiveFullProductMu(double beta)
    {
        var rng = new System.Random(5);
        var x = MuTestSupport.Random<double>(rng, 150, 140, 0.05, 2.0, zeros: beta > 0 ? 0.1 : 0.0);
        var w = MuTestSupport.Random<double>(rng, 150, 4);
        var h = MuTestSupport.Random<double>(rng, 4, 140);
        var (wRef, hRef) = (w.Clone(), h.Clone());
        MuTestSupport.Run(x, w, h, MuTestSupport.Settings(150, 140, beta, 4, 0, dop: 2));
        for (int it = 0; it < 4; it++) NaiveMu.Iterate(x, wRef, hRef, beta);
        Assert.True(MuTestSupport.MaxRelativeDifference(w, wRef.AsSpan().ToArray()) < 1e-11);
        Assert.True(MuTestSupport.MaxRelativeDifference(h, hRef.AsSpan().ToArray()) < 1e-11);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void Mu_IsBitwiseIdenticalForAnyThreadCount(double beta)
    {
        var rng = new System.Random(9);
        var x = MuTestSupport.Random<double>(rng, 300, 270, zeros: beta > 0 ? 0.1 : 0.0);
        var w0 = MuTestSupport.Random<double>(rng, 300, 5);
        var h0 = MuTestSupport.Random<double>(rng, 5, 270);
        Matrix<double>? firstW = null, firstH = null;
        foreach (int dop in new[] { 1, 2, 3 })
        {
            var (w, h) = (w0.Clone(), h0.Clone());
            MuTestSupport.Run(x, w, h, MuTestSupport.Settings(300, 270, beta, 3, 0, 0.01, 0.01, 0.5, dop));
            if (firstW is null) { (firstW, firstH) = (w, h); continue; }
            Assert.True(firstW.AsSpan().SequenceEqual(w.AsSpan()), $"W differs with {dop} threads");
            Assert.True(firstH!.AsSpan().SequenceEqual(h.AsSpan()), $"H differs with {dop} threads");
        }
    }

    [Fact]
    public void Mu_ReportsInitialEveryTenthAndLastLoss_WhenATolerance()
    {
        var rng = new System.Random(1);
        var x = MuTestSupport.Random<double>(rng, 10, 8);
        var (w, h) = (MuTestSupport.Random<double>(rng, 10, 2), MuTestSupport.Random<double>(rng, 2, 8));
        var (iterations, converged, trace) = MuTestSupport.Run(x, w.Clone(), h.Clone(), MuTestSupport.Settings(10, 8, 1.0, 25, 1e-12));
        Assert.Equal(25, iterations);
        Assert.False(converged);
        Assert.Equal(new[] { 0, 10, 20, 25 }, trace.Select(t => t.Iteration));

        (iterations, _, trace) = MuTestSupport.Run(x, w, h, MuTestSupport.Settings(10, 8, 1.0, 25, 0));
        Assert.Equal(new[] { 0, 25 }, trace.Select(t => t.Iteration));
    }

    [Fact]
    public void Mu_StopsOnTolerance_AtACheckIteration_AndSaysConverged()
    {
        var rng = new System.Random(2);
        var x = MuTestSupport.Random<double>(rng, 12, 9);
        var (w, h) = (MuTestSupport.Random<double>(rng, 12, 3), MuTestSupport.Random<double>(rng, 3, 9));
        var (iterations, converged, _) = MuTestSupport.Run(x, w, h, MuTestSupport.Settings(12, 9, 2.0, 5000, 1e-3));
        Assert.True(converged);
        Assert.Equal(0, iterations % MultiplicativeUpdateSolver.CheckInterval);
        Assert.True(iterations < 5000);
    }

    [Fact]
    public void Mu_ReturnsEarlyNotConverged_WhenCancelled()
    {
        var rng = new System.Random(4);
        var x = MuTestSupport.Random<double>(rng, 12, 9);
        var (w, h) = (MuTestSupport.Random<double>(rng, 12, 3), MuTestSupport.Random<double>(rng, 3, 9));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var monitor = MuTestSupport.Monitor(cts.Token);
        var (iterations, converged) = MultiplicativeUpdateSolver.Run<double>(x, w, h, MuTestSupport.Settings(12, 9, 1.0, 200, 1e-4), monitor);
        Assert.Equal(1, iterations);
        Assert.False(converged);
        Assert.True(monitor.StoppedEarly);
    }

    [Fact]
    public void TransformMode_LeavesHUntouched()
    {
        var rng = new System.Random(6);
        var x = MuTestSupport.Random<double>(rng, 12, 9);
        var (w, h) = (MuTestSupport.Random<double>(rng, 12, 3), MuTestSupport.Random<double>(rng, 3, 9));
        var h0 = h.Clone();
        MuTestSupport.Run(x, w, h, MuTestSupport.Settings(12, 9, 1.0, 20, 0), updateH: false);
        Assert.True(h0.AsSpan().SequenceEqual(h.AsSpan()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void Step_FlushesSubnormalResultsToZero_InEveryVectorTierAndTail(int length)
    {
        // f·num/den = 1e-30 · 1e-10 / 1 = 1e-40, subnormal in float32: it must come out as 0, while 1e-30 stays.
        var f = Enumerable.Range(0, length).Select(i => 1e-30f).ToArray();
        var num = Enumerable.Range(0, length).Select(i => i % 2 == 0 ? 1e-10f : 1f).ToArray();
        var den = Enumerable.Repeat(1f, length).ToArray();
        new MultiplicativeStep<float>(0, 0, 1.0, zeroBelowFloat64Epsilon: false).Apply(f, num, den);
        for (int i = 0; i < length; i++) Assert.Equal(i % 2 == 0 ? 0f : 1e-30f, f[i]);
    }

    [Fact]
    public void Step_AddsL1AndL2ToTheDenominator_AndGuardsZeroWithEpsilon()
    {
        var f = new double[] { 2, 3, 1 };
        new MultiplicativeStep<double>(0.5, 0.25, 1.0, false).Apply(f, new double[] { 1, 1, 1 }, new double[] { 1, 0, -0.75 });
        Assert.Equal(2 * (1 / (1 + 0.5 + 0.5)), f[0]);
        Assert.Equal(3 * (1 / (0 + 0.5 + 0.75)), f[1]);
        Assert.Equal(1 / 1.1920928955078125e-07, f[2]); // -0.75 + 0.5 + 0.25 = 0 → ε
    }

    [Fact]
    public void Run_RejectsMismatchedShapes_NamingThem()
    {
        var x = new Matrix<double>(4, 5);
        var w = new Matrix<double>(4, 2);
        var h = new Matrix<double>(2, 6);
        var e = Assert.Throws<ArgumentException>(() => MuTestSupport.Run(x, w, h, MuTestSupport.Settings(4, 5, 2.0, 1, 0)));
        Assert.Contains("2×6", e.Message);
    }
}
