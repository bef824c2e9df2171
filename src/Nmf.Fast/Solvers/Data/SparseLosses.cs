// Frobenius residual and generalized KL divergence of a CSR X against W·H from the stored entries and k-sized sums only.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Data;

/// <summary>Losses of a sparse X without an m×n buffer.</summary>
internal static class SparseLosses
{
    /// <summary>‖X − WH‖²_F = ‖X‖² − 2·⟨X, WH⟩ + ⟨WᵀW, HHᵀ⟩, ⟨X, WH⟩ over the stored entries; clamped at 0.</summary>
    public static double SquaredResidual<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> h, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = w.Cols;
        var ht = new Matrix<T>(h.Cols, k);
        CsrFitData<T>.Transpose(h.AsReadOnlyMatrixSpan(), ht.AsMatrixSpan());
        return SquaredResidualTransposed(x, w, ht, dop);
    }

    /// <summary><see cref="SquaredResidual{T}"/> with H given as Hᵀ (n×k).</summary>
    public static double SquaredResidualTransposed<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> ht, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = w.Cols;
        double xNormSq = SparseKernels.SquaredFrobeniusNorm(x.Values);
        double inner = SparseKernels.SampledInnerProduct(x.RowPointers, x.ColumnIndices, x.Values, x.Rows, x.Cols,
            w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), dop);
        var gramW = new Matrix<T>(k, k);
        var gramH = new Matrix<T>(k, k);
        Gram.OfColumns(w.AsReadOnlyMatrixSpan(), gramW.AsMatrixSpan(), dop);
        Gram.OfColumns(ht.AsReadOnlyMatrixSpan(), gramH.AsMatrixSpan(), dop);
        double gramInner = Reductions.FrobeniusInner<T>(gramW, gramH);
        return Math.Max(0, xNormSq - 2 * inner + gramInner);
    }

    /// <summary>
    /// Generalized KL D(X‖WH) = Σ_stored x·log(x / max((WH)ᵢⱼ, ε)) − Σx + (1ᵀW)(H1) (scikit-learn's sparse β = 1 branch:
    /// missing entries contribute only their (WH)ᵢⱼ, summed through the factors' column and row sums).
    /// </summary>
    public static double KullbackLeibler<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> h, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ht = new Matrix<T>(h.Cols, w.Cols);
        CsrFitData<T>.Transpose(h.AsReadOnlyMatrixSpan(), ht.AsMatrixSpan());
        return KullbackLeiblerTransposed(x, w, ht, dop);
    }

    /// <summary><see cref="KullbackLeibler{T}"/> with H given as Hᵀ (n×k).</summary>
    public static double KullbackLeiblerTransposed<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> ht, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double logTerm = SparseKernels.SampledKullbackLeibler(x.RowPointers, x.ColumnIndices, x.Values, x.Rows, x.Cols,
            w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), T.CreateTruncating(SklearnGuards.Epsilon), dop);
        double xSum = 0;
        foreach (T v in x.Values) xSum += double.CreateTruncating(v);
        return logTerm - xSum + SumOfProduct(w, ht);
    }

    /// <summary>Σᵢⱼ (W·H)ᵢⱼ = Σ_t (Σᵢ W[i,t])·(Σⱼ Hᵀ[j,t]).</summary>
    internal static double SumOfProduct<T>(Matrix<T> w, Matrix<T> ht) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = w.Cols;
        var wSum = new double[k];
        var hSum = new double[k];
        ColumnSums(w, wSum);
        ColumnSums(ht, hSum);
        double total = 0;
        for (int t = 0; t < k; t++) total += wSum[t] * hSum[t];
        return total;
    }

    /// <summary>sums[t] ← Σᵢ a[i, t], in double.</summary>
    internal static void ColumnSums<T>(Matrix<T> a, Span<double> sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        sums.Clear();
        for (int i = 0; i < a.Rows; i++)
        {
            var row = a.Row(i);
            for (int t = 0; t < row.Length; t++) sums[t] += double.CreateTruncating(row[t]);
        }
    }
}
