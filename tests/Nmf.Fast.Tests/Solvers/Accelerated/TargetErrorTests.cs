// TargetError: every Frobenius solver stops after the first iteration whose relative error is ≤ the target, and reports it.
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Solvers.Accelerated;

public class TargetErrorTests
{
    public static TheoryData<NmfSolver> FrobeniusSolvers => new()
    {
        NmfSolver.Hals, NmfSolver.MultiplicativeUpdate, NmfSolver.HalsAccelerated, NmfSolver.Anls, NmfSolver.Auto,
    };

    [Theory]
    [MemberData(nameof(FrobeniusSolvers))]
    public void TargetError_StopsAtTheFirstIterationAtOrBelowTheTarget(NmfSolver solver)
    {
        var (planted, _, _) = TestData.Planted(80, 60, 4, 3);
        var noise = TestData.Uniform(80, 60, 9, scale: 0.01);
        var x = planted.Clone();
        for (int i = 0; i < x.AsSpan().Length; i++) x.AsSpan()[i] += noise.AsSpan()[i];
        var options = new NmfOptions { Rank = 4, Solver = solver, Init = NmfInit.Random, Seed = 5, MaxIterations = 300, Tolerance = 0 };
        var full = NonNegativeMatrixFactorization.Fit(x, options);
        Assert.Null(full.TargetIteration);

        // A target between the errors reported halfway and at the end.
        var reported = full.Trace.Where(p => p.Iteration > 0).ToArray();
        double target = Math.Sqrt(reported[reported.Length / 2].RelativeError * reported[^1].RelativeError);
        var first = reported.First(p => p.RelativeError <= target);

        var stopped = NonNegativeMatrixFactorization.Fit(x, options with { TargetError = target });
        Assert.Equal(first.Iteration, stopped.TargetIteration);
        Assert.Equal(first.Iteration, stopped.Iterations);
        Assert.True(stopped.Converged);
        Assert.NotNull(stopped.TargetElapsed);
        Assert.True(stopped.RelativeError <= target * (1 + 1e-9), $"exact error {stopped.RelativeError} above target {target}");
        Assert.True(stopped.Trace.Take(stopped.Trace.Count - 1).All(p => !(p.RelativeError <= target)), "an earlier point had reached the target");
    }

    [Fact]
    public void TargetError_AlreadyMetByTheInitialFactors_StopsAtIterationZero()
    {
        var x = TestData.Uniform(10, 8, 1);
        var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Solver = NmfSolver.HalsAccelerated, Init = NmfInit.Random, Seed = 1, TargetError = 10 });
        Assert.Equal(0, r.TargetIteration);
        Assert.Equal(0, r.Iterations);
    }

    [Fact]
    public void TargetError_WithRegularisation_IsHonouredByTheFastSolvers_AndRejectedForHals()
    {
        var x = TestData.Uniform(30, 20, 2);
        var options = new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 1, AlphaW = 0.01, MaxIterations = 50, Tolerance = 0 };
        var full = NonNegativeMatrixFactorization.Fit(x, options with { Solver = NmfSolver.Anls });
        double target = full.Trace[3].RelativeError;
        var r = NonNegativeMatrixFactorization.Fit(x, options with { Solver = NmfSolver.Anls, TargetError = target });
        Assert.True(r.TargetIteration <= 3);
        Assert.True(r.RelativeError <= target * (1 + 1e-9));
        options = options with { TargetError = target };
        var e = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, options with { Solver = NmfSolver.Hals }));
        Assert.Contains("TargetError", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void TargetError_Invalid_IsRejected(double target)
    {
        var x = TestData.Uniform(5, 4, 1);
        var e = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, TargetError = target }));
        Assert.Contains("TargetError", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetError_WithNonFrobeniusLoss_IsRejected()
    {
        var x = TestData.Uniform(5, 4, 1);
        var e = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Solver = NmfSolver.MultiplicativeUpdate, Beta = 1, TargetError = 0.1 }));
        Assert.Contains("β = 2", e.Message, StringComparison.Ordinal);
    }
}
