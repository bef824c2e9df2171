// FitRuns / NmfOptions.Runs: best by objective, reproducible bitwise whatever the thread count and schedule, runs replayable alone.
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.ModelSelection;

public class MultiRunTests
{
    private static readonly Matrix<double> X = TestData.Uniform(24, 14, 5);

    /// <summary>Large enough that a fit with 2 threads really splits its products (small ones run serially).</summary>
    private static readonly Matrix<double> Larger = TestData.Uniform(400, 150, 6);

    private static NmfOptions Options(int runs, int threads, double beta = NmfLoss.Frobenius, NmfSolver solver = NmfSolver.Hals) => new()
    {
        Rank = 3, Runs = runs, Seed = 11, MaxDegreeOfParallelism = threads, Beta = beta, Solver = solver, MaxIterations = 60,
    };

    [Theory]
    [InlineData(NmfLoss.Frobenius, NmfSolver.Hals)]
    [InlineData(NmfLoss.KullbackLeibler, NmfSolver.MultiplicativeUpdate)]
    [InlineData(NmfLoss.Frobenius, NmfSolver.Anls)]
    public void FitRuns_SameSeed_SameRunsBitwise_WhateverThreadCountAndSchedule(double beta, NmfSolver solver)
    {
        var x = Larger.AsReadOnlyMatrixSpan();
        var options = Options(5, 1, beta, solver) with { MaxIterations = 12 };
        var serial = NonNegativeMatrixFactorization.FitRuns(x, options, true, null, forceConcurrent: false, default);
        var concurrent = NonNegativeMatrixFactorization.FitRuns(x, options with { MaxDegreeOfParallelism = -1 }, true, null, forceConcurrent: true, default);
        var threadedOneByOne = NonNegativeMatrixFactorization.FitRuns(x, options with { MaxDegreeOfParallelism = 2 }, true, null, forceConcurrent: false, default);
        foreach (var other in new[] { concurrent, threadedOneByOne })
        {
            Assert.Equal(serial.Seeds, other.Seeds);
            Assert.Equal(serial.Objectives, other.Objectives);
            Assert.Equal(serial.BestRun, other.BestRun);
            for (int r = 0; r < 5; r++)
            {
                MatrixAssert.BitwiseEqual(serial.AllRuns![r].W, other.AllRuns![r].W);
                MatrixAssert.BitwiseEqual(serial.AllRuns[r].H, other.AllRuns[r].H);
            }
        }
        Assert.Equal(-1, concurrent.Best.Options.MaxDegreeOfParallelism); // recorded as asked, not as each concurrent run ran
        Assert.Equal(1, concurrent.Best.Options.Runs);
        Assert.Equal(concurrent.Seeds[concurrent.BestRun], concurrent.Best.Options.Seed);
        Assert.True(concurrent.Concurrent);
        Assert.False(serial.Concurrent);
    }

    [Fact]
    public void FitRuns_Sparse_SameRunsBitwise_WhateverSchedule()
    {
        var sparse = CsrMatrix<double>.FromDense(X.AsReadOnlyMatrixSpan());
        var serial = NonNegativeMatrixFactorization.FitRuns(sparse, Options(5, 1), true, null, forceConcurrent: false, default);
        var concurrent = NonNegativeMatrixFactorization.FitRuns(sparse, Options(5, -1), true, null, forceConcurrent: true, default);
        Assert.Equal(serial.Objectives, concurrent.Objectives);
        for (int r = 0; r < 5; r++) MatrixAssert.BitwiseEqual(serial.AllRuns![r].W, concurrent.AllRuns![r].W);
    }

    [Fact]
    public void FitRuns_BestIsTheRunWithTheLowestObjective()
    {
        var result = NonNegativeMatrixFactorization.FitRuns(X, Options(6, -1), keepAllRuns: true);
        Assert.Equal(6, result.Count);
        Assert.Equal(result.Objectives.Min(), result.Objectives[result.BestRun]);
        Assert.Same(result.AllRuns![result.BestRun], result.Best);
        Assert.Equal(result.Objectives.Distinct().Count(), result.Objectives.Count); // different starts, different ends
        double expected = 0.5 * result.Best.ReconstructionError * result.Best.ReconstructionError;
        Assert.Equal(expected, result.Objectives[result.BestRun], 12);
    }

