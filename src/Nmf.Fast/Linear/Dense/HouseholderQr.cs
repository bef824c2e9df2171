// Householder QR of a tall matrix (r ≥ c), in place, with the thin Q formed explicitly.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear.Dense;

/// <summary>
/// Thin QR factorisation A = Q·R of an r×c matrix with r ≥ c by Householder reflections
/// (Golub &amp; Van Loan, Matrix Computations, 4th ed., Alg. 5.2.1 and the backward accumulation of §5.1.6).
/// </summary>
/// <remarks>
/// Layout after <see cref="Factor{T}"/>: R on and above the diagonal; below it, reflector j's vector v (with
/// an implicit leading 1) in column j; τⱼ in <c>tau[j]</c>, so Hⱼ = I − τⱼ·v·vᵀ and Q = H₀·H₁·…·H_{c−1}.
/// Work is row-oriented (each reflector touches contiguous row segments), so the row-major layout stays cheap.
/// </remarks>
internal static class HouseholderQr
{
    /// <summary>Overwrites <paramref name="a"/> (r×c, r ≥ c) with its reflectors and R; writes the c values τ.</summary>
    public static void Factor<T>(MatrixSpan<T> a, Span<T> tau) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, cols = a.Cols;
        if (rows < cols) throw new ArgumentException($"Householder QR needs rows ≥ cols, but the matrix is {rows}×{cols}.", nameof(a));
        if (tau.Length < cols) throw new ArgumentException($"tau needs {cols} elements but has {tau.Length}.", nameof(tau));
        T[] workArray = System.Buffers.ArrayPool<T>.Shared.Rent(cols);
        Span<T> w = workArray.AsSpan(0, cols);
        try
        {
            for (int j = 0; j < cols; j++)
            {
                tau[j] = MakeReflector(a, j);
                if (tau[j] != T.Zero && j + 1 < cols) ApplyReflector(a, j, tau[j], j + 1, w);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(workArray);
        }
    }

    /// <summary>
    /// Turns column j below the diagonal into a reflector vector (scaled so v₀ = 1) and the diagonal into β;
    /// returns τ. Scaling by the column's largest magnitude avoids overflow and underflow in the norm.
    /// </summary>
    private static T MakeReflector<T>(MatrixSpan<T> a, int j) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows;
        T scale = T.Zero;
        for (int i = j + 1; i < rows; i++) scale = T.Max(scale, T.Abs(a[i, j]));
        if (scale == T.Zero) return T.Zero; // already upper triangular in this column: H = I

        T alpha = a[j, j];
        scale = T.Max(scale, T.Abs(alpha));
        T sum = T.Zero;
        for (int i = j; i < rows; i++)
        {
            T v = a[i, j] / scale;
            sum += v * v;
        }
        T norm = scale * T.Sqrt(sum);
        T beta = alpha >= T.Zero ? -norm : norm; // sign opposite to α: no cancellation in α − β
        T tau = (beta - alpha) / beta;
        T inverse = T.One / (alpha - beta);
        for (int i = j + 1; i < rows; i++) a[i, j] *= inverse;
        a[j, j] = beta;
        return tau;
    }

    /// <summary>Applies Hⱼ = I − τ·v·vᵀ (v in column j from row j) to columns [first, c) of <paramref name="a"/>.</summary>
    private static void ApplyReflector<T>(MatrixSpan<T> a, int j, T tau, int first, Span<T> work)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, width = a.Cols - first;
        Span<T> w = work[..width];
        // w = vᵀ·A[j.., first..]  (v₀ = 1 is implicit)
        a.Row(j).Slice(first, width).CopyTo(w);
        for (int i = j + 1; i < rows; i++)
        {
            T v = a[i, j];
            if (v == T.Zero) continue;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(a.Row(i).Slice(first, width), v, w, w);
        }
        // A[j.., first..] −= τ·v·wᵀ
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w, -tau, a.Row(j).Slice(first, width), a.Row(j).Slice(first, width));
        for (int i = j + 1; i < rows; i++)
        {
            T factor = -tau * a[i, j];
            if (factor == T.Zero) continue;
            Span<T> row = a.Row(i).Slice(first, width);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w, factor, row, row);
        }
    }

    /// <summary>Copies the c×c upper triangle R out of a factored <paramref name="factored"/> into <paramref name="r"/> (zeros below the diagonal).</summary>
    public static void ExtractR<T>(ReadOnlyMatrixSpan<T> factored, MatrixSpan<T> r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = factored.Cols;
        Debug.Assert(r.Rows == cols && r.Cols == cols);
        for (int i = 0; i < cols; i++)
        {
            Span<T> row = r.Row(i);
            row[..i].Clear();
            factored.Row(i)[i..cols].CopyTo(row[i..]);
        }
    }

    /// <summary>
    /// Overwrites a factored <paramref name="a"/> with the thin Q (r×c, orthonormal columns), accumulating the
    /// reflectors backwards (Q = H₀(H₁(…(H_{c−1}·I)))), so each step only touches the trailing block.
    /// </summary>
    public static void FormQ<T>(MatrixSpan<T> a, ReadOnlySpan<T> tau) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, cols = a.Cols;
        T[] workArray = System.Buffers.ArrayPool<T>.Shared.Rent(Math.Max(cols, 1));
        Span<T> w = workArray.AsSpan(0, cols);
        try
        {
            for (int j = cols - 1; j >= 0; j--)
            {
                // Columns j+1.. already hold H_{j+1}…H_{c−1}·I restricted to rows ≥ j+1 (row j is zero there).
                for (int c = j + 1; c < cols; c++) a[j, c] = T.Zero;
                if (j + 1 < cols) ApplyReflector(a, j, tau[j], j + 1, w);
                // Column j becomes Hⱼ·eⱼ = eⱼ − τ·v (v₀ = 1).
                a[j, j] = T.One - tau[j];
                for (int i = j + 1; i < rows; i++) a[i, j] = -tau[j] * a[i, j];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(workArray);
        }
    }
}
