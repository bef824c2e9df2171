// An obviously-correct MU iteration that forms WH in full, in the order of scikit-learn's code: the tiling oracle.
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Losses;

namespace Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

internal static class NaiveMu
{
    private const double Eps = NaiveDivergence.Epsilon;

    /// <summary>One unregularised MU iteration (W, then H with the new W) for β ≠ 2 on double matrices.</summary>
    public static void Iterate(Matrix<double> x, Matrix<double> w, Matrix<double> h, double beta)
    {
        double gamma = beta < 1 ? 1 / (2 - beta) : beta > 2 ? 1 / (beta - 1) : 1;
        int m = x.Rows, n = x.Cols, k = w.Cols;
        var (ratio, weight) = Operands(x, w, h, beta);
        var newW = new double[m, k];
        for (int i = 0; i < m; i++)
            for (int c = 0; c < k; c++)
            {
                double num = 0, den = 0;
                for (int j = 0; j < n; j++) { num += ratio[i, j] * h[c, j]; den += beta == 1 ? h[c, j] : weight[i, j] * h[c, j]; }
                newW[i, c] = Step(w[i, c], num, den, gamma, beta < 1);
            }
        for (int i = 0; i < m; i++) for (int c = 0; c < k; c++) w[i, c] = newW[i, c];

        (ratio, weight) = Operands(x, w, h, beta);
        var newH = new double[k, n];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < n; j++)
            {
                double num = 0, den = 0;
                for (int i = 0; i < m; i++) { num += w[i, c] * ratio[i, j]; den += beta == 1 ? w[i, c] : w[i, c] * weight[i, j]; }
                if (beta == 1 && den == 0) den = 1;
                newH[c, j] = Step(h[c, j], num, den, gamma, beta <= 1);
            }
        for (int c = 0; c < k; c++) for (int j = 0; j < n; j++) h[c, j] = newH[c, j];
    }

    private static double Step(double f, double num, double den, double gamma, bool zeroSmall)
    {
        if (den == 0) den = Eps;
        double q = num / den;
        if (gamma != 1) q = gamma == 0.5 ? Math.Sqrt(q) : Math.Pow(q, gamma);
        double v = f * q;
        return zeroSmall && v < 2.220446049250313e-16 ? 0 : v;
    }

    private static (double[,] Ratio, double[,] Weight) Operands(Matrix<double> x, Matrix<double> w, Matrix<double> h, double beta)
    {
        var wh = NaiveDivergence.Product(w, h);
        int m = x.Rows, n = x.Cols;
        var ratio = new double[m, n];
        var weight = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double y = wh[i, j];
                double y2 = beta < 2 && y == 0 ? Eps : y, y1 = beta < 1 && y == 0 ? Eps : y;
                ratio[i, j] = Math.Pow(y2, beta - 2) * x[i, j];
                weight[i, j] = Math.Pow(y1, beta - 1);
            }
        return (ratio, weight);
    }
}
