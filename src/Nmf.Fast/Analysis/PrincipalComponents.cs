// PCA as the truncated SVD of the column-centred X, using the randomized SVD that the NNDSVD init already needs.
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Init;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;

namespace Nmf.Fast.Analysis;

/// <summary>
/// Principal component analysis, the baseline NMF is classically compared with (Lee &amp; Seung, Nature 401, 1999:
/// "holistic" eigenfaces against parts). With μ the column means, Xc = X − 1μᵀ and Xc ≈ U·diag(s)·Vᵀ the k
/// leading singular triplets, the components are the rows of Vᵀ, the scores are Xc·V (the projection onto the
/// components; equal to U·diag(s) when the SVD is exact) and component j explains the variance sⱼ² / (m − 1).
/// </summary>
/// <remarks>
/// The SVD is the engine's randomized one (Halko, Martinsson &amp; Tropp 2011) with scikit-learn's defaults and sign
/// rule, so <c>Fit(x, k, seed)</c> matches scikit-learn 1.2's
/// <c>PCA(k, svd_solver="randomized", random_state=seed)</c> to rounding when the singular values are separated.
/// When k + 10 ≥ min(m, n) the SVD is exact. Memory: one centred copy of X plus O((m + n)·(k + 10)).
/// </remarks>
public static class PrincipalComponents
{
    /// <summary>Fits a rank-<paramref name="rank"/> PCA of the rows of <paramref name="x"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="x">The data, one sample per row (at least 2 rows; any sign; finite).</param>
    /// <param name="rank">The number of components k, 1 ≤ k ≤ min(m, n).</param>
    /// <param name="seed">Seed of the random sketch (as scikit-learn's <c>random_state</c>).</param>
    /// <param name="maxDegreeOfParallelism">Threads for the products; -1 uses every core.</param>
    /// <exception cref="ArgumentNullException">x is null.</exception>
    /// <exception cref="ArgumentException">x has fewer than 2 rows or a NaN or infinite value, or the rank is out of range.</exception>
    public static PcaResult<T> Fit<T>(Matrix<T> x, int rank, int seed = 0, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int m = x.Rows, n = x.Cols;
        if (m < 2 || n < 1)
            throw new ArgumentException($"PCA needs at least 2 rows and 1 column, but X is {m}×{n}.", nameof(x));
        if (rank < 1 || rank > Math.Min(m, n))
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"PCA of a {m}×{n} matrix needs 1 ≤ rank ≤ {Math.Min(m, n)}.");
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 (all cores) or a positive thread count.");

        double[] mean = ColumnMeans(x);
        var centred = new Matrix<T>(m, n);
        for (int i = 0; i < m; i++)
        {
            var source = x.Row(i);
            var target = centred.Row(i);
            for (int j = 0; j < n; j++) target[j] = T.CreateTruncating(double.CreateTruncating(source[j]) - mean[j]);
        }
        double centredSquaredNorm = 0, squaredNorm = 0;
        for (int i = 0; i < m; i++)
        {
            centredSquaredNorm += Reductions.SumOfSquares<T>(centred.Row(i));
            squaredNorm += Reductions.SumOfSquares<T>(x.Row(i));
        }

        var u = new Matrix<T>(m, rank);
        var s = new T[rank];
        var vt = new Matrix<T>(rank, n);
        RandomizedSvd.Compute<T>(centred.AsReadOnlyMatrixSpan(), rank, seed, u, s, vt, maxDegreeOfParallelism);

        // Scores = Xc·Vᵀᵀ (scikit-learn's transform(X)): the orthogonal projection onto the components, which for a
        // randomized SVD is a little better than U·diag(s). With orthonormal components ‖Xc − Xc·V·Vᵀ‖² = ‖Xc‖² − ‖Xc·V‖².
        var scores = new Matrix<T>(m, rank);
        Gemm.Multiply(T.One, centred, MatrixOp.None, vt, MatrixOp.Transpose, T.Zero, scores, maxDegreeOfParallelism);
        double captured = 0;
        for (int i = 0; i < m; i++) captured += Reductions.SumOfSquares<T>(scores.Row(i));
        var singular = new double[rank];
        var explained = new double[rank];
        for (int j = 0; j < rank; j++)
        {
            singular[j] = double.CreateTruncating(s[j]);
            explained[j] = singular[j] * singular[j] / (m - 1);
        }
        double residual = Math.Sqrt(Math.Max(0, centredSquaredNorm - captured));
        var meanRow = new Matrix<T>(1, n);
        for (int j = 0; j < n; j++) meanRow[0, j] = T.CreateTruncating(mean[j]);
        return new PcaResult<T>(vt, scores, meanRow, singular, explained, centredSquaredNorm / (m - 1),
            squaredNorm == 0 ? 0 : residual / Math.Sqrt(squaredNorm), maxDegreeOfParallelism);
    }

    /// <summary>Column means in double; throws on the first (row-major) non-finite entry.</summary>
    private static double[] ColumnMeans<T>(Matrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sums = new double[x.Cols];
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                T v = row[j];
                if (!T.IsFinite(v))
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"PCA needs finite values, but X[{i}, {j}] is {double.CreateTruncating(v)}."), nameof(x));
                sums[j] += double.CreateTruncating(v);
            }
        }
        for (int j = 0; j < sums.Length; j++) sums[j] /= x.Rows;
        return sums;
    }
}
