// The residual (CCD-style) sweep of a sparse X with only its stored entries observed: equals the per-row-Gram sweep, never increases the objective, does not depend on the thread count, float32 agrees with float64.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Tests.Solvers.Hals;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.Missing;

public class ResidualHalsSweepTests
{
    /// <summary>An m×n CSR with each entry stored with probability density (row 0 gets entry (0, 0) so something is stored); rows in emptyRows store nothing.</summary>
    private static CsrMatrix<T> RandomSparse<T>(int m, int n, double density, int seed, params int[] emptyRows)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new System.Random(seed);
        var rows = new List<int>();
        var cols = new List<int>();
        var values = new List<T>();
        for (int i = 0; i < m; i++)
        {
            if (Array.IndexOf(emptyRows, i) >= 0) continue;
            for (int j = 0; j < n; j++)
            {
                if (!(i == 0 && j == 0) && rng.NextDouble() >= density) continue;
                rows.Add(i);
                cols.Add(j);
                values.Add(T.CreateTruncating(rng.Next(4) == 0 ? 0.0 : rng.NextDouble() * 3)); // some stored zeros
            }
        }
        return CsrMatrix<T>.FromTriplets(m, n, rows.ToArray(), cols.ToArray(), values.ToArray());
    }

    /// <summary>A rows×kp factor with random entries in the first k columns (some exactly zero) and zero padding.</summary>
    private static Matrix<double> Factor(int rows, int k, int seed)
    {
        int kp = RowGram.PaddedRank<double>(k);
        var rng = new System.Random(seed);
        var f = new Matrix<double>(rows, kp);
        for (int i = 0; i < rows; i++) for (int t = 0; t < k; t++) f[i, t] = rng.Next(5) == 0 ? 0 : rng.NextDouble();
        return f;
    }

    private static Arbitrary<(int M, int N, int K, int Seed, int Density)> Problems() =>
        (from m in Gen.Choose(1, 40)
         from n in Gen.Choose(2, 40)
         from k in Gen.Choose(1, 9)
         from seed in Gen.Choose(0, 1_000_000)
         from density in Gen.Choose(5, 45)
         select (m, n, k, seed, density)).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property ResidualSweep_EqualsThePerRowGramSweep_WithPenaltiesAndEmptyRows() =>
        Prop.ForAll(Problems(), p =>
        {
            // Densities below one half keep every list direct, so the lists carry the data (the residual sweep's case).
            var x = RandomSparse<double>(p.M, p.N, p.Density / 100.0, p.Seed, emptyRows: p.M > 2 ? [p.M / 2] : []);
            var lists = ObservationLists<double>.FromStoredEntries(x);
            if (lists.Values is null) return true;
            var other = Factor(p.N, p.K, p.Seed + 1);
            var start = Factor(p.M, p.K, p.Seed + 2);
            double l1 = p.Seed % 3 * 0.05, l2 = p.Seed % 2 * 0.1;
            int kp = start.Cols;
            var gram = new Matrix<double>(kp, kp); // not read: every list is direct
            var byGram = Matrix<double>.CopyOf(start.AsReadOnlyMatrixSpan());
            var byResidual = Matrix<double>.CopyOf(start.AsReadOnlyMatrixSpan());
            var (vg, lg, vr, lr) = (new double[p.M], new double[p.M], new double[p.M], new double[p.M]);
            double violationGram = MaskedHalsSweep.Run(byGram, new Matrix<double>(p.M, kp), other, gram, lists, p.K, l1, l2, vg, lg, false, 1);
            double violationResidual = ResidualHalsSweep.Run(byResidual, other, lists, p.K, l1, l2, vr, lr, false, 1);
            for (int i = 0; i < p.M; i++)
            {
                for (int t = 0; t < kp; t++)
                    if (Math.Abs(byGram[i, t] - byResidual[i, t]) > 1e-9 * (1 + Math.Abs(byGram[i, t]))) return false;
                if (Math.Abs(lg[i] - lr[i]) > 1e-9 * (1 + Math.Abs(lg[i]))) return false;
            }
            return Math.Abs(violationGram - violationResidual) <= 1e-9 * (1 + violationGram);
        });

    [Fact]
    public void ResidualSweep_EvaluateOnly_LeavesTheFactorAndGivesTheSameLossAsTheGramSweep()
    {
        var x = RandomSparse<double>(30, 26, 0.3, 5);
        var lists = ObservationLists<double>.FromStoredEntries(x);
        Assert.NotNull(lists.Values);
        var other = Factor(26, 7, 6);
        var f = Factor(30, 7, 7);
        var before = Matrix<double>.CopyOf(f.AsReadOnlyMatrixSpan());
        var (vr, lr, vg, lg) = (new double[30], new double[30], new double[30], new double[30]);
        ResidualHalsSweep.Run(f, other, lists, 7, 0.1, 0.2, vr, lr, evaluateOnly: true, 1);
        MatrixAssert.BitwiseEqual(before, f);
        MaskedHalsSweep.Run(Matrix<double>.CopyOf(f.AsReadOnlyMatrixSpan()), new Matrix<double>(30, f.Cols), other, new Matrix<double>(f.Cols, f.Cols),
            lists, 7, 0.1, 0.2, vg, lg, evaluateOnly: true, 1);
        for (int i = 0; i < 30; i++) Assert.Equal(lg[i], lr[i], 1e-10);
    }

    [Property(MaxTest = 25)]
    public Property SparseStoredEntriesOnly_NeverIncreasesTheObjective() =>
        Prop.ForAll(Problems(), p =>
        {
            var x = RandomSparse<double>(p.M, p.N, p.Density / 100.0, p.Seed);
            double alpha = p.Seed % 3 * 0.01;
            var r = NonNegativeMatrixFactorization.Fit(x, SparseObservation.StoredEntriesOnly, new NmfOptions
            {
                Rank = p.K, Init = NmfInit.Random, Seed = p.Seed, MaxIterations = 20, Tolerance = 0, AlphaW = alpha, AlphaH = alpha, L1Ratio = 0.5,
            });
            MatrixAssert.NonNegative(r.W);
            MatrixAssert.NonNegative(r.H);
            for (int i = 1; i < r.Trace.Count; i++)
                if (r.Trace[i].Loss > r.Trace[i - 1].Loss + 1e-10 * (1 + r.Trace[0].Loss)) return false;
            return true;
        });

    [Fact]
    public void SparseStoredEntriesOnly_IsBitwiseTheSameForAnyThreadCount()
    {
        // Lists of about 120 (rows) and 160 (columns) entries at rank 12: a few dozen rows per chunk, so both sides split.
        var x = RandomSparse<double>(400, 300, 0.4, 21, emptyRows: 17);
        var options = new NmfOptions { Rank = 12, Init = NmfInit.Random, Seed = 4, MaxIterations = 6, Tolerance = 0, AlphaW = 0.01, L1Ratio = 0.3 };
        var one = NonNegativeMatrixFactorization.Fit(x, SparseObservation.StoredEntriesOnly, options with { MaxDegreeOfParallelism = 1 });
        var two = NonNegativeMatrixFactorization.Fit(x, SparseObservation.StoredEntriesOnly, options with { MaxDegreeOfParallelism = 2 });
        var four = NonNegativeMatrixFactorization.Fit(x, SparseObservation.StoredEntriesOnly, options with { MaxDegreeOfParallelism = 4 });
        MatrixAssert.BitwiseEqual(one.W, two.W);
        MatrixAssert.BitwiseEqual(one.H, two.H);
        MatrixAssert.BitwiseEqual(one.W, four.W);
        MatrixAssert.BitwiseEqual(one.H, four.H);
        for (int t = 0; t < 12; t++) Assert.Equal(0.0, one.W[17, t]); // the row with nothing stored
        Assert.NotEmpty(one.Warnings);
    }

    [Fact]
    public void SparseStoredEntriesOnly_Float32_AgreesWithFloat64()
    {
        var x64 = RandomSparse<double>(60, 45, 0.3, 31);
        var x32 = RandomSparse<float>(60, 45, 0.3, 31);
        var (w0, h0) = (TestData.Uniform(60, 6, 32, 0.5), TestData.Uniform(6, 45, 33, 0.5));
        var options = new NmfOptions { Rank = 6, Init = NmfInit.Custom, InitialW = w0, InitialH = h0, MaxIterations = 10, Tolerance = 0 };
        var r64 = NonNegativeMatrixFactorization.Fit(x64, SparseObservation.StoredEntriesOnly, options);
        var r32 = NonNegativeMatrixFactorization.Fit(x32, SparseObservation.StoredEntriesOnly, options);
        MatrixAssert.Close(MatrixAssert.Convert<double>(r64.W), r32.W, 1e-3, "W");
        MatrixAssert.Close(MatrixAssert.Convert<double>(r64.H), r32.H, 1e-3, "H");
    }
}
