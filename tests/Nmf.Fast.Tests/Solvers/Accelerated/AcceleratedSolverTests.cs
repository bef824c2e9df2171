// Properties of accelerated HALS and ANLS (with extrapolation): monotone returned objective, planted recovery, thread independence, Auto.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Solvers;
using Nmf.Fast.Tests.Solvers.Hals;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.Solvers.Accelerated;

public class AcceleratedSolverTests
{
    public static TheoryData<NmfSolver> FastSolvers => new() { NmfSolver.HalsAccelerated, NmfSolver.Anls };

    private static Arbitrary<(int M, int N, int K, int Seed, bool Anls)> Cases(int maxM = 40, int maxN = 40, int maxK = 8) =>
        (from m in Gen.Choose(1, maxM)
         from n in Gen.Choose(1, maxN)
         from k in Gen.Choose(1, maxK)
         from seed in Gen.Choose(0, 1_000_000)
         from anls in Gen.Elements(false, true)
         select (m, n, k, seed, anls)).ToArbitrary();

    private static NmfSolver SolverOf(bool anls) => anls ? NmfSolver.Anls : NmfSolver.HalsAccelerated;

    /// <summary>40 iterations from a random start, with a seed-dependent mix of L1 and L2 regularisation (none for seed % 4 = 0).</summary>
    private static NmfOptions RegularisedOptions(int rank, int seed) => new()
    {
        Rank = rank, Init = NmfInit.Random, Seed = seed, MaxIterations = 40, Tolerance = 0,
        AlphaW = seed % 4 * 0.02, AlphaH = seed % 4 * 0.01, L1Ratio = seed % 5 / 4.0,
    };

    /// <summary>
    /// What is guaranteed with extrapolation: the objective of the iterate the fit would return after each iteration
    /// (the accepted one — a step that increases it is rejected and the next starts without momentum) never increases.
    /// The trace records exactly that sequence, and the returned factors are its last element.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property FastSolvers_NeverIncreaseTheReturnedObjective() =>
        Prop.ForAll(Cases(), s =>
        {
            var options = RegularisedOptions(s.K, s.Seed) with { Solver = SolverOf(s.Anls) };
            var r = NonNegativeMatrixFactorization.Fit(TestData.Uniform(s.M, s.N, s.Seed), options);
            double alpha = options.AlphaW;
            MatrixAssert.NonNegative(r.W);
            MatrixAssert.NonNegative(r.H);
            double slack = 1e-10 * (r.Trace[0].Loss + 1);
            for (int i = 1; i < r.Trace.Count; i++)
                if (r.Trace[i].Loss > r.Trace[i - 1].Loss + slack)
                    return false.Label($"loss rose at {i}: {r.Trace[i - 1].Loss} → {r.Trace[i].Loss}");
            double exactData = 0.5 * r.ReconstructionError * r.ReconstructionError;
            bool lastIsReturned = alpha != 0 || Math.Abs(r.Trace[^1].Loss - exactData) <= 1e-8 * (r.Trace[0].Loss + 1);
            return (r.Trace.Count == r.Iterations + 1 && lastIsReturned).Label($"trace {r.Trace.Count}, last {r.Trace[^1].Loss} vs exact {exactData}");
        });

