// Cholesky factor of the Gram matrix restricted to an ordered set of components, extended row by row, and its solve.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nmf.Fast.Projection;

/// <summary>
/// L·Lᵀ = G[F, F] for F = (index[0], …, index[p−1]), with L lower triangular and stored row-major with row
/// stride k (row i at <c>factor[i·k ..]</c>, only its first i + 1 entries meaningful). The diagonal slot holds
/// 1/L_ii, so the chains of dependent operations in the factorization and the solves multiply instead of divide. Row i depends only on
/// the components index[0..i], so appending a component factors one new row (O(p²)), and removing the component at
/// position q keeps rows 0..q−1 and turns the trailing block into the factor of the smaller matrix by a rank-one
/// update (O((p − q)²); Gill, Golub, Murray &amp; Saunders, "Methods for modifying matrix factorizations", Math.
/// Comp. 28, 1974).
/// <code>
///   row 0: 1/L00
///   row 1: L10 1/L11
///   row 2: L20 L21 1/L22       rows 0..valid−1 reused, rows valid..p−1 (re)computed by FactorRows
/// </code>
/// </summary>
internal static class FreeSetCholesky
{
    /// <summary>A pivot below this fraction of its diagonal entry of G means G[F, F] is singular to working precision.</summary>
    private const double PivotFloor = 1e-12;

    /// <summary>
    /// Computes rows [<paramref name="from"/>, index.Length) of L, given rows 0..from−1 for the same leading components.
    /// False when G[F, F] is not numerically positive definite (then the rows from the failing one on are undefined).
    /// </summary>
    /// <remarks>
    /// Column by column (L[i, j] = (G[tᵢ, tⱼ] − L[i, 0..j)·L[j, 0..j)) / L[j, j] for every new row i, then column j + 1):
    /// the dot products of one column are independent of each other, so the core overlaps them, where a row-by-row
    /// order would chain each on the previous. Every entry gets the same operations in either order.
    /// </remarks>
    public static bool FactorRows(ReadOnlySpan<double> gram, int k, ReadOnlySpan<int> index, int from, Span<double> factor)
    {
        int p = index.Length;
        ref double g = ref MemoryMarshal.GetReference(gram);
        ref double l = ref MemoryMarshal.GetReference(factor);
        for (int j = 0; j < p; j++)
        {
            int tj = index[j];
            ref double lj = ref Unsafe.Add(ref l, j * k);
            if (j >= from)
            {
                double diagonal = Unsafe.Add(ref g, tj * k + tj);
                double pivot = diagonal - ShortVectorOps.Dot(ref lj, ref lj, j);
                if (!(pivot > PivotFloor * diagonal)) return false;
                Unsafe.Add(ref lj, j) = 1 / Math.Sqrt(pivot);
            }
            double inverseDiagonal = Unsafe.Add(ref lj, j);
            for (int i = Math.Max(j + 1, from); i < p; i++)
            {
                ref double li = ref Unsafe.Add(ref l, i * k);
                Unsafe.Add(ref li, j) = (Unsafe.Add(ref g, index[i] * k + tj) - ShortVectorOps.Dot(ref li, ref lj, j)) * inverseDiagonal;
            }
        }
        return true;
    }

    /// <summary>
    /// Removes position <paramref name="q"/> from a factor of <paramref name="p"/> rows, leaving the factor of G[F∖{F_q}, F∖{F_q}]
    /// in rows 0..p−2. With L = [L₁₁ 0 0; l₂₁ᵀ λ 0; L₃₁ x L₃₃], deleting row and column q of L·Lᵀ leaves
    /// [L₁₁ 0; L₃₁ L₃₃′] where L₃₃′·L₃₃′ᵀ = L₃₃·L₃₃ᵀ + x·xᵀ, the classic rank-one update by plane rotations, column by column.
    /// </summary>
    /// <param name="factor">The factor (stride k), updated in place.</param>
    /// <param name="k">The row stride.</param>
    /// <param name="p">Rows in use.</param>
    /// <param name="q">The position to remove.</param>
    /// <param name="work">At least p − q − 1 doubles (overwritten).</param>
    public static void RemoveRow(Span<double> factor, int k, int p, int q, Span<double> work)
    {
        int m = p - q - 1;
        ref double l = ref MemoryMarshal.GetReference(factor);
        var x = work[..m];
        for (int i = 0; i < m; i++) x[i] = Unsafe.Add(ref l, (q + 1 + i) * k + q);
        for (int j = 0; j < m; j++)
        {
            int c0 = q + 1 + j;   // the trailing block's column j is column c0 of L
            ref double diagonalSlot = ref Unsafe.Add(ref l, c0 * k + c0);
            double diagonal = 1 / diagonalSlot, xj = x[j];
            double r = Math.Sqrt(diagonal * diagonal + xj * xj);
            double inverseCosine = diagonal / r, sine = xj / diagonal, cosine = r / diagonal;
            diagonalSlot = 1 / r;
            for (int i = j + 1; i < m; i++)
            {
                ref double lij = ref Unsafe.Add(ref l, (q + 1 + i) * k + c0);
                lij = (lij + sine * x[i]) * inverseCosine;
                x[i] = cosine * x[i] - sine * lij;
            }
        }
        // Row i moves to row i − 1; its columns after q move one to the left.
        for (int i = q + 1; i < p; i++)
        {
            var from = factor.Slice(i * k, i + 1);
            var to = factor.Slice((i - 1) * k, i);
            from[..q].CopyTo(to);
            from[(q + 1)..].CopyTo(to[q..]);
        }
    }

    /// <summary>Overwrites <paramref name="rhs"/> (length p, in F's order) with the solution z of L·Lᵀ·z = rhs.</summary>
    public static void Solve(ReadOnlySpan<double> factor, int k, Span<double> rhs)
    {
        int p = rhs.Length;
        ref double l = ref MemoryMarshal.GetReference(factor);
        ref double z = ref MemoryMarshal.GetReference(rhs);
        // L·y = rhs, row by row.
        for (int i = 0; i < p; i++)
        {
            ref double li = ref Unsafe.Add(ref l, i * k);
            Unsafe.Add(ref z, i) = (Unsafe.Add(ref z, i) - ShortVectorOps.Dot(ref li, ref z, i)) * Unsafe.Add(ref li, i);
        }
        // Lᵀ·z = y, column-oriented so that each step reads one contiguous row of L.
        for (int i = p - 1; i >= 0; i--)
        {
            ref double li = ref Unsafe.Add(ref l, i * k);
            double zi = Unsafe.Add(ref z, i) * Unsafe.Add(ref li, i);
            Unsafe.Add(ref z, i) = zi;
            ShortVectorOps.SubtractScaled(ref z, zi, ref li, i);
        }
    }
}
