// System.Random non-negative test matrices and planted low-rank problems for the solver tests.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Solvers.Hals;

internal static class TestData
{
    public static Matrix<double> Uniform(int rows, int cols, int seed, double scale = 1.0)
    {
        var rng = new System.Random(seed);
        var m = new Matrix<double>(rows, cols);
        foreach (ref var v in m.AsSpan()) v = scale * rng.NextDouble();
        return m;
    }

    /// <summary>
    /// X = W*·H* exactly (up to rounding), with W*, H* uniform in [0, 1) except that the first k rows of W*
    /// and the first k columns of H* are the identity (separable, so the factorization is essentially unique).
    /// </summary>
    public static (Matrix<double> X, Matrix<double> W, Matrix<double> H) Planted(int m, int n, int k, int seed)
    {
        var w = Uniform(m, k, seed);
        var h = Uniform(k, n, seed + 1);
        for (int i = 0; i < Math.Min(k, m); i++)
            for (int r = 0; r < k; r++) w[i, r] = i == r ? 1 : 0;
        for (int j = 0; j < Math.Min(k, n); j++)
            for (int r = 0; r < k; r++) h[r, j] = j == r ? 1 : 0;
        var x = new Matrix<double>(m, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int r = 0; r < k; r++) s += w[i, r] * h[r, j];
                x[i, j] = s;
            }
        return (x, w, h);
    }
}
