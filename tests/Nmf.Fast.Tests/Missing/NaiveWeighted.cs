// Slow, obviously-correct references for weighted NMF: the weighted objective and one weighted HALS iteration with explicit per-row Grams.
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;

namespace Nmf.Fast.Tests.Missing;

internal static class NaiveWeighted
{
    /// <summary>Σ ωᵢⱼ·d_β(xᵢⱼ | (WH)ᵢⱼ) (no penalties), in double, entry by entry.</summary>
    public static double Objective(Matrix<double> x, Matrix<double> omega, Matrix<double> w, Matrix<double> h, double beta)
    {
        double sum = 0;
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Cols; j++)
            {
                if (omega[i, j] == 0) continue;
                double v = 0;
                for (int t = 0; t < w.Cols; t++) v += w[i, t] * h[t, j];
                sum += omega[i, j] * WeightedDivergence.Term(x[i, j], v, beta);
            }
        return sum;
    }

    /// <summary>One weighted HALS iteration (W rows, then H columns), each row solved with its own Gram built from scratch.</summary>
    public static void HalsIteration(Matrix<double> x, Matrix<double> omega, Matrix<double> w, Matrix<double> h, double l1W = 0, double l2W = 0, double l1H = 0, double l2H = 0)
    {
        int m = x.Rows, n = x.Cols, k = w.Cols;
        for (int i = 0; i < m; i++)
        {
            var others = Enumerable.Range(0, n).Select(j => (Weight: omega[i, j], Value: x[i, j], Vector: Enumerable.Range(0, k).Select(t => h[t, j]).ToArray())).ToList();
            var f = Enumerable.Range(0, k).Select(t => w[i, t]).ToArray();
            SolveRow(others, f, l1W, l2W);
            for (int t = 0; t < k; t++) w[i, t] = f[t];
        }
        for (int j = 0; j < n; j++)
        {
            var others = Enumerable.Range(0, m).Select(i => (Weight: omega[i, j], Value: x[i, j], Vector: Enumerable.Range(0, k).Select(t => w[i, t]).ToArray())).ToList();
            var f = Enumerable.Range(0, k).Select(t => h[t, j]).ToArray();
            SolveRow(others, f, l1H, l2H);
            for (int t = 0; t < k; t++) h[t, j] = f[t];
        }
    }

    private static void SolveRow(List<(double Weight, double Value, double[] Vector)> others, double[] f, double l1, double l2)
    {
        int k = f.Length;
        if (others.All(o => o.Weight == 0))
        {
            Array.Clear(f);
            return;
        }
        var g = new double[k, k];
        var c = new double[k];
        foreach (var (weight, value, o) in others)
        {
            if (weight == 0) continue;
            for (int t = 0; t < k; t++)
            {
                c[t] += weight * value * o[t];
                for (int r = 0; r < k; r++) g[t, r] += weight * o[t] * o[r];
            }
        }
        for (int t = 0; t < k; t++) g[t, t] += l2;
        for (int t = 0; t < k; t++)
        {
            double grad = l1 - c[t];
            for (int r = 0; r < k; r++) grad += g[t, r] * f[r];
            if (g[t, t] != 0) f[t] = Math.Max(f[t] - grad / g[t, t], 0);
        }
    }

    /// <summary>A random mask with about <paramref name="missingFraction"/> of the entries missing.</summary>
    public static bool[,] RandomMask(int m, int n, double missingFraction, int seed)
    {
        var rng = new System.Random(seed);
        var mask = new bool[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) mask[i, j] = rng.NextDouble() >= missingFraction;
        return mask;
    }

    public static Matrix<double> MaskMatrix(bool[,] mask)
    {
        var o = new Matrix<double>(mask.GetLength(0), mask.GetLength(1));
        for (int i = 0; i < o.Rows; i++)
            for (int j = 0; j < o.Cols; j++) o[i, j] = mask[i, j] ? 1 : 0;
        return o;
    }
}
