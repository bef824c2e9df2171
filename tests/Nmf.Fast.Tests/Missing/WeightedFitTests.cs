// Weighted and masked Fit: equal to the unweighted fit when nothing is hidden or all weights are equal, equal to the naive weighted HALS, recovery of hidden entries, sparse stored-entries mode.
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Solvers;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Missing;

public class WeightedFitTests
{
    private static NmfOptions Options(int k, NmfSolver solver = NmfSolver.Hals, double beta = 2, int iterations = 50) =>
        new() { Rank = k, Solver = solver, Beta = beta, Init = NmfInit.Random, Seed = 3, MaxIterations = iterations, Tolerance = 0 };

    [Theory]
    [InlineData(NmfSolver.Hals, 2.0)]
    [InlineData(NmfSolver.MultiplicativeUpdate, 1.0)]
    [InlineData(NmfSolver.Anls, 2.0)]
    public void MaskHidingNothing_IsBitwiseTheUnmaskedFit(NmfSolver solver, double beta)
    {
        var x = TestData.Uniform(30, 20, 1);
        var mask = new bool[30, 20];
        for (int i = 0; i < 30; i++) for (int j = 0; j < 20; j++) mask[i, j] = true;
        var options = Options(4, solver, beta);
        var plain = NonNegativeMatrixFactorization.Fit(x, options);
        var masked = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(mask), options);
        MatrixAssert.BitwiseEqual(plain.W, masked.W);
        MatrixAssert.BitwiseEqual(plain.H, masked.H);
        Assert.Empty(masked.Warnings);
    }

    [Fact]
    public void WeightsAllTwo_IsBitwiseTheUnweightedFit()
    {
        var x = TestData.Uniform(25, 18, 2);
        var two = new Matrix<double>(25, 18);
        two.AsSpan().Fill(2);
        var plain = NonNegativeMatrixFactorization.Fit(x, Options(3));
        var weighted = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromWeights(two), Options(3));
        MatrixAssert.BitwiseEqual(plain.W, weighted.W);
        MatrixAssert.BitwiseEqual(plain.H, weighted.H);
    }

    [Fact]
    public void WeightedKernels_WithWeightsAllTwo_MatchTheUnweightedHals()
    {
        // Run the weighted HALS itself (not the uniform-weight shortcut): lists relative to s = 2 are empty, so every
        // row's Gram is 2·G, and the iterates must agree with plain HALS up to round-off.
        var x = TestData.Uniform(40, 30, 5);
        var two = new Matrix<double>(40, 30);
        two.AsSpan().Fill(2);
        var options = Options(5, iterations: 30) with { Init = NmfInit.Nndsvd };
        var plain = NonNegativeMatrixFactorization.Fit(x, options);
        var (w, h) = RunWeightedHals(x, two, plain.Init, options);
        MatrixAssert.Close(MatrixAssert.Convert<double>(plain.W), w, 1e-9, "W");
        MatrixAssert.Close(MatrixAssert.Convert<double>(plain.H), h, 1e-9, "H");
    }

    [Theory]
    [InlineData(0.1, 0.0)]
    [InlineData(0.7, 0.0)]
    [InlineData(0.3, 0.2)]
    public void MaskedHals_MatchesNaiveWeightedHals(double missing, double alpha)
    {
        var x = TestData.Uniform(23, 17, 7);
        var mask = NaiveWeighted.RandomMask(23, 17, missing, 8);
        var omega = NaiveWeighted.MaskMatrix(mask);
        var options = Options(4, iterations: 1) with { AlphaW = alpha, L1Ratio = 0.5 };
        var (w0, h0) = Start(23, 17, 4, 9);
        var custom = options with { Init = NmfInit.Custom, InitialW = w0, InitialH = h0 };
        var fast = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(mask), custom with { MaxIterations = 3 });
        var w = w0.Clone();
        var h = h0.Clone();
        var s = NonNegativeMatrixFactorization.SettingsFor(options, 23, 17, updateH: true);
        for (int it = 0; it < 3; it++) NaiveWeighted.HalsIteration(x, omega, w, h, s.L1W, s.L2W, s.L1H, s.L2H);
        MatrixAssert.Close(w, fast.W, 1e-10, "W");
        MatrixAssert.Close(h, fast.H, 1e-10, "H");
    }

    [Fact]
    public void WeightedHals_GeneralWeights_MatchesNaive()
    {
        var x = TestData.Uniform(19, 21, 11);
        var rng = new System.Random(12);
        var omega = new Matrix<double>(19, 21);
        foreach (ref var v in omega.AsSpan()) v = rng.NextDouble() < 0.2 ? 0 : rng.NextDouble() < 0.6 ? 1.5 : rng.NextDouble() * 3;
        var (w0, h0) = Start(19, 21, 3, 13);
        var options = Options(3, iterations: 3) with { Init = NmfInit.Custom, InitialW = w0, InitialH = h0 };
        var fast = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromWeights(omega), options);
        var w = w0.Clone();
        var h = h0.Clone();
        for (int it = 0; it < 3; it++) NaiveWeighted.HalsIteration(x, omega, w, h);
        MatrixAssert.Close(w, fast.W, 1e-10, "W");
        MatrixAssert.Close(h, fast.H, 1e-10, "H");
        // The reported loss is the exact weighted objective (½ Σ ω(x − wh)²) of the final factors.
        double naive = NaiveWeighted.Objective(x, omega, fast.W, fast.H, 2);
        Assert.Equal(naive, fast.Trace[^1].Loss, 1e-9 * (1 + naive));
    }

    [Fact]
    public void PlantedLowRank_With30PercentHidden_IsRecoveredOnTheHiddenEntries()
    {
        var (x, _, _) = TestData.Planted(60, 45, 3, 21);
        var mask = NaiveWeighted.RandomMask(60, 45, 0.3, 22);
        var xMissing = x.Clone();
        for (int i = 0; i < 60; i++) for (int j = 0; j < 45; j++) if (!mask[i, j]) xMissing[i, j] = double.NaN;
        var weights = NmfWeights<double>.MissingWhereNaN(xMissing);
        var r = NonNegativeMatrixFactorization.Fit(xMissing, weights, new NmfOptions { Rank = 3, Init = NmfInit.Nndsvda, MaxIterations = 4000, Tolerance = 1e-14, Seed = 0 });
        var completed = Imputation.Complete(xMissing, weights, r);
        double num = 0, den = 0;
        for (int i = 0; i < 60; i++)
            for (int j = 0; j < 45; j++)
            {
                if (mask[i, j]) continue;
                num += (completed[i, j] - x[i, j]) * (completed[i, j] - x[i, j]);
                den += x[i, j] * x[i, j];
            }
        Assert.True(Math.Sqrt(num / den) < 1e-4, $"relative error on the hidden entries {Math.Sqrt(num / den):E3} after {r.Iterations} iterations");
    }

    [Theory]
    [InlineData(0.6)] // mostly direct lists: where every list on a side is direct, its sweep forms the cross product itself
    [InlineData(0.9)] // all direct
    [InlineData(0.2)] // correction lists: the sparse product runs
    public void SparseStoredEntriesOnly_MatchesTheDenseMaskedFit(double missing)
    {
        var x = TestData.Uniform(30, 25, 31);
        var mask = NaiveWeighted.RandomMask(30, 25, missing, 32);
        var rows = new List<int>();
        var cols = new List<int>();
        var values = new List<double>();
        for (int i = 0; i < 30; i++) for (int j = 0; j < 25; j++) if (mask[i, j]) { rows.Add(i); cols.Add(j); values.Add(x[i, j]); }
        var csr = CsrMatrix<double>.FromTriplets(30, 25, rows.ToArray(), cols.ToArray(), values.ToArray());
        var (w0, h0) = Start(30, 25, 4, 33);
        var options = Options(4, iterations: 20) with { Init = NmfInit.Custom, InitialW = w0, InitialH = h0 };
        var sparse = NonNegativeMatrixFactorization.Fit(csr, SparseObservation.StoredEntriesOnly, options);
        var dense = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(mask), options);
        MatrixAssert.Close(MatrixAssert.Convert<double>(dense.W), sparse.W, 1e-10, "W");
        MatrixAssert.Close(MatrixAssert.Convert<double>(dense.H), sparse.H, 1e-10, "H");
        Assert.Equal(dense.RelativeError, sparse.RelativeError, 1e-10);
    }

    [Fact]
    public void Float32_MaskedHals_AgreesWithFloat64()
    {
        var x = TestData.Uniform(50, 40, 41);
        var mask = NaiveWeighted.RandomMask(50, 40, 0.25, 42);
        var (w0, h0) = Start(50, 40, 6, 43);
        var options = Options(6, iterations: 10) with { Init = NmfInit.Custom, InitialW = w0, InitialH = h0 };
        var r64 = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(mask), options);
        var r32 = NonNegativeMatrixFactorization.Fit(MatrixAssert.Convert<float>(x), NmfWeights<float>.FromMask(mask), options);
        MatrixAssert.Close(MatrixAssert.Convert<double>(r64.W), r32.W, 1e-3, "W");
        MatrixAssert.Close(MatrixAssert.Convert<double>(r64.H), r32.H, 1e-3, "H");
    }

    internal static (Matrix<double> W, Matrix<double> H) Start(int m, int n, int k, int seed) =>
        (TestData.Uniform(m, k, seed, 0.5), TestData.Uniform(k, n, seed + 1, 0.5));

    /// <summary>Runs MaskedHalsSolver directly on dense weights, from the init the plain fit used.</summary>
    private static (Matrix<double> W, Matrix<double> H) RunWeightedHals(Matrix<double> x, Matrix<double> omega, NmfInit init, NmfOptions options)
    {
        int m = x.Rows, n = x.Cols, k = options.Rank;
        var w = new Matrix<double>(m, k);
        var h = new Matrix<double>(k, n);
        Nmf.Fast.Init.NmfInitializer.Initialize<double>(x, init, options.Seed!.Value, w, h, -1);
        var weights = NmfWeights<double>.FromWeights(omega);
        var problem = WeightedProblem<double>.Create(x, weights, 2, "x", "w");
        var (rows, cols) = problem.Lists(withColumns: true);
        Assert.Equal(0, rows.Entries);
        var settings = NonNegativeMatrixFactorization.SettingsFor(options, m, n, updateH: true);
        var monitor = new IterationMonitor(null, default, null, System.Diagnostics.Stopwatch.StartNew());
        MaskedHalsSolver.Run<double>(new DenseWeightedData<double>(problem.Weighted, problem.WeightedSquaredNorm, true), rows, cols, w, h, settings, monitor, updateH: true);
        return (w, h);
    }
}
