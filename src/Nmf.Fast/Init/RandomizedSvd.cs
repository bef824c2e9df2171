// Truncated SVD by randomized range finding with LU-normalised power iterations, as scikit-learn's randomized_svd.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Dense;
using Nmf.Fast.Memory;
using Nmf.Fast.Randomness;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Init;

/// <summary>
/// X ≈ U·diag(S)·Vt with k leading triplets, reproducing scikit-learn 1.2's
/// <c>randomized_svd(X, k, random_state=seed)</c> with its defaults (Halko, Martinsson &amp; Tropp 2011,
/// Alg. 4.3/4.4 with the LU normaliser of Szlam et al. 2014):
/// <list type="bullet">
/// <item>transpose = m &lt; n: work on M = Xᵀ when X is wide, so M is always tall (rows_M ≥ cols_M);</item>
/// <item>l = k + 10 columns; Ω (cols_M×l) filled row by row with <c>RandomState(seed).normal()</c>, rounded to
/// the working type;</item>
/// <item>q = 7 power iterations if k &lt; 0.1·min(m, n), else 4 (both &gt; 2, so the normaliser is LU): each is
/// Y = P·L of M·Ω, then Ω = P·L of Mᵀ·Y;</item>
/// <item>Q = orthonormal basis of M·Ω (Householder QR); B = QᵀM; B = Û·S·Vᵀ; U_M = Q·Û;</item>
/// <item>signs as <c>svd_flip</c>: each component is flipped so that the entry of largest magnitude of its
/// left singular vector of X (the first such entry) is positive.</item>
/// </list>
/// Only span(Q) matters for the result, so any stable QR gives scikit-learn's triplets to rounding as long
/// as the singular values are separated. When l ≥ min(m, n) the sketch spans the whole range of M and the
/// result is the exact SVD; it is then computed directly from M (no random draws, no power iterations).
/// </summary>
/// <remarks>
/// The small SVD of B (l×cols_M) is done as Bᵀ = Q₂·R (Householder), R = U_R·Σ·V_Rᵀ (one-sided Jacobi), so
/// B = V_R·Σ·(Q₂U_R)ᵀ: Û = V_R and the right vectors are Q₂·U_R. Extra memory is O((m + n)·l + l²), never m×n.
/// </remarks>
internal static unsafe class RandomizedSvd
{
    /// <summary>scikit-learn's default oversampling.</summary>
    public const int DefaultOversamples = 10;

