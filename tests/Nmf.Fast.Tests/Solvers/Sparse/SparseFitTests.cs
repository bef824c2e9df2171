// Sparse fits: a CSR X gives the same W, H, iterations and errors as the same X dense, for HALS and MU (any β), float and double.
using Nmf.Fast.Memory;
using Xunit;

namespace Nmf.Fast.Tests.Solvers.Sparse;

public class SparseFitTests
{
    /// <summary>A 60×45 matrix with about 15% Poisson-like counts and an empty row and column.</summary>
    private static Matrix<double> SparseCounts(int seed)
    {
        var random = new System.Random(seed);
        var x = new Matrix<double>(60, 45);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Cols; j++)
                if (i != 7 && j != 11 && random.NextDouble() < 0.15) x[i, j] = 1 + random.Next(5);
        return x;
    }

    /// <summary>Uniform [0, 1) W₀ (60×k) and H₀ (k×45) for <see cref="SparseCounts"/>.</summary>
    private static (Matrix<double> W0, Matrix<double> H0) UniformStart(int k, int seed)
    {
        var random = new System.Random(seed);
        var w0 = new Matrix<double>(60, k);
        var h0 = new Matrix<double>(k, 45);
        foreach (ref double v in w0.AsSpan()) v = random.NextDouble();
        foreach (ref double v in h0.AsSpan()) v = random.NextDouble();
        return (w0, h0);
    }

    private static Matrix<T> Cast<T>(Matrix<double> x) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var y = new Matrix<T>(x.Rows, x.Cols);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Cols; j++) y[i, j] = T.CreateTruncating(x[i, j]);
        return y;
    }

    private static double MaxRelativeDifference<T>(Matrix<T> a, Matrix<T> b) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double max = 0, scale = 0;
        var sa = a.AsSpan();
        var sb = b.AsSpan();
        for (int i = 0; i < sa.Length; i++)
        {
            max = Math.Max(max, Math.Abs(double.CreateTruncating(sa[i]) - double.CreateTruncating(sb[i])));
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(sa[i])));
        }
        return max / scale;
    }

    private static void AssertSameFit<T>(NmfOptions options, double tolerance, Matrix<double>? data = null) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dense = Cast<T>(data ?? SparseCounts(5));
        var sparse = CsrMatrix<T>.FromDense(dense.AsReadOnlyMatrixSpan());
        var fromDense = NonNegativeMatrixFactorization.Fit(dense, options);
        var fromSparse = NonNegativeMatrixFactorization.Fit(sparse, options);
        Assert.Equal(fromDense.Iterations, fromSparse.Iterations);
        Assert.Equal(fromDense.Init, fromSparse.Init);
        Assert.True(MaxRelativeDifference(fromDense.W, fromSparse.W) < tolerance, $"W differs by {MaxRelativeDifference(fromDense.W, fromSparse.W)}");
        Assert.True(MaxRelativeDifference(fromDense.H, fromSparse.H) < tolerance, $"H differs by {MaxRelativeDifference(fromDense.H, fromSparse.H)}");
        Assert.Equal(fromDense.RelativeError, fromSparse.RelativeError, tolerance);
        Assert.Equal(fromDense.ReconstructionError, fromSparse.ReconstructionError, tolerance * Math.Max(1, fromDense.ReconstructionError));
    }

    [Theory]
    [InlineData(NmfInit.Auto)]
    [InlineData(NmfInit.Nndsvd)]
    [InlineData(NmfInit.Random)]
    public void HalsOnCsrMatchesDenseDouble(NmfInit init) =>
        AssertSameFit<double>(new NmfOptions { Rank = 5, Init = init, Seed = 3, MaxIterations = 60, Tolerance = 0, AlphaW = 0.01, L1Ratio = 0.5 }, 1e-9);

    [Fact]
    public void HalsOnCsrMatchesDenseFloat() =>
        AssertSameFit<float>(new NmfOptions { Rank = 4, Seed = 1, MaxIterations = 30, Tolerance = 1e-4 }, 2e-3);

    /// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Reports : IProgress<NmfProgress>
    {
        public List<NmfProgress> Items { get; } = [];
        public void Report(NmfProgress value) => Items.Add(value);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    public void HalsOnCsrReportsTheDenseLosses_TheStartsIncluded(double alpha)
    {
        // Sparse HALS sums the start's ⟨X, W₀H₀⟩ tile by tile inside its first W step; the reported losses (penalties
        // included) must still be the dense fit's, iteration 0 first.
        var dense = SparseCounts(3);
        var options = new NmfOptions { Rank = 5, Seed = 2, MaxIterations = 6, Tolerance = 0, AlphaW = alpha, AlphaH = alpha, L1Ratio = 0.4 };
        var fromDense = new Reports();
        var fromSparse = new Reports();
        NonNegativeMatrixFactorization.Fit(dense, options, fromDense);
        NonNegativeMatrixFactorization.Fit(CsrMatrix<double>.FromDense(dense.AsReadOnlyMatrixSpan()), options, fromSparse);
        Assert.Equal(fromDense.Items.Select(r => r.Iteration), fromSparse.Items.Select(r => r.Iteration));
        Assert.Equal(0, fromSparse.Items[0].Iteration);
        for (int i = 0; i < fromDense.Items.Count; i++)
            Assert.Equal(fromDense.Items[i].Loss, fromSparse.Items[i].Loss, 1e-9 * fromDense.Items[i].Loss);
    }

    [Theory]
    [InlineData(NmfInit.Custom)]
    [InlineData(NmfInit.Random)]
    public void HalsOnCsrCancelledBeforeTheFirstIteration_ReturnsTheStart(NmfInit init)
    {
        // Sparse HALS with the caller's W as its panel writes W only in its W steps: with no iteration run, the result
        // must still be W₀ (and H₀), as for dense X.
        var (w0, h0) = UniformStart(3, seed: 4);
        var options = new NmfOptions { Rank = 3, Init = init, Seed = 8, MaxIterations = 10, Solver = NmfSolver.Hals };
        if (init == NmfInit.Custom) options = options with { InitialW = w0, InitialH = h0 };
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var dense = SparseCounts(2);
        var fromDense = NonNegativeMatrixFactorization.Fit(dense, options, cancellationToken: cancelled.Token);
        var fromSparse = NonNegativeMatrixFactorization.Fit(CsrMatrix<double>.FromDense(dense.AsReadOnlyMatrixSpan()), options, cancellationToken: cancelled.Token);
        Assert.Equal(0, fromSparse.Iterations);
        Assert.True(fromDense.W.AsSpan().SequenceEqual(fromSparse.W.AsSpan()));
        Assert.True(fromDense.H.AsSpan().SequenceEqual(fromSparse.H.AsSpan()));
        if (init == NmfInit.Custom) Assert.True(w0.AsSpan().SequenceEqual(fromSparse.W.AsSpan()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(40)]
    public void HalsOnCsrFromCustomFactorsMatchesDense_AndLeavesTheGivenFactorsUntouched(int iterations)
    {
        var (w0, h0) = UniformStart(4, seed: 11);
        var w0Copy = w0.Clone();
        var h0Copy = h0.Clone();
        var options = new NmfOptions { Rank = 4, Init = NmfInit.Custom, InitialW = w0, InitialH = h0, MaxIterations = iterations, Tolerance = 0, Solver = NmfSolver.Hals };
        AssertSameFit<double>(options, 1e-9);
        AssertSameFit<float>(options, 1e-4);
        Assert.Equal(w0Copy.AsSpan().ToArray(), w0.AsSpan().ToArray());
        Assert.Equal(h0Copy.AsSpan().ToArray(), h0.AsSpan().ToArray());
    }

    [Fact]
    public void HalsOnCsrStopsAtTheSameIterationAsDense() =>
        AssertSameFit<double>(new NmfOptions { Rank = 3, Seed = 2, MaxIterations = 500, Tolerance = 1e-3 }, 1e-8);

    [Theory]
    [InlineData(NmfLoss.Frobenius)]
    [InlineData(NmfLoss.KullbackLeibler)]
    public void MultiplicativeUpdateOnCsrMatchesDense(double beta) =>
        AssertSameFit<double>(new NmfOptions { Rank = 4, Solver = NmfSolver.MultiplicativeUpdate, Beta = beta, Init = NmfInit.Nndsvda, Seed = 4, MaxIterations = 50, Tolerance = 0, AlphaH = 0.01 }, 1e-8);

    [Fact]
    public void AnlsOnCsrMatchesDense() =>
        AssertSameFit<double>(new NmfOptions { Rank = 4, Solver = NmfSolver.Anls, Seed = 5, MaxIterations = 40, Tolerance = 0 }, 1e-8);

    /// <summary>
    /// Accelerated HALS sizes its inner-sweep budget from the entries a product runs over (nnz for CSR, m·n dense), so a
    /// CSR that stores every entry gets the dense budget and must give the dense fit.
    /// </summary>
    [Fact]
    public void AcceleratedHalsOnFullyStoredCsrMatchesDense()
    {
        var full = SparseCounts(5);
        foreach (ref double v in full.AsSpan()) v += 1;
        AssertSameFit<double>(new NmfOptions { Rank = 4, Solver = NmfSolver.HalsAccelerated, Seed = 5, MaxIterations = 40, Tolerance = 0 }, 1e-8, full);
    }

    [Fact]
    public void AutoOnCsrRunsAcceleratedHals_TheSameFitAsExplicitAcceleratedHals()
    {
        var dense = SparseCounts(5);
        var csr = CsrMatrix<double>.FromDense(dense.AsReadOnlyMatrixSpan());
        var options = new NmfOptions { Rank = 4, Solver = NmfSolver.Auto, Seed = 5, MaxIterations = 40, Tolerance = 0 };
        var auto = NonNegativeMatrixFactorization.Fit(csr, options);
        var explicitAccelerated = NonNegativeMatrixFactorization.Fit(csr, options with { Solver = NmfSolver.HalsAccelerated });
        Assert.Equal(NmfSolver.HalsAccelerated, auto.Solver);
        Assert.Equal(NmfSolver.Anls, NonNegativeMatrixFactorization.Fit(dense, options).Solver);
        Assert.True(auto.W.AsSpan().SequenceEqual(explicitAccelerated.W.AsSpan()));
        Assert.Equal(explicitAccelerated.RelativeError, auto.RelativeError);
    }

    [Fact]
    public void TargetErrorOnCsrStopsWhereDenseStops()
    {
        var dense = SparseCounts(5);
        var reference = new NmfOptions { Rank = 4, Solver = NmfSolver.Anls, Seed = 6, MaxIterations = 100, Tolerance = 0 };
        double target = 1.02 * NonNegativeMatrixFactorization.Fit(dense, reference).RelativeError;
        var options = reference with { MaxIterations = 500, TargetError = target };
        var fromDense = NonNegativeMatrixFactorization.Fit(dense, options);
        var fromSparse = NonNegativeMatrixFactorization.Fit(CsrMatrix<double>.FromDense(dense.AsReadOnlyMatrixSpan()), options);
        Assert.NotNull(fromSparse.TargetIteration);
        Assert.Equal(fromDense.TargetIteration, fromSparse.TargetIteration);
        Assert.True(fromSparse.RelativeError <= target);
    }

    [Fact]
    public void NonPositiveBetaOnSparseIsRejected()
    {
        var sparse = CsrMatrix<double>.FromDense(SparseCounts(1).AsReadOnlyMatrixSpan());
        var error = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(sparse,
            new NmfOptions { Rank = 2, Solver = NmfSolver.MultiplicativeUpdate, Beta = 0 }));
        Assert.Contains("β = 0", error.Message);
    }

    [Fact]
    public void NegativeStoredValueIsRejectedNamingItsPosition()
    {
        var x = SparseCounts(1);
        x[3, 4] = -2;
        var sparse = CsrMatrix<double>.FromDense(x.AsReadOnlyMatrixSpan());
        var error = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(sparse, new NmfOptions { Rank = 2 }));
        Assert.Contains("X[3, 4]", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.5)]
    public void BadStoredValueAfterAnEmptyRowIsRejectedNamingItsPosition(double bad)
    {
        // Row 7 of SparseCounts is empty, so row 8's first entry shares its row pointer with row 7's end.
        var x = SparseCounts(1);
        int column = 0;
        while (x[8, column] == 0) column++;
        x[8, column] = bad;
        x[40, 3] = -1; // a later bad value must not be the one named
        var sparse = CsrMatrix<double>.FromDense(x.AsReadOnlyMatrixSpan());
        var error = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(sparse, new NmfOptions { Rank = 2 }));
        Assert.Contains($"X[8, {column}]", error.Message);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(-0.5)]
    public void MultiplicativeUpdateWithAnyBetaOnCsrMatchesDense(double beta)
    {
        // β ≤ 0 needs X without zeros: then every entry is stored, and the sparse path must still agree.
        var counts = SparseCounts(7);
        if (beta <= 0)
            for (int i = 0; i < counts.Rows; i++)
                for (int j = 0; j < counts.Cols; j++) counts[i, j] += 0.5;
        var options = new NmfOptions { Rank = 4, Solver = NmfSolver.MultiplicativeUpdate, Beta = beta, Init = NmfInit.Nndsvda, Seed = 4, MaxIterations = 40, Tolerance = 0, AlphaW = 0.01, L1Ratio = 0.3 };
        AssertSameFit(counts, options, 1e-8);
    }

    [Fact]
    public void ItakuraSaitoOnCsrMatchesDense_AndStopsAtTheSameIteration()
    {
        var counts = SparseCounts(8);
        for (int i = 0; i < counts.Rows; i++)
            for (int j = 0; j < counts.Cols; j++) counts[i, j] += 1;
        AssertSameFit(counts, new NmfOptions { Rank = 3, Solver = NmfSolver.MultiplicativeUpdate, Beta = NmfLoss.ItakuraSaito, Init = NmfInit.Nndsvdar, Seed = 2, MaxIterations = 300, Tolerance = 1e-3 }, 1e-7);
    }

    [Fact]
    public void GeneralBetaOnCsrMatchesDenseFloat()
    {
        var counts = SparseCounts(9);
        var dense = Cast<float>(counts);
        var options = new NmfOptions { Rank = 3, Solver = NmfSolver.MultiplicativeUpdate, Beta = 1.5, Seed = 1, MaxIterations = 30, Tolerance = 0 };
        var fromDense = NonNegativeMatrixFactorization.Fit(dense, options);
        var fromSparse = NonNegativeMatrixFactorization.Fit(CsrMatrix<float>.FromDense(dense.AsReadOnlyMatrixSpan()), options);
        Assert.True(MaxRelativeDifference(fromDense.W, fromSparse.W) < 2e-3, $"W differs by {MaxRelativeDifference(fromDense.W, fromSparse.W)}");
        Assert.Equal(fromDense.ReconstructionError, fromSparse.ReconstructionError, 2e-3 * fromDense.ReconstructionError);
    }

    [Fact]
    public void HalsOnCsrIsTheSameForAnyThreadCount()
    {
        // 2000 rows: 63 sweep tiles in 8 Gram blocks, so the fused steps' chunks and the Gram's blocks both split.
        var sparse = RandomCounts(2000, 150, 0.05, seed: 5);
        var options = new NmfOptions { Rank = 12, Solver = NmfSolver.Hals, Seed = 5, MaxIterations = 12, Tolerance = 0, L1Ratio = 0.5, AlphaW = 0.01 };
        var serial = NonNegativeMatrixFactorization.Fit(sparse, options with { MaxDegreeOfParallelism = 1 });
        foreach (int threads in new[] { 2, 3 })
        {
            var parallel = NonNegativeMatrixFactorization.Fit(sparse, options with { MaxDegreeOfParallelism = threads });
            Assert.True(serial.W.AsSpan().SequenceEqual(parallel.W.AsSpan()));
            Assert.True(serial.H.AsSpan().SequenceEqual(parallel.H.AsSpan()));
            Assert.Equal(serial.ReconstructionError, parallel.ReconstructionError);
        }
    }

    [Fact]
    public void GeneralBetaOnCsrIsTheSameForAnyThreadCount()
    {
        var sparse = RandomCounts(300, 200, 0.1, seed: 3);
        var options = new NmfOptions { Rank = 6, Solver = NmfSolver.MultiplicativeUpdate, Beta = 1.5, Seed = 3, MaxIterations = 15, Tolerance = 0 };
        var serial = NonNegativeMatrixFactorization.Fit(sparse, options with { MaxDegreeOfParallelism = 1 });
        var parallel = NonNegativeMatrixFactorization.Fit(sparse, options with { MaxDegreeOfParallelism = 3 });
        Assert.True(serial.W.AsSpan().SequenceEqual(parallel.W.AsSpan()));
        Assert.True(serial.H.AsSpan().SequenceEqual(parallel.H.AsSpan()));
        Assert.Equal(serial.ReconstructionError, parallel.ReconstructionError);
    }

    /// <summary>A rows×cols CSR matrix of counts 1–4, each entry stored with probability <paramref name="density"/>.</summary>
    private static CsrMatrix<double> RandomCounts(int rows, int cols, double density, int seed)
    {
        var random = new System.Random(seed);
        var x = new Matrix<double>(rows, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (random.NextDouble() < density) x[i, j] = 1 + random.Next(4);
        return CsrMatrix<double>.FromDense(x.AsReadOnlyMatrixSpan());
    }

    private static void AssertSameFit(Matrix<double> dense, NmfOptions options, double tolerance)
    {
        var sparse = CsrMatrix<double>.FromDense(dense.AsReadOnlyMatrixSpan());
        var fromDense = NonNegativeMatrixFactorization.Fit(dense, options);
        var fromSparse = NonNegativeMatrixFactorization.Fit(sparse, options);
        Assert.Equal(fromDense.Iterations, fromSparse.Iterations);
        Assert.True(MaxRelativeDifference(fromDense.W, fromSparse.W) < tolerance, $"W differs by {MaxRelativeDifference(fromDense.W, fromSparse.W)}");
        Assert.True(MaxRelativeDifference(fromDense.H, fromSparse.H) < tolerance, $"H differs by {MaxRelativeDifference(fromDense.H, fromSparse.H)}");
        Assert.Equal(fromDense.ReconstructionError, fromSparse.ReconstructionError, tolerance * Math.Max(1, fromDense.ReconstructionError));
        Assert.Equal(fromDense.RelativeError, fromSparse.RelativeError, tolerance);
        Assert.Equal(fromDense.Trace.Count, fromSparse.Trace.Count);
        Assert.Equal(fromDense.Trace[^1].Loss, fromSparse.Trace[^1].Loss, tolerance * Math.Max(1, Math.Abs(fromDense.Trace[^1].Loss)));
    }
}
