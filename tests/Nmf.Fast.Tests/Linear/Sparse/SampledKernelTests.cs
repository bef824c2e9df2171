// Sampled products at the stored entries ((WH)ᵢⱼ, X ⊘ WH, ⟨X, WH⟩, KL terms) and ‖X‖², against dense references.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class SampledKernelTests
{
    [Property(MaxTest = 60)]
    public Property SampledKernels_MatchDenseReference_Float() => Prop.ForAll(RandomSparse.Cases, c => MatchesReference<float>(c));

    [Property(MaxTest = 60)]
    public Property SampledKernels_MatchDenseReference_Double() => Prop.ForAll(RandomSparse.Cases, c => MatchesReference<double>(c));

    private static bool MatchesReference<T>(SparseCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var x = new RandomCsr<T>(c.Rows, c.Cols, c.Density, random);
        var w = RandomSparse.Dense<T>(c.Rows, c.K, random);
        var ht = RandomSparse.Dense<T>(c.Cols, c.K, random);
        int nnz = x.NonZeros;
        T eps = T.CreateTruncating(1e-3);

        // Reference values at each stored entry, in double.
        var wh = new double[nnz];
        var scale = new double[nnz];
        double inner = 0, innerScale = 0, kl = 0, klScale = 0;
        for (int i = 0; i < c.Rows; i++)
            for (int p = x.RowPointers[i]; p < x.RowPointers[i + 1]; p++)
            {
                int j = x.ColumnIndices[p];
                for (int r = 0; r < c.K; r++)
                {
                    double t = double.CreateTruncating(w[i, r]) * double.CreateTruncating(ht[j, r]);
                    wh[p] += t;
                    scale[p] += Math.Abs(t);
                }
                double xv = double.CreateTruncating(x.Values[p]);
                inner += xv * wh[p];
                innerScale += Math.Abs(xv) * scale[p];
                if (xv != 0)
                {
                    double term = xv * Math.Log(xv / Math.Max(wh[p], 1e-3));
                    kl += term;
                    klScale += Math.Abs(term) + Math.Abs(xv);
                }
            }

        var output = new T[nnz];
        foreach (var tier in RandomSparse.Tiers())
        {
            SparseKernels.SampledProduct<T>(x.RowPointers, x.ColumnIndices, x.Values, c.Rows, c.Cols, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), output, 1, tier);
            for (int p = 0; p < nnz; p++)
                Check(c, tier, "WH", p, double.CreateTruncating(output[p]), wh[p], RandomSparse.Tolerance<T>(scale[p], c.K));

            SparseKernels.SampledRatio<T>(x.RowPointers, x.ColumnIndices, x.Values, c.Rows, c.Cols, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), eps, output, 1, tier);
            for (int p = 0; p < nnz; p++)
            {
                double expected = double.CreateTruncating(x.Values[p]) / Math.Max(wh[p], 1e-3);
                Check(c, tier, "ratio", p, double.CreateTruncating(output[p]), expected, RandomSparse.Tolerance<T>(Math.Abs(expected) * 1e3, c.K));
            }

            double innerActual = SparseKernels.SampledInnerProduct<T>(x.RowPointers, x.ColumnIndices, x.Values, c.Rows, c.Cols, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1, tier);
            Check(c, tier, "⟨X,WH⟩", -1, innerActual, inner, RandomSparse.Tolerance<T>(innerScale, c.K));

            double klActual = SparseKernels.SampledKullbackLeibler<T>(x.RowPointers, x.ColumnIndices, x.Values, c.Rows, c.Cols, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), eps, 1, tier);
            Check(c, tier, "KL", -1, klActual, kl, RandomSparse.Tolerance<T>(klScale * 1e3, c.K));
        }

        double norm = 0;
        foreach (var v in x.Values) norm += double.CreateTruncating(v) * double.CreateTruncating(v);
        Check(c, SparseTier.Scalar, "‖X‖²", -1, SparseKernels.SquaredFrobeniusNorm<T>(x.Values), norm, 1e-12 * (norm + 1));
        return true;
    }

    private static void Check(SparseCase c, SparseTier tier, string what, int p, double actual, double expected, double tolerance)
    {
        if (!(Math.Abs(actual - expected) <= tolerance))
            throw new InvalidOperationException($"{c}, tier {tier}: {what} at entry {p} = {actual}, expected {expected} (± {tolerance}).");
    }

    [Fact]
    public void SampledKernels_AreBitwiseIdentical_ForAnyThreadCount()
    {
        var random = new System.Random(11);
        var x = new RandomCsr<float>(2000, 300, 0.05, random);
        var w = RandomSparse.Dense<float>(2000, 20, random);
        var ht = RandomSparse.Dense<float>(300, 20, random);
        foreach (var tier in RandomSparse.Tiers())
        {
            var serial = new float[x.NonZeros];
            SparseKernels.SampledRatio<float>(x.RowPointers, x.ColumnIndices, x.Values, 2000, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, serial, 1, tier);
            double inner1 = SparseKernels.SampledInnerProduct<float>(x.RowPointers, x.ColumnIndices, x.Values, 2000, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1, tier);
            double kl1 = SparseKernels.SampledKullbackLeibler<float>(x.RowPointers, x.ColumnIndices, x.Values, 2000, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, 1, tier);
            foreach (int dop in new[] { 2, 3, 7, -1 })
            {
                var parallel = new float[x.NonZeros];
                SparseKernels.SampledRatio<float>(x.RowPointers, x.ColumnIndices, x.Values, 2000, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, parallel, dop, tier);
                Assert.True(serial.AsSpan().SequenceEqual(parallel), $"ratio, tier {tier}, dop {dop}");
                Assert.Equal(inner1, SparseKernels.SampledInnerProduct<float>(x.RowPointers, x.ColumnIndices, x.Values, 2000, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), dop, tier));
                Assert.Equal(kl1, SparseKernels.SampledKullbackLeibler<float>(x.RowPointers, x.ColumnIndices, x.Values, 2000, 300, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, dop, tier));
            }
        }
    }

    [Fact]
    public void FrobeniusLoss_FromSampledInnerProduct_EqualsDenseResidual()
    {
        // ‖X − WH‖² = ‖X‖² − 2⟨X, WH⟩ + ⟨WᵀW, HHᵀ⟩, the identity the sparse Frobenius loss rests on.
        var random = new System.Random(3);
        var x = new RandomCsr<double>(40, 30, 0.2, random);
        var w = RandomSparse.Dense<double>(40, 6, random);
        var ht = RandomSparse.Dense<double>(30, 6, random);
        double gramTerm = 0;
        for (int a = 0; a < 6; a++)
            for (int b = 0; b < 6; b++)
            {
                double wtw = 0, hht = 0;
                for (int i = 0; i < 40; i++) wtw += w[i, a] * w[i, b];
                for (int j = 0; j < 30; j++) hht += ht[j, a] * ht[j, b];
                gramTerm += wtw * hht;
            }
        double loss = SparseKernels.SquaredFrobeniusNorm<double>(x.Values)
            - 2 * SparseKernels.SampledInnerProduct<double>(x.RowPointers, x.ColumnIndices, x.Values, 40, 30, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan())
            + gramTerm;
        var dense = x.ToDense();
        double expected = 0;
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 30; j++)
            {
                double model = 0;
                for (int r = 0; r < 6; r++) model += w[i, r] * ht[j, r];
                expected += (dense[i, j] - model) * (dense[i, j] - model);
            }
        Assert.Equal(expected, loss, 1e-9 * expected);
    }

    [Fact]
    public void SampledKernels_RejectMismatchedFactorsAndBadEpsilon()
    {
        int[] rp = [0, 1, 2];
        int[] ci = [0, 1];
        double[] v = [1, 2];
        var w = new Matrix<double>(2, 3);
        var ht = new Matrix<double>(2, 3);
        var badHt = new Matrix<double>(3, 3);
        var e = Assert.Throws<ArgumentException>(() => SparseKernels.SampledProduct<double>(rp, ci, v, 2, 2, w.AsReadOnlyMatrixSpan(), badHt.AsReadOnlyMatrixSpan(), new double[2]));
        Assert.Contains("2×2", e.Message);
        Assert.Throws<ArgumentException>(() => SparseKernels.SampledProduct<double>(rp, ci, v, 2, 2, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), new double[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseKernels.SampledRatio<double>(rp, ci, v, 2, 2, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 0.0, new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseKernels.SampledKullbackLeibler<double>(rp, ci, v, 2, 2, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), double.NaN));
    }
}
