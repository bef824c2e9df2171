// The products and reductions of X that solvers and inits need, behind one interface, so one solver loop serves dense and sparse X.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Data;

/// <summary>
/// Read-only access to the data X (m×n) through the only operations a fit performs on it: products with a
/// k-wide factor in both layouts, ‖X‖²_F and mean(X). <see cref="DenseFitData{T}"/> runs them with the GEMM,
/// <see cref="CsrFitData{T}"/> with the CSR kernels, and neither ever forms an m×n buffer beyond X itself.
/// </summary>
internal interface IFitData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>m.</summary>
    int Rows { get; }

    /// <summary>n.</summary>
    int Cols { get; }

    /// <summary>‖X‖²_F, accumulated in double.</summary>
    double SquaredNorm();

    /// <summary>
    /// The entries a product with X runs over: m·n for a dense X, nnz for a sparse one. Cost models that weigh a product
    /// (k multiply-adds per entry) against a sweep use it (<see cref="Accelerated.InnerSweepRule.Accelerated"/>).
    /// </summary>
    double ProductEntries => (double)Rows * Cols;

    /// <summary>X.mean() as NumPy (dense) or SciPy (sparse) returns it, in T.</summary>
    T Mean();

    /// <summary>C (k×m) ← H (k×n) · Xᵀ: the HALS W step's cross product, component-major.</summary>
    void FactorTimesTranspose(ReadOnlyMatrixSpan<T> h, MatrixSpan<T> c, int maxDegreeOfParallelism);

    /// <summary>C (k×n) ← Wᵀ (k×m) · X: the HALS H step's cross product, component-major.</summary>
    void FactorTimes(ReadOnlyMatrixSpan<T> wt, MatrixSpan<T> c, int maxDegreeOfParallelism);

    /// <summary>
    /// A buffer of at least max(m, n)×k elements in which a solver may leave the row-major copy of the factor it passes
    /// next (W, m×k, before <see cref="FactorTimes(ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int, bool)"/>; Hᵀ, n×k, before
    /// <see cref="FactorTimesTranspose(ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int, bool)"/>), element (i, t) at i·k + t, so
    /// the product skips its own transpose; null when the products do not use one (dense X).
    /// </summary>
    Matrix<T>? OperandPanel(int k) => null;

    /// <summary>
    /// <see cref="FactorTimesTranspose(ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/>; <paramref name="operandReady"/> says
    /// that <see cref="OperandPanel"/> already holds Hᵀ (n×k).
    /// </summary>
    void FactorTimesTranspose(ReadOnlyMatrixSpan<T> h, MatrixSpan<T> c, int maxDegreeOfParallelism, bool operandReady) =>
        FactorTimesTranspose(h, c, maxDegreeOfParallelism);

    /// <summary>
    /// <see cref="FactorTimes(ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/>; <paramref name="operandReady"/> says that
    /// <see cref="OperandPanel"/> already holds W (m×k).
    /// </summary>
    void FactorTimes(ReadOnlyMatrixSpan<T> wt, MatrixSpan<T> c, int maxDegreeOfParallelism, bool operandReady) =>
        FactorTimes(wt, c, maxDegreeOfParallelism);

    /// <summary>C ← op(X)·B (B dense, row-major): m×l from n×l for None, n×l from m×l for Transpose (randomized SVD).</summary>
    void Multiply(MatrixOp op, ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, int maxDegreeOfParallelism);

    /// <summary>Writes op(X) densely into <paramref name="destination"/> (randomized SVD when min(m, n) ≤ rank + oversamples).</summary>
    void CopyTo(MatrixOp op, MatrixSpan<T> destination);
}
