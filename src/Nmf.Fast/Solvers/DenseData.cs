// Every product and reduction the solvers need from a dense X, in one place (a CSR counterpart can mirror it).
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers;

/// <summary>
/// The only code that reads X during a fit: X·Hᵀ, Xᵀ·W, ‖X‖²_F, mean(X) and the exact residual
/// ‖X − WH‖²_F. A sparse X gets the same members over its CSR storage.
/// </summary>
internal static class DenseData
{
    /// <summary>XHt (m×k) ← X (m×n) · Ht (n×k), where Ht is Hᵀ stored row-major.</summary>
    public static void TimesFactor<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> ht, MatrixSpan<T> xht, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm.Multiply(T.One, x, MatrixOp.None, ht, MatrixOp.None, T.Zero, xht, maxDegreeOfParallelism);

    /// <summary>XtW (n×k) ← Xᵀ · W (m×k).</summary>
    public static void TransposeTimesFactor<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> w, MatrixSpan<T> xtw, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm.Multiply(T.One, x, MatrixOp.Transpose, w, MatrixOp.None, T.Zero, xtw, maxDegreeOfParallelism);

    /// <summary>‖X‖²_F, accumulated in double.</summary>
    public static double SquaredNorm<T>(ReadOnlyMatrixSpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < x.Rows; i++) sum += Reductions.SumOfSquares(x.Row(i));
        return sum;
    }

    /// <summary>The mean of all entries, accumulated in double.</summary>
    public static double Mean<T>(ReadOnlyMatrixSpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return 0;
        double sum = 0;
        for (int i = 0; i < x.Rows; i++) sum += Reductions.Sum(x.Row(i));
        return sum / ((double)x.Rows * x.Cols);
    }

    /// <summary>
    /// ‖X − W·H‖²_F computed exactly, one row panel of W·H at a time (O(panel·n) extra memory, never m×n).
    /// </summary>
    public static double SquaredResidual<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols;
        int panelRows = Math.Clamp((1 << 16) / Math.Max(1, n), 1, Math.Max(1, m));
        var panel = new Matrix<T>(panelRows, n);
        double sum = 0;
        for (int i0 = 0; i0 < m; i0 += panelRows)
        {
            int rows = Math.Min(panelRows, m - i0);
            var block = panel.AsMatrixSpan().SliceRows(0, rows);
            Gemm.Multiply(T.One, w.SliceRows(i0, rows), MatrixOp.None, h, MatrixOp.None, T.Zero, block, maxDegreeOfParallelism);
            for (int r = 0; r < rows; r++)
                sum += Reductions.SquaredDistance(x.Row(i0 + r), block.Row(r));
        }
        return sum;
    }
}
