// The two cross products of a weighted fit (Ω∘X)·O for either side, over a dense Ω∘X (GEMM) or the stored entries of a CSR X.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;

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

    /// <summary>C (m×kp) ← Y·Ht for Ht n×kp.</summary>
    public abstract void TimesFactor(Matrix<T> ht, Matrix<T> c, int maxDegreeOfParallelism);

    /// <summary>C (n×kp) ← Yᵀ·W for W m×kp.</summary>
    public abstract void TransposeTimesFactor(Matrix<T> w, Matrix<T> c, int maxDegreeOfParallelism);
}

/// <summary>A dense Y = Ω∘X with its transpose kept for the H step (X is constant for the whole fit).</summary>
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

    public override void TimesFactor(Matrix<T> ht, Matrix<T> c, int maxDegreeOfParallelism) =>
        Gemm.Multiply(T.One, _y, MatrixOp.None, ht, MatrixOp.None, T.Zero, c, maxDegreeOfParallelism);

    public override void TransposeTimesFactor(Matrix<T> w, Matrix<T> c, int maxDegreeOfParallelism)
    {
        if (_yt is not null) Gemm.Multiply(T.One, _yt, MatrixOp.None, w, MatrixOp.None, T.Zero, c, maxDegreeOfParallelism);
        else Gemm.Multiply(T.One, _y, MatrixOp.Transpose, w, MatrixOp.None, T.Zero, c, maxDegreeOfParallelism);
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

    public override void TimesFactor(Matrix<T> ht, Matrix<T> c, int maxDegreeOfParallelism) =>
        SparseKernels.Multiply(_x.RowPointers, _x.ColumnIndices, _x.Values, _x.Rows, _x.Cols, ht, c, maxDegreeOfParallelism);

    public override void TransposeTimesFactor(Matrix<T> w, Matrix<T> c, int maxDegreeOfParallelism) =>
        SparseKernels.Multiply(_xt.RowPointers, _xt.ColumnIndices, _xt.Values, _xt.Rows, _xt.Cols, w, c, maxDegreeOfParallelism);
}
