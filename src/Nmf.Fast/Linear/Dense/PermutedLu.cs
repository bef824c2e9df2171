// LU with partial pivoting of a tall matrix, returning P·L in place (scipy.linalg.lu(A, permute_l=True)[0]).
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear.Dense;

/// <summary>
/// Gaussian elimination with partial (row) pivoting, A = P·L·U, for an r×c matrix with r ≥ c. Used as the
/// power-iteration normaliser of the randomized range finder (Halko, Martinsson &amp; Tropp 2011, §4.5; the
/// "LU" scheme of scikit-learn): P·L spans the same space as A when A has full column rank and is far better
/// conditioned, at half the cost of a QR.
/// </summary>
internal static class PermutedLu
{
    /// <summary>
    /// Overwrites <paramref name="a"/> (r×c, r ≥ c) with P·L: row i of the result is row π⁻¹(i) of the unit
    /// lower-trapezoidal L. Pivots are the first entry of largest magnitude, as LAPACK's <c>getrf</c> picks them.
    /// A zero pivot column (rank deficiency) is left unscaled and elimination moves on, as LAPACK does.
    /// </summary>
    public static void OverwriteWithPermutedL<T>(MatrixSpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, cols = a.Cols;
        if (rows < cols) throw new ArgumentException($"The permuted-L factor needs rows ≥ cols, but the matrix is {rows}×{cols}.", nameof(a));
        int[] orderArray = ArrayPool<int>.Shared.Rent(Math.Max(rows, 1));
        Span<int> order = orderArray.AsSpan(0, rows); // order[p] = physical row eliminated at step p
        try
        {
            for (int i = 0; i < rows; i++) order[i] = i;
            for (int j = 0; j < cols; j++)
            {
                int best = j;
                T bestMagnitude = T.Abs(a[order[j], j]);
                for (int p = j + 1; p < rows; p++)
                {
                    T magnitude = T.Abs(a[order[p], j]);
                    if (magnitude > bestMagnitude) { best = p; bestMagnitude = magnitude; }
                }
                (order[j], order[best]) = (order[best], order[j]);
                int pivotRow = order[j];
                T pivot = a[pivotRow, j];
                if (pivot == T.Zero) continue;
                ReadOnlySpan<T> pivotTail = a.Row(pivotRow)[(j + 1)..];
                for (int p = j + 1; p < rows; p++)
                {
                    Span<T> row = a.Row(order[p]);
                    T factor = row[j] / pivot;
                    row[j] = factor;
                    if (factor != T.Zero && pivotTail.Length > 0)
                        TensorPrimitives.MultiplyAdd(pivotTail, -factor, row[(j + 1)..], row[(j + 1)..]);
                }
            }
            // Row order[p] now holds L's row p below the diagonal and U's row p from it: keep L only.
            for (int p = 0; p < rows; p++)
            {
                Span<T> row = a.Row(order[p]);
                if (p < cols)
                {
                    row[p] = T.One;
                    row[(p + 1)..].Clear();
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(orderArray);
        }
    }
}
