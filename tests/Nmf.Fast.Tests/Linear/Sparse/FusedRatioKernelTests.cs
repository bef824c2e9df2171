// The fused KL numerator (X ⊘ WH)·Hᵀ: every tier against the two-step dense reference; thread independence; both factors.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class FusedRatioKernelTests
{
    [Property(MaxTest = 60)]
    public Property MultiplyRatio_MatchesDenseReference_Float() => Prop.ForAll(RandomSparse.Cases, c => MatchesReference<float>(c));

    [Property(MaxTest = 60)]
    public Property MultiplyRatio_MatchesDenseReference_Double() => Prop.ForAll(RandomSparse.Cases, c => MatchesReference<double>(c));

    private static bool MatchesReference<T>(SparseCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var x = new RandomCsr<T>(c.Rows, c.Cols, c.Density, random);
        var w = RandomSparse.Dense<T>(c.Rows, c.K, random);
        var ht = RandomSparse.Dense<T>(c.Cols, c.K, random);
        const double Eps = 1e-3;

        // Reference: R = X ⊘ max(WH, ε) at the stored entries (0 elsewhere), then R·Hᵀ, in double.
        var expected = new double[c.Rows, c.K];
        var scale = new double[c.Rows, c.K];
        for (int i = 0; i < c.Rows; i++)
            for (int p = x.RowPointers[i]; p < x.RowPointers[i + 1]; p++)
            {
                int j = x.ColumnIndices[p];
                double wh = 0;
                for (int r = 0; r < c.K; r++) wh += double.CreateTruncating(w[i, r]) * double.CreateTruncating(ht[j, r]);
                double ratio = double.CreateTruncating(x.Values[p]) / Math.Max(wh, Eps);
                for (int r = 0; r < c.K; r++)
                {
                    expected[i, r] += ratio * double.CreateTruncating(ht[j, r]);
                    scale[i, r] += Math.Abs(ratio * double.CreateTruncating(ht[j, r])) * (c.K + 1) * (Math.Max(wh, Eps) < 1e-2 ? 1e3 : 1);
                }
            }
        foreach (var tier in RandomSparse.Tiers())
        {
            int stride = c.K + 2;
            var buffer = new T[c.Rows * stride];
            Array.Fill(buffer, T.NaN);
            var output = new MatrixSpan<T>(buffer, c.Rows, c.K, stride);
            SparseKernels.MultiplyRatio<T>(x.RowPointers, x.ColumnIndices, x.Values, c.Rows, c.Cols, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), T.CreateTruncating(Eps), output, 1, tier);
            for (int i = 0; i < c.Rows; i++)
            {
                for (int r = 0; r < c.K; r++)
                {
                    double actual = double.CreateTruncating(output[i, r]);
                    if (!(Math.Abs(actual - expected[i, r]) <= RandomSparse.Tolerance<T>(scale[i, r], c.Cols)))
                        throw new InvalidOperationException($"{c}, tier {tier}: C[{i},{r}] = {actual}, expected {expected[i, r]}.");
                }
                for (int r = c.K; r < stride; r++)
                    if (!T.IsNaN(buffer[i * stride + r])) throw new InvalidOperationException($"{c}, tier {tier}: padding of row {i} was written.");
            }
        }
        return true;
    }

    [Fact]
    public void MultiplyRatio_OnTheTranspose_IsTheHNumerator_WtTimesRatio()
    {
        var random = new System.Random(9);
        var x = new RandomCsr<double>(60, 45, 0.2, random);
        var w = RandomSparse.Dense<double>(60, 12, random);
        var ht = RandomSparse.Dense<double>(45, 12, random);
        int nnz = x.NonZeros;
        var tRp = new int[46];
        var tCi = new int[nnz];
        var tV = new double[nnz];
        SparseTranspose.Build<double>(x.RowPointers, x.ColumnIndices, x.Values, 60, 45, tRp, tCi, tV, default);
        var numerator = new Matrix<double>(45, 12);
        SparseKernels.MultiplyRatio<double>(tRp, tCi, tV, 45, 60, ht.AsReadOnlyMatrixSpan(), w.AsReadOnlyMatrixSpan(), 1e-9, numerator.AsMatrixSpan());

        // Two-step path: the ratio in X's order, then Xᵀ-shaped product through the transposed structure.
        var ratio = new double[nnz];
        SparseKernels.SampledRatio<double>(x.RowPointers, x.ColumnIndices, x.Values, 60, 45, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-9, ratio);
        var dense = new double[60, 45];
        for (int i = 0; i < 60; i++)
            for (int p = x.RowPointers[i]; p < x.RowPointers[i + 1]; p++) dense[i, x.ColumnIndices[p]] += ratio[p];
        for (int j = 0; j < 45; j++)
            for (int r = 0; r < 12; r++)
            {
                double expected = 0;
                for (int i = 0; i < 60; i++) expected += w[i, r] * dense[i, j];
                Assert.Equal(expected, numerator[j, r], 1e-10 * (1 + Math.Abs(expected)));
            }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(100)]
    public void MultiplyRatio_IsBitwiseIdentical_ForAnyThreadCount(int k)
    {
        var random = new System.Random(k);
        var x = new RandomCsr<float>(1200, 300, 0.05, random);
        var w = RandomSparse.Dense<float>(1200, k, random);
        var ht = RandomSparse.Dense<float>(300, k, random);
        foreach (var tier in RandomSparse.Tiers())
        {
            var serial = new Matrix<float>(1200, k);
            SparseKernels.MultiplyRatio<float>(x.RowPointers, x.ColumnIndices, x.Values, 1200, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, serial.AsMatrixSpan(), 1, tier);
            foreach (int dop in new[] { 2, 3, 7, -1 })
            {
                var parallel = new Matrix<float>(1200, k);
                SparseKernels.MultiplyRatio<float>(x.RowPointers, x.ColumnIndices, x.Values, 1200, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, parallel.AsMatrixSpan(), dop, tier);
                Assert.True(serial.AsSpan().SequenceEqual(parallel.AsSpan()), $"tier {tier}, dop {dop}");
            }
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void MultiplySampled_WithBetaNumeratorMap_MatchesDenseReference(double beta)
    {
        var random = new System.Random(13);
        var x = new RandomCsr<double>(50, 40, 0.2, random);
        var w = RandomSparse.Dense<double>(50, 20, random);
        var ht = RandomSparse.Dense<double>(40, 20, random);
        foreach (var tier in RandomSparse.Tiers())
        {
            var c = new Matrix<double>(50, 20);
            SparseKernels.MultiplySampled(x.RowPointers, x.ColumnIndices, x.Values, 50, 40, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(),
                new SampledBetaNumeratorMap<double>(beta, 1e-9), c.AsMatrixSpan(), 1, tier);
            for (int i = 0; i < 50; i++)
            {
                var expected = new double[20];
                for (int p = x.RowPointers[i]; p < x.RowPointers[i + 1]; p++)
                {
                    int j = x.ColumnIndices[p];
                    double wh = 0;
                    for (int r = 0; r < 20; r++) wh += w[i, r] * ht[j, r];
                    double mapped = x.Values[p] * Math.Pow(wh, beta - 2);
                    for (int r = 0; r < 20; r++) expected[r] += mapped * ht[j, r];
                }
                for (int r = 0; r < 20; r++) Assert.Equal(expected[r], c[i, r], 1e-10 * (1 + Math.Abs(expected[r])));
            }
        }
    }

    [Fact]
    public void KlMultiplicativeStep_FromSparseKernels_MatchesDenseStep()
    {
        // The recipe of docs/sparse.md: W ← W ⊙ (X ⊘ WH)Hᵀ ⊘ (1·colsum(Hᵀ)), then Hᵀ ← Hᵀ ⊙ (Wᵀ(X ⊘ WH))ᵀ ⊘ (1·colsum(W)),
        // and D(X‖WH) = Σ_nz x·log(x/wh) − Σx + colsum(W)·colsum(Hᵀ); checked against the dense formulas.
        const int M = 30, N = 25, K = 5;
        var random = new System.Random(21);
        var x = new RandomCsr<double>(M, N, 0.3, random);
        var w = RandomSparse.Dense<double>(M, K, random);
        var ht = RandomSparse.Dense<double>(N, K, random);
        var dense = x.ToDense();
        double[,] Model(Matrix<double> ww, Matrix<double> hh)
        {
            var wh = new double[M, N];
            for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) for (int r = 0; r < K; r++) wh[i, j] += ww[i, r] * hh[j, r];
            return wh;
        }

        // Dense reference step.
        var wRef = w.Clone();
        var htRef = ht.Clone();
        var model = Model(wRef, htRef);
        var wNew = new double[M, K];
        for (int i = 0; i < M; i++)
            for (int r = 0; r < K; r++)
            {
                double num = 0, den = 0;
                for (int j = 0; j < N; j++) { num += dense[i, j] / Math.Max(model[i, j], 1e-12) * htRef[j, r]; den += htRef[j, r]; }
                wNew[i, r] = wRef[i, r] * num / den;
            }
        for (int i = 0; i < M; i++) for (int r = 0; r < K; r++) wRef[i, r] = wNew[i, r];
        model = Model(wRef, htRef);
        var hNew = new double[N, K];
        for (int j = 0; j < N; j++)
            for (int r = 0; r < K; r++)
            {
                double num = 0, den = 0;
                for (int i = 0; i < M; i++) { num += wRef[i, r] * dense[i, j] / Math.Max(model[i, j], 1e-12); den += wRef[i, r]; }
                hNew[j, r] = htRef[j, r] * num / den;
            }
        for (int j = 0; j < N; j++) for (int r = 0; r < K; r++) htRef[j, r] = hNew[j, r];
        model = Model(wRef, htRef);
        double klRef = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
                klRef += (dense[i, j] > 0 ? dense[i, j] * Math.Log(dense[i, j] / model[i, j]) : 0) - dense[i, j] + model[i, j];

        // Sparse step.
        int nnz = x.NonZeros;
        var tRp = new int[N + 1];
        var tCi = new int[nnz];
        var tV = new double[nnz];
        SparseTranspose.Build<double>(x.RowPointers, x.ColumnIndices, x.Values, M, N, tRp, tCi, tV, default);
        var numW = new Matrix<double>(M, K);
        SparseKernels.MultiplyRatio<double>(x.RowPointers, x.ColumnIndices, x.Values, M, N, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-12, numW.AsMatrixSpan());
        for (int r = 0; r < K; r++)
        {
            double den = 0;
            for (int j = 0; j < N; j++) den += ht[j, r];
            for (int i = 0; i < M; i++) w[i, r] *= numW[i, r] / den;
        }
        var numH = new Matrix<double>(N, K);
        SparseKernels.MultiplyRatio<double>(tRp, tCi, tV, N, M, ht.AsReadOnlyMatrixSpan(), w.AsReadOnlyMatrixSpan(), 1e-12, numH.AsMatrixSpan());
        for (int r = 0; r < K; r++)
        {
            double den = 0;
            for (int i = 0; i < M; i++) den += w[i, r];
            for (int j = 0; j < N; j++) ht[j, r] *= numH[j, r] / den;
        }
        double sumX = 0;
        foreach (var v in x.Values) sumX += v;
        double modelSum = 0;
        for (int r = 0; r < K; r++)
        {
            double sw = 0, sh = 0;
            for (int i = 0; i < M; i++) sw += w[i, r];
            for (int j = 0; j < N; j++) sh += ht[j, r];
            modelSum += sw * sh;
        }
        double kl = SparseKernels.SampledKullbackLeibler<double>(x.RowPointers, x.ColumnIndices, x.Values, M, N, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-12) - sumX + modelSum;

        for (int i = 0; i < M; i++) for (int r = 0; r < K; r++) Assert.Equal(wRef[i, r], w[i, r], 1e-12 * (1 + wRef[i, r]));
        for (int j = 0; j < N; j++) for (int r = 0; r < K; r++) Assert.Equal(htRef[j, r], ht[j, r], 1e-12 * (1 + htRef[j, r]));
        Assert.Equal(klRef, kl, 1e-10 * (1 + Math.Abs(klRef)));
    }
}