    [Fact]
    public void FitRuns_EachRunReplaysAloneFromItsSeed()
    {
        var result = NonNegativeMatrixFactorization.FitRuns(X, Options(4, -1), keepAllRuns: true);
        for (int r = 0; r < 4; r++)
        {
            var alone = NonNegativeMatrixFactorization.Fit(X, Options(1, 1) with { Seed = result.Seeds[r], Init = NmfInit.Random });
            MatrixAssert.BitwiseEqual(alone.W, result.AllRuns![r].W);
            Assert.Equal(result.Seeds[r], result.AllRuns[r].Seed);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FitRuns_Mu_EachRunReplaysAlone_SoReusedWorkspacesChangeNothing(bool concurrent)
    {
        // Runs after the first on a worker reuse its (cleared) workspaces; a lone fit allocates fresh ones.
        var options = Options(5, -1, NmfLoss.KullbackLeibler, NmfSolver.MultiplicativeUpdate) with { MaxIterations = 15 };
        var result = NonNegativeMatrixFactorization.FitRuns(Larger.AsReadOnlyMatrixSpan(), options, true, null, concurrent, default);
        for (int r = 0; r < 5; r++)
        {
            var alone = NonNegativeMatrixFactorization.Fit(Larger, options with { Runs = 1, Seed = result.Seeds[r], Init = NmfInit.Random, MaxDegreeOfParallelism = 1 });
            MatrixAssert.BitwiseEqual(alone.W, result.AllRuns![r].W);
            MatrixAssert.BitwiseEqual(alone.H, result.AllRuns[r].H);
            Assert.Equal(alone.ReconstructionError, result.AllRuns[r].ReconstructionError);
        }
    }

    [Fact]
    public void FitRuns_RunSeeds_DependOnlyOnBaseSeedAndIndex()
    {
        var three = NonNegativeMatrixFactorization.FitRuns(X, Options(3, -1), keepAllRuns: true);
        var five = NonNegativeMatrixFactorization.FitRuns(X, Options(5, -1), keepAllRuns: true);
        Assert.Equal(three.Seeds, five.Seeds.Take(3));
        for (int r = 0; r < 3; r++) MatrixAssert.BitwiseEqual(three.AllRuns![r].H, five.AllRuns![r].H);
    }

    [Fact]
    public void Fit_WithRuns_ReturnsTheBestOfFitRuns()
    {
        var best = NonNegativeMatrixFactorization.Fit(X, Options(5, -1));
        var runs = NonNegativeMatrixFactorization.FitRuns(X, Options(5, -1));
        MatrixAssert.BitwiseEqual(runs.Best.W, best.W);
        Assert.Null(runs.AllRuns);
        Assert.Equal(NmfInit.Random, best.Init); // Auto would repeat one deterministic start
    }

    [Fact]
    public void FitRuns_WithoutSeed_ReportsTheBaseSeed_AndItReproduces()
    {
        var a = NonNegativeMatrixFactorization.FitRuns(X, Options(3, -1) with { Seed = null });
        var b = NonNegativeMatrixFactorization.FitRuns(X, Options(3, -1) with { Seed = a.BaseSeed });
        Assert.Equal(a.Objectives, b.Objectives);
    }

    [Fact]
    public void FitRuns_RejectsBadRunsAndCustomRestarts_NamingTheValue()
    {
        var zero = Assert.ThrowsAny<ArgumentException>(() => NonNegativeMatrixFactorization.FitRuns(X, Options(0, 1)));
        Assert.Contains("Runs", zero.Message, StringComparison.Ordinal);
        var custom = Options(3, 1) with { Init = NmfInit.Custom, InitialW = new Matrix<double>(24, 3), InitialH = new Matrix<double>(3, 14) };
        var e = Assert.ThrowsAny<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(X, custom));
        Assert.Contains("Custom", e.Message, StringComparison.Ordinal);
        var negative = X.Clone();
        negative[2, 3] = -1;
        var bad = Assert.ThrowsAny<ArgumentException>(() => NonNegativeMatrixFactorization.FitRuns(negative, Options(3, -1)));
        Assert.Contains("(2, 3)", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restarts_RunConcurrently_OnlyWithSeveralRunsAndCores_AndBelowTheSizeLimit()
    {
        Assert.False(RestartScheduling.RunConcurrently(30, RestartScheduling.SequentialFromEntries, -1));
        Assert.False(RestartScheduling.RunConcurrently(1, 100, -1));
        Assert.False(RestartScheduling.RunConcurrently(30, 100, 1));
        Assert.Equal(Environment.ProcessorCount > 1, RestartScheduling.RunConcurrently(30, 100, -1));
    }

    [Fact]
    public void FitRuns_Cancelled_ReturnsUnconvergedRuns()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var result = NonNegativeMatrixFactorization.FitRuns(X, Options(3, -1) with { Tolerance = 0 }, cancellationToken: cts.Token);
        Assert.False(result.Best.Converged);
        Assert.All(result.Objectives, o => Assert.True(double.IsFinite(o)));
    }
}
