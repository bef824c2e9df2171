// Fit's contract beyond the numbers: seeds, init reporting, cancellation, time budget, progress, inverse transform.
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Api;

public class NmfFitBehaviourTests
{
    private static readonly Matrix<double> X = TestData.Uniform(30, 20, 2);

    private sealed class SyncProgress(Action<NmfProgress> onReport) : IProgress<NmfProgress>
    {
        public void Report(NmfProgress value) => onReport(value);
    }

    [Fact]
    public void Fit_SameSeed_SameFactors()
    {
        var a = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 42 });
        var b = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 42 });
        MatrixAssert.BitwiseEqual(a.W, b.W);
        MatrixAssert.BitwiseEqual(a.H, b.H);
        Assert.Equal(42, a.Seed);
        Assert.Equal(NmfInit.Random, a.Init);
    }

    [Fact]
    public void Fit_WithoutSeed_ReportsTheSeedItDrew_AndItReproduces()
    {
        var a = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random });
        var b = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = a.Seed });
        MatrixAssert.BitwiseEqual(a.W, b.W);
    }

    [Fact]
    public void Fit_AutoInit_ResolvesLikeSklearn()
    {
        var r = NonNegativeMatrixFactorization.Fit(TestData.Uniform(4, 3, 1), new NmfOptions { Rank = 5, Seed = 0 });
        Assert.Equal(NmfInit.Random, r.Init);
    }

    [Fact]
    public void Fit_CancelledDuringFit_StopsBetweenIterations_NotConverged()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Iteration == 3) cts.Cancel(); });
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 0, Tolerance = 0 }, progress, cts.Token);
        Assert.Equal(3, r.Iterations);
        Assert.False(r.Converged);
        MatrixAssert.NonNegative(r.W);
        Assert.True(double.IsFinite(r.RelativeError));
    }

    [Fact]
    public void Fit_TimeBudgetSpent_StopsNotConverged()
    {
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 0, Tolerance = 0, MaxIterations = 1_000_000, TimeBudget = TimeSpan.FromMilliseconds(50) });
        Assert.False(r.Converged);
        Assert.True(r.Iterations < 1_000_000);
    }

    [Fact]
    public void Fit_ReportsEveryIterationToProgress()
    {
        var seen = new List<NmfProgress>();
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 0, MaxIterations = 12, Tolerance = 0 }, new SyncProgress(seen.Add));
        Assert.Equal(Enumerable.Range(0, 13), seen.Select(p => p.Iteration));
        Assert.Equal(seen, r.Trace);
        Assert.False(r.Converged);
    }

    [Fact]
    public void Fit_ConvergesWithDefaultTolerance()
    {
        var (x, _, _) = TestData.Planted(30, 20, 2, 4);
        var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0, MaxIterations = 2000 });
        Assert.True(r.Converged);
        Assert.True(r.Iterations < 2000);
    }

    [Fact]
    public void InverseTransform_IsWTimesH()
    {
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 0 });
        var wh = r.InverseTransform(r.W);
        double err = 0, norm = 0;
        for (int i = 0; i < X.Rows; i++)
            for (int j = 0; j < X.Cols; j++)
            {
                err += (X[i, j] - wh[i, j]) * (X[i, j] - wh[i, j]);
                norm += X[i, j] * X[i, j];
            }
        Assert.Equal(Math.Sqrt(err), r.ReconstructionError, 1e-9);
        Assert.Equal(Math.Sqrt(err / norm), r.RelativeError, 1e-12);
    }

    [Fact]
    public void Fit_FloatAndDoubleAgreeClosely()
    {
        var d = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Init = NmfInit.Custom, InitialW = TestData.Uniform(30, 3, 5), InitialH = TestData.Uniform(3, 20, 6), MaxIterations = 20, Tolerance = 0 });
        var f = NonNegativeMatrixFactorization.Fit(MatrixAssert.Convert<float>(X), d.Options);
        Assert.Equal(d.RelativeError, f.RelativeError, 1e-4);
    }

    [Theory]
    [InlineData(NmfLoss.Frobenius)]
    [InlineData(NmfLoss.KullbackLeibler)]
    [InlineData(1.5)]
    public void Fit_MultiplicativeUpdate_RunsThroughTheApi_AndTransformUpdatesWOnly(double beta)
    {
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 3, Solver = NmfSolver.MultiplicativeUpdate, Beta = beta, Init = NmfInit.Random, Seed = 0, MaxIterations = 50 });
        MatrixAssert.NonNegative(r.W);
        MatrixAssert.NonNegative(r.H);
        Assert.True(double.IsFinite(r.ReconstructionError) && r.ReconstructionError > 0);
        Assert.True(r.RelativeError is > 0 and < 1);
        var w = r.Transform(X);
        Assert.Equal((X.Rows, 3), (w.Rows, w.Cols));
        MatrixAssert.NonNegative(w);
    }
}
