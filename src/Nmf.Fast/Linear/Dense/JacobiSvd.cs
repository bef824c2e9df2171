// Small dense SVD by one-sided (Hestenes) Jacobi rotations: A = U·diag(s)·Vᵀ, singular values sorted descending.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear.Dense;

/// <summary>
/// Thin SVD of a small r×c matrix (r ≥ c) by one-sided Jacobi: rotate pairs of columns of A until all are
/// mutually orthogonal (Hestenes 1958; Demmel &amp; Veselić 1992, who show it is accurate to high relative
/// precision). Then A·V = U·Σ with Σ the column norms. Cost O(r·c²) per sweep, a handful of sweeps.
/// </summary>
/// <remarks>Meant for the (k+p)×(k+p) core of a randomized SVD, not for large matrices.</remarks>
internal static class JacobiSvd
{
    private const int MaxSweeps = 60;

    /// <summary>
    /// Computes A = U·diag(s)·Vᵀ. <paramref name="a"/> (r×c, r ≥ c) is overwritten by U (orthonormal columns;
    /// a column for a zero singular value is left zero); <paramref name="s"/> gets the c singular values in
    /// descending order and <paramref name="v"/> (c×c) the right singular vectors as columns.
    /// </summary>
    public static void Decompose<T>(MatrixSpan<T> a, Span<T> s, MatrixSpan<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, cols = a.Cols;
        if (rows < cols) throw new ArgumentException($"Jacobi SVD needs rows ≥ cols, but the matrix is {rows}×{cols}.", nameof(a));
        if (s.Length < cols) throw new ArgumentException($"s needs {cols} elements but has {s.Length}.", nameof(s));
        if (v.Rows != cols || v.Cols != cols) throw new ArgumentException($"V must be {cols}×{cols} but is {v.Rows}×{v.Cols}.", nameof(v));

        v.Fill(T.Zero);
        for (int i = 0; i < cols; i++) v[i, i] = T.One;
        T tolerance = T.BitIncrement(T.One) - T.One; // machine ε: rotate until cos ∠(a_p, a_q) ≤ ε

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < cols - 1; p++)
            {
                for (int q = p + 1; q < cols; q++)
                {
                    T alpha = T.Zero, beta = T.Zero, gamma = T.Zero;
                    for (int i = 0; i < rows; i++)
                    {
                        T ap = a[i, p], aq = a[i, q];
                        alpha += ap * ap;
                        beta += aq * aq;
                        gamma += ap * aq;
                    }
                    if (gamma == T.Zero || T.Abs(gamma) <= tolerance * T.Sqrt(alpha * beta)) continue;
                    rotated = true;
                    // Rotation that zeroes the (p, q) entry of AᵀA (Golub & Van Loan §8.5.2, sym.schur2).
                    T zeta = (beta - alpha) / (gamma + gamma);
                    T t = T.CopySign(T.One, zeta) / (T.Abs(zeta) + T.Sqrt(T.One + zeta * zeta));
                    T c = T.One / T.Sqrt(T.One + t * t);
                    T sn = c * t;
                    Rotate(a, p, q, c, sn);
                    Rotate(v, p, q, c, sn);
                }
            }
            if (!rotated) break;
        }

        // Σ = column norms, U = normalised columns; then order by descending σ (stable for ties).
        for (int j = 0; j < cols; j++)
        {
            T sum = T.Zero;
            for (int i = 0; i < rows; i++) sum += a[i, j] * a[i, j];
            T norm = T.Sqrt(sum);
            s[j] = norm;
            if (norm != T.Zero)
                for (int i = 0; i < rows; i++) a[i, j] /= norm;
        }
        SortDescending(a, s, v);
    }

    private static void Rotate<T>(MatrixSpan<T> m, int p, int q, T c, T s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m.Rows; i++)
        {
            T xp = m[i, p], xq = m[i, q];
            m[i, p] = c * xp - s * xq;
            m[i, q] = s * xp + c * xq;
        }
    }

    private static void SortDescending<T>(MatrixSpan<T> a, Span<T> s, MatrixSpan<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = a.Cols;
        for (int j = 0; j < cols - 1; j++)
        {
            int best = j;
            for (int q = j + 1; q < cols; q++) if (s[q] > s[best]) best = q;
            if (best == j) continue;
            (s[j], s[best]) = (s[best], s[j]);
            SwapColumns(a, j, best);
            SwapColumns(v, j, best);
        }
    }

    private static void SwapColumns<T>(MatrixSpan<T> m, int p, int q) where T : unmanaged
    {
        for (int i = 0; i < m.Rows; i++) (m[i, p], m[i, q]) = (m[i, q], m[i, p]);
    }
}