    [Property(MaxTest = 12)]
    public Property FastSolvers_RecoverPlantedLowRank() =>
        Prop.ForAll(Cases(60, 50, 4).Generator.Where(s => s.M >= 20 && s.N >= 20).ToArbitrary(), s =>
        {
            var (x, _, _) = TestData.Planted(s.M, s.N, s.K, s.Seed);
            var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions
            {
                Rank = s.K, Solver = SolverOf(s.Anls), Init = NmfInit.Random, Seed = s.Seed, MaxIterations = 5000, Tolerance = 0, TargetError = 1e-7,
            });
            return (r.RelativeError < 1e-6).Label($"relative error {r.RelativeError} after {r.Iterations}");
        });

    [Theory]
    [MemberData(nameof(FastSolvers))]
    public void FastSolvers_ThreadCountDoesNotChangeBits(NmfSolver solver)
    {
        var x = TestData.Uniform(700, 300, 11);
        foreach (int threads in new[] { 2, 3 })
        {
            var one = NonNegativeMatrixFactorization.Fit(x, Options(solver, 1));
            var many = NonNegativeMatrixFactorization.Fit(x, Options(solver, threads));
            MatrixAssert.BitwiseEqual(one.W, many.W);
            MatrixAssert.BitwiseEqual(one.H, many.H);
            Assert.Equal(one.Trace.Select(p => p.Loss), many.Trace.Select(p => p.Loss));

            var xf = MatrixAssert.Convert<float>(x);
            var oneF = NonNegativeMatrixFactorization.Fit(xf, Options(solver, 1));
            var manyF = NonNegativeMatrixFactorization.Fit(xf, Options(solver, threads));
            MatrixAssert.BitwiseEqual(oneF.W, manyF.W);
            MatrixAssert.BitwiseEqual(oneF.H, manyF.H);
        }

        static NmfOptions Options(NmfSolver solver, int threads) =>
            new() { Rank = 16, Solver = solver, Init = NmfInit.Random, Seed = 3, MaxIterations = 12, Tolerance = 0, MaxDegreeOfParallelism = threads };
    }

    [Theory]
    [MemberData(nameof(FastSolvers))]
    public void FastSolvers_TraceRelativeErrorMatchesExact(NmfSolver solver)
    {
        var x = TestData.Uniform(60, 45, 5);
        var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 5, Solver = solver, Init = NmfInit.Random, Seed = 1, MaxIterations = 15, Tolerance = 0 });
        Assert.Equal(r.RelativeError, r.Trace[^1].RelativeError, 1e-10);
        Assert.Equal(solver, r.Solver);
    }

    [Fact]
    public void FastSolvers_ReachALowerErrorThanHalsInTheSameIterations()
    {
        var (x, _, _) = TestData.Planted(200, 150, 8, 4);
        double Error(NmfSolver solver) => NonNegativeMatrixFactorization.Fit(x, new NmfOptions
        {
            Rank = 8, Solver = solver, Init = NmfInit.Random, Seed = 2, MaxIterations = 30, Tolerance = 0,
        }).RelativeError;
        double hals = Error(NmfSolver.Hals);
        Assert.True(Error(NmfSolver.HalsAccelerated) < hals, "accelerated HALS");
        Assert.True(Error(NmfSolver.Anls) < hals, "ANLS");
    }

    [Fact]
    public void Auto_IsAnlsForFrobenius_AndMuOtherwise()
    {
        var x = TestData.Uniform(20, 15, 1, scale: 1) ;
        foreach (ref var v in x.AsSpan()) v += 0.1;
        var frobenius = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 3, Solver = NmfSolver.Auto, Seed = 0 });
        Assert.Equal(NmfSolver.Anls, frobenius.Solver);
        var kl = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 3, Solver = NmfSolver.Auto, Beta = NmfLoss.KullbackLeibler, Seed = 0, MaxIterations = 20 });
        Assert.Equal(NmfSolver.MultiplicativeUpdate, kl.Solver);
        Assert.True(kl.Transform(x).AsSpan().ToArray().All(v => v >= 0));
        Assert.Equal(3, frobenius.Transform(x).Cols);
    }

    [Theory]
    [InlineData(2000, 1000, 20, false, NmfSolver.Anls)]     // measured: ANLS 2× fewer iterations to 1.01×best
    [InlineData(2000, 1000, 30, false, NmfSolver.Anls)]
    [InlineData(4000, 1000, 20, false, NmfSolver.Anls)]
    [InlineData(2000, 1000, 40, false, NmfSolver.HalsAccelerated)]  // ANLS steps hit their sweep cap at k ≥ 40
    [InlineData(5000, 2000, 50, false, NmfSolver.HalsAccelerated)]
    [InlineData(5000, 2000, 20, false, NmfSolver.HalsAccelerated)]
    [InlineData(20000, 5000, 20, true, NmfSolver.HalsAccelerated)]
    [InlineData(233, 1500, 8, true, NmfSolver.HalsAccelerated)]
    public void AutoRule_PicksTheSolverMeasuredFastestForTheShape(int rows, int cols, int rank, bool sparse, NmfSolver expected)
    {
        Assert.Equal(expected, AutoSolverRule.Resolve(NmfLoss.Frobenius, rows, cols, rank, sparse));
        Assert.Equal(expected, NonNegativeMatrixFactorization.ResolveSolver(NmfSolver.Auto, NmfLoss.Frobenius, rows, cols, rank, sparse));
    }

    [Property]
    public Property AutoRule_IsMuForEveryOtherLoss_AndNeverTouchesAnExplicitSolver() =>
        Prop.ForAll(Gen.Choose(1, 4000).ToArbitrary(), Gen.Choose(1, 100).ToArbitrary(), Gen.Elements(-1.0, 0.0, 0.5, 1.0, 1.5, 3.0).ToArbitrary(),
            (size, rank, beta) =>
            {
                bool sparse = size % 2 == 0;
                bool mu = AutoSolverRule.Resolve(beta, size, size, rank, sparse) == NmfSolver.MultiplicativeUpdate;
                bool frobenius = AutoSolverRule.Resolve(NmfLoss.Frobenius, size, size, rank, sparse) is NmfSolver.Anls or NmfSolver.HalsAccelerated;
                bool explicitKept = Enum.GetValues<NmfSolver>().Where(s => s != NmfSolver.Auto)
                    .All(s => NonNegativeMatrixFactorization.ResolveSolver(s, beta, size, size, rank, sparse) == s);
                return mu && frobenius && explicitKept;
            });

    [Fact]
    public void Auto_OnADenseFitAboveTheAnlsRank_RunsAcceleratedHals()
    {
        var x = TestData.Uniform(40, 36, 1, scale: 1);
        foreach (ref var v in x.AsSpan()) v += 0.1;
        var fit = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = AutoSolverRule.AnlsMaxRank + 1, Solver = NmfSolver.Auto, Init = NmfInit.Random, Seed = 0, MaxIterations = 5 });
        Assert.Equal(NmfSolver.HalsAccelerated, fit.Solver);
        Assert.Equal(AutoSolverRule.AnlsMaxRank + 1, fit.Transform(x).Cols);
    }

    [Theory]
    [MemberData(nameof(FastSolvers))]
    public void FastSolvers_RejectNonFrobeniusLoss(NmfSolver solver)
    {
        var x = TestData.Uniform(5, 4, 1);
        var e = Assert.Throws<ArgumentException>(() => { NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Solver = solver, Beta = 1 }); });
        Assert.Contains("Frobenius", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FastSolvers))]
    public void FastSolvers_TransformOfTrainingData_ReproducesW(NmfSolver solver)
    {
        var (x, _, _) = TestData.Planted(50, 40, 3, 7);
        var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 3, Solver = solver, Init = NmfInit.Random, Seed = 7, MaxIterations = 3000, Tolerance = 1e-12 });
        double d = MatrixAssert.RelativeDistance(r.Transform(x), r.W);
        Assert.True(d < 1e-4, $"transform differs from W by {d}");
    }
}
