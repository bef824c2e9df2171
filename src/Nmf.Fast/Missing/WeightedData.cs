// The two cross products of a weighted fit (Ω∘X)·O for either side, over a dense Ω∘X (GEMM) or the stored entries of a CSR X.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Missing;

/// <summary>
/// Read access to the weighted data Y = Ω∘X (missing entries 0) as the solvers of a weighted fit need it: C ← Y·Hᵀ (m×kp)
/// and C ← Yᵀ·W (n×kp), with both factors rank-contiguous and padded to kp columns; and the constant ½·Σ ωx² of the loss.
/// </summary>
internal abstract class WeightedData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>m.</summary>
    public abstract int Rows { get; }

    /// <summary>n.</summary>
    public abstract int Cols { get; }

    /// <summary>Σᵢⱼ ωᵢⱼ·xᵢⱼ², in double.</summary>
    public abstract double WeightedSquaredNorm { get; }

    /// <summary>True when the products read the factors component-major (H k×n, Wᵀ k×m), which the solver then keeps in sync.</summary>
    public abstract bool NeedsComponentMajor { get; }

    /// <summary>C (m×kp, first k columns) ← Y·Hᵀ, from H (k×n) or Hᵀ (n×kp), whichever the implementation reads; scratch is k×m.</summary>
    public abstract void TimesFactor(Matrix<T> h, Matrix<T> ht, Matrix<T> c, Matrix<T> scratch, int maxDegreeOfParallelism);

    /// <summary>C (n×kp, first k columns) ← Yᵀ·W, from Wᵀ (k×m) or W (m×kp); scratch is k×n.</summary>
    public abstract void TransposeTimesFactor(Matrix<T> wt, Matrix<T> w, Matrix<T> c, Matrix<T> scratch, int maxDegreeOfParallelism);

    /// <summary>The first k columns of <paramref name="destination"/> (r×kp) ← <paramref name="source"/>ᵀ (k×r).</summary>
    protected static void IntoRankContiguous(Matrix<T> source, Matrix<T> destination) =>
        CsrFitData<T>.Transpose(source.AsReadOnlyMatrixSpan(), destination.AsMatrixSpan().Slice(0, 0, destination.Rows, source.Rows));
}

/// <summary>
/// A dense Y = Ω∘X with its transpose kept for the H step (X is constant for the whole fit). The products run as the plain
/// HALS runs them, H·Yᵀ and Wᵀ·(Yᵀ)ᵀ with the rank as the GEMM's row dimension: with only k = 10–30 output columns, Y·Hᵀ
/// would waste most of each 32-wide register tile (measured 1.5–2× slower), so the k×m result is transposed instead (O(mk)).
/// </summary>
internal sealed class DenseWeightedData<T> : WeightedData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Matrix<T> _y;
    private readonly Matrix<T>? _yt;

    /// <param name="y">Ω∘X (missing entries 0), owned.</param>
    /// <param name="weightedSquaredNorm">Σ ωx².</param>
    /// <param name="keepTranspose">Whether the H step will run (then Yᵀ is built once).</param>
    public DenseWeightedData(Matrix<T> y, double weightedSquaredNorm, bool keepTranspose)
    {
        _y = y;
        _yt = keepTranspose ? DenseData.TransposedCopy(y.AsReadOnlyMatrixSpan()) : null;
        WeightedSquaredNorm = weightedSquaredNorm;
    }

    public override int Rows => _y.Rows;

    public override int Cols => _y.Cols;

    public override double WeightedSquaredNorm { get; }

    public override bool NeedsComponentMajor => true;

    public override void TimesFactor(Matrix<T> h, Matrix<T> ht, Matrix<T> c, Matrix<T> scratch, int maxDegreeOfParallelism)
    {
        DenseData.FactorTimesTranspose(_y.AsReadOnlyMatrixSpan(), h.AsReadOnlyMatrixSpan(), scratch, maxDegreeOfParallelism);
        IntoRankContiguous(scratch, c);
    }

    public override void TransposeTimesFactor(Matrix<T> wt, Matrix<T> w, Matrix<T> c, Matrix<T> scratch, int maxDegreeOfParallelism)
    {
        DenseData.FactorTimes(_y.AsReadOnlyMatrixSpan(), _yt, wt.AsReadOnlyMatrixSpan(), scratch, maxDegreeOfParallelism);
        IntoRankContiguous(scratch, c);
    }
}

/// <summary>A CSR X whose stored entries are the observed ones (weight 1): the CSR×dense kernels, Xᵀ built once.</summary>
internal sealed class StoredEntriesData<T> : WeightedData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CsrMatrix<T> _x;
    private readonly CsrMatrix<T> _xt;

    public StoredEntriesData(CsrMatrix<T> x, CsrMatrix<T> xTransposed)
    {
        _x = x;
        _xt = xTransposed;
        WeightedSquaredNorm = SparseKernels.SquaredFrobeniusNorm(x.Values);
    }

    public override int Rows => _x.Rows;

    public override int Cols => _x.Cols;

    public override double WeightedSquaredNorm { get; }

    public override bool NeedsComponentMajor => false;

    public override void TimesFactor(Matrix<T> h, Matrix<T> ht, Matrix<T> c, Matrix<T> scratch, int maxDegreeOfParallelism) =>
        SparseKernels.Multiply(_x.RowPointers, _x.ColumnIndices, _x.Values, _x.Rows, _x.Cols, ht, c, maxDegreeOfParallelism);

    public override void TransposeTimesFactor(Matrix<T> wt, Matrix<T> w, Matrix<T> c, Matrix<T> scratch, int maxDegreeOfParallelism) =>
        SparseKernels.Multiply(_xt.RowPointers, _xt.ColumnIndices, _xt.Values, _xt.Rows, _xt.Cols, w, c, maxDegreeOfParallelism);
}
