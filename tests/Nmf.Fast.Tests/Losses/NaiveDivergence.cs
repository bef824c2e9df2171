// An obviously-correct D_β that forms WH in full, in double: the oracle for the tiled evaluation.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Losses;

internal static class NaiveDivergence
{
    public const double Epsilon = 1.1920928955078125e-07;

    public static double[,] Product<T>(Matrix<T> w, Matrix<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wh = new double[w.Rows, h.Cols];
        for (int i = 0; i < w.Rows; i++)
            for (int j = 0; j < h.Cols; j++)
            {
                double s = 0;
                for (int c = 0; c < w.Cols; c++) s += double.CreateTruncating(w[i, c]) * double.CreateTruncating(h[c, j]);
                wh[i, j] = s;
            }
        return wh;
    }

    /// <summary>scikit-learn's _beta_divergence(X, W, H, β) written out entry by entry.</summary>
    public static double Compute<T>(Matrix<T> x, Matrix<T> w, Matrix<T> h, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wh = Product(w, h);
        double sum = 0;
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Cols; j++)
            {
                double xv = double.CreateTruncating(x[i, j]), y = wh[i, j];
                if (beta == 2.0) { sum += (xv - y) * (xv - y) / 2; continue; }
                if (beta == 1.0) { sum += y; if (xv > Epsilon) sum += xv * Math.Log(xv / (y == 0 ? Epsilon : y)) - xv; continue; }
                if (beta == 0.0) { sum -= 1; if (xv > Epsilon) { double d = xv / (y == 0 ? Epsilon : y); sum += d - Math.Log(d); } continue; }
                sum += (beta - 1) * Math.Pow(y, beta) / (beta * (beta - 1));
                if (xv > Epsilon)
                    sum += (Math.Pow(xv, beta) - beta * xv * Math.Pow(y == 0 ? Epsilon : y, beta - 1)) / (beta * (beta - 1));
            }
        return sum;
    }
}