    /// <summary>
    /// Computes the k leading singular triplets: <paramref name="u"/> (m×k), <paramref name="s"/> (k, descending)
    /// and <paramref name="vt"/> (k×n), with scikit-learn's sign convention.
    /// </summary>
    /// <exception cref="ArgumentException">k is not in [1, min(m, n)] or an output has the wrong shape.</exception>
    public static void Compute<T>(
        ReadOnlyMatrixSpan<T> x, int rank, int seed, MatrixSpan<T> u, Span<T> s, MatrixSpan<T> vt,
        int maxDegreeOfParallelism = -1, int oversamples = DefaultOversamples, int powerIterations = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rows == 0 || x.Cols == 0)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"A truncated SVD of a {x.Rows}×{x.Cols} matrix needs 1 ≤ k ≤ {Math.Min(x.Rows, x.Cols)}.");
        fixed (T* px = &System.Runtime.CompilerServices.Unsafe.AsRef(in x.Origin))
        {
            var data = new DenseFitData<T>(new PinnedMatrixView<T>(px, x.Rows, x.Cols, x.Stride), keepTranspose: false);
            Compute(data, rank, seed, u, s, vt, maxDegreeOfParallelism, oversamples, powerIterations);
        }
    }

    /// <summary>The same on any <see cref="IFitData{T}"/> (dense or CSR): X is touched only through op(X)·B products.</summary>
    public static void Compute<T>(
        IFitData<T> x, int rank, int seed, MatrixSpan<T> u, Span<T> s, MatrixSpan<T> vt,
        int maxDegreeOfParallelism = -1, int oversamples = DefaultOversamples, int powerIterations = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols;
        if (rank < 1 || rank > Math.Min(m, n))
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"A truncated SVD of a {m}×{n} matrix needs 1 ≤ k ≤ {Math.Min(m, n)}.");
        if (u.Rows != m || u.Cols != rank) throw new ArgumentException($"U must be {m}×{rank} but is {u.Rows}×{u.Cols}.", nameof(u));
        if (vt.Rows != rank || vt.Cols != n) throw new ArgumentException($"Vt must be {rank}×{n} but is {vt.Rows}×{vt.Cols}.", nameof(vt));
        if (s.Length != rank) throw new ArgumentException($"S must have {rank} elements but has {s.Length}.", nameof(s));
        ArgumentOutOfRangeException.ThrowIfNegative(oversamples);

        bool transpose = m < n;
        MatrixOp opM = transpose ? MatrixOp.Transpose : MatrixOp.None;   // M = op(X): rowsM × colsM, rowsM ≥ colsM
        MatrixOp opMt = transpose ? MatrixOp.None : MatrixOp.Transpose;  // Mᵀ = opMt(X)
        int rowsM = transpose ? n : m, colsM = transpose ? m : n;
        int width = rank + oversamples;
        int iterations = powerIterations >= 0 ? powerIterations : (rank < 0.1 * Math.Min(m, n) ? 7 : 4);

        Matrix<T> q;
        if (width >= colsM)
        {
            // The sketch would span all of range(M): take Q from M itself (rowsM × colsM ≤ rowsM × l).
            width = colsM;
            q = new Matrix<T>(rowsM, colsM);
            x.CopyTo(opM, q);
        }
        else
        {
            var omega = new Matrix<T>(colsM, width);
            var random = new NumPyRandomState(seed);
            Span<T> draws = omega.AsSpan();
            for (int i = 0; i < draws.Length; i++) draws[i] = T.CreateTruncating(random.Normal(0.0, 1.0));

            q = new Matrix<T>(rowsM, width);
            for (int it = 0; it < iterations; it++)
            {
                x.Multiply(opM, omega, q, maxDegreeOfParallelism);
                PermutedLu.OverwriteWithPermutedL<T>(q);
                x.Multiply(opMt, q, omega, maxDegreeOfParallelism);
                PermutedLu.OverwriteWithPermutedL<T>(omega);
            }
            x.Multiply(opM, omega, q, maxDegreeOfParallelism);
        }

        T[] tau = new T[width];
        HouseholderQr.Factor<T>(q, tau);
        HouseholderQr.FormQ<T>(q, tau);

        // Bᵀ = Mᵀ·Q (colsM × l), then Bᵀ = Q₂·R and R = U_R·Σ·V_Rᵀ.
        var right = new Matrix<T>(colsM, width);
        x.Multiply(opMt, q, right, maxDegreeOfParallelism);
        HouseholderQr.Factor<T>(right, tau);
        var core = new Matrix<T>(width, width);
        HouseholderQr.ExtractR<T>(right, core);
        HouseholderQr.FormQ<T>(right, tau);
        T[] sigma = new T[width];
        var coreV = new Matrix<T>(width, width);
        JacobiSvd.Decompose<T>(core, sigma, coreV);
        sigma.AsSpan(0, rank).CopyTo(s);

        ReadOnlyMatrixSpan<T> leftOfB = coreV.AsReadOnlyMatrixSpan().Slice(0, 0, width, rank);   // Û[:, :k]
        ReadOnlyMatrixSpan<T> rightOfR = core.AsReadOnlyMatrixSpan().Slice(0, 0, width, rank);   // U_R[:, :k]
        if (!transpose)
        {
            // U = Q·Û (m×k); Vt = (Q₂·U_R)ᵀ = U_Rᵀ·Q₂ᵀ (k×n).
            Gemm.Multiply(T.One, q, MatrixOp.None, leftOfB, MatrixOp.None, T.Zero, u, maxDegreeOfParallelism);
            Gemm.Multiply(T.One, rightOfR, MatrixOp.Transpose, right, MatrixOp.Transpose, T.Zero, vt, maxDegreeOfParallelism);
        }
        else
        {
            // M = Xᵀ: X's left vectors are M's right ones (Q₂·U_R), X's right vectors are M's left ones (Q·Û).
            Gemm.Multiply(T.One, right, MatrixOp.None, rightOfR, MatrixOp.None, T.Zero, u, maxDegreeOfParallelism);
            Gemm.Multiply(T.One, leftOfB, MatrixOp.Transpose, q, MatrixOp.Transpose, T.Zero, vt, maxDegreeOfParallelism);
        }
        FlipSigns(u, vt);
    }

    /// <summary>
    /// svd_flip: for each component j, the first row i of largest |U[i, j]| decides; U[:, j] and Vt[j, :] are
    /// multiplied by sign(U[i, j]). (scikit-learn decides on U when it did not transpose and on the rows of
    /// its Vt — which are X's left vectors — when it did, so in X's terms the rule is always this one.)
    /// </summary>
    internal static void FlipSigns<T>(MatrixSpan<T> u, MatrixSpan<T> vt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < u.Cols; j++)
        {
            int best = 0;
            T bestMagnitude = T.Abs(u[0, j]);
            for (int i = 1; i < u.Rows; i++)
            {
                T magnitude = T.Abs(u[i, j]);
                if (magnitude > bestMagnitude) { best = i; bestMagnitude = magnitude; }
            }
            if (u[best, j] >= T.Zero) continue;
            for (int i = 0; i < u.Rows; i++) u[i, j] = -u[i, j];
            Span<T> row = vt.Row(j);
            for (int c = 0; c < row.Length; c++) row[c] = -row[c];
        }
    }
}
