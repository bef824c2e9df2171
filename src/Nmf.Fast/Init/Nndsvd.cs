// NNDSVD (Boutsidis & Gallopoulos 2008) from a truncated SVD, and its a/ar zero-filling variants, as scikit-learn.
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Randomness;

namespace Nmf.Fast.Init;

/// <summary>
/// Non-negative double SVD: Boutsidis &amp; Gallopoulos, "SVD based initialization: A head start for
/// nonnegative matrix factorization", Pattern Recognition 41 (2008), Alg. 1, in scikit-learn 1.2's form.
/// </summary>
/// <remarks>
/// Component 0 is √σ₀·(|u₀|, |v₀|). For j ≥ 1, split uⱼ, vⱼ into positive and negative parts, keep the pair
/// with the larger product of norms m = ‖x‖·‖y‖ (positive wins only if strictly larger) and set
/// W[:, j] = √(σⱼ·m)·x/‖x‖, H[j, :] = √(σⱼ·m)·y/‖y‖. Entries below ε = 1e-6 become 0. Rounding follows NumPy's
/// types: norms and √(σⱼ·m) are float64 (Python floats), the vectors stay in the working type.
/// One deliberate difference: where both products are 0 scikit-learn divides 0 by 0 and leaves NaN in the
/// init; here that component is 0 (and then filled by the a/ar variants).
/// </remarks>
internal static class Nndsvd
{
    /// <summary>scikit-learn's threshold below which NNDSVD entries are set to zero.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>Fills W (m×k) and H (k×n) from U (m×k), S (k) and Vt (k×n); U and Vt are used as scratch.</summary>
    public static void FromSvd<T>(MatrixSpan<T> u, ReadOnlySpan<T> s, MatrixSpan<T> vt, MatrixSpan<T> w, MatrixSpan<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = u.Rows, n = vt.Cols, rank = s.Length;
        T root = T.Sqrt(s[0]);
        for (int i = 0; i < m; i++) w[i, 0] = root * T.Abs(u[i, 0]);
        for (int c = 0; c < n; c++) h[0, c] = root * T.Abs(vt[0, c]);

        for (int j = 1; j < rank; j++)
        {
            T xPositive = T.Zero, xNegative = T.Zero, yPositive = T.Zero, yNegative = T.Zero;
            for (int i = 0; i < m; i++)
            {
                T value = u[i, j];
                if (value > T.Zero) xPositive += value * value; else xNegative += value * value;
            }
            Span<T> y = vt.Row(j);
            for (int c = 0; c < n; c++)
            {
                T value = y[c];
                if (value > T.Zero) yPositive += value * value; else yNegative += value * value;
            }
            double xPositiveNorm = Math.Sqrt(double.CreateTruncating(xPositive));
            double yPositiveNorm = Math.Sqrt(double.CreateTruncating(yPositive));
            double xNegativeNorm = Math.Sqrt(double.CreateTruncating(xNegative));
            double yNegativeNorm = Math.Sqrt(double.CreateTruncating(yNegative));
            double positiveProduct = xPositiveNorm * yPositiveNorm, negativeProduct = xNegativeNorm * yNegativeNorm;

            bool positive = positiveProduct > negativeProduct;
            double sigma = positive ? positiveProduct : negativeProduct;
            if (sigma == 0)
            {
                for (int i = 0; i < m; i++) w[i, j] = T.Zero;
                h.Row(j).Clear();
                continue;
            }
            T xNorm = T.CreateTruncating(positive ? xPositiveNorm : xNegativeNorm);
            T yNorm = T.CreateTruncating(positive ? yPositiveNorm : yNegativeNorm);
            T lambda = T.CreateTruncating(Math.Sqrt(double.CreateTruncating(s[j]) * sigma));
            for (int i = 0; i < m; i++) w[i, j] = lambda * (Part(u[i, j], positive) / xNorm);
            Span<T> hRow = h.Row(j);
            for (int c = 0; c < n; c++) hRow[c] = lambda * (Part(y[c], positive) / yNorm);
        }

        T epsilon = T.CreateTruncating(Epsilon);
        ZeroBelow(w, epsilon);
        ZeroBelow(h, epsilon);
    }

    private static T Part<T>(T value, bool positive) where T : unmanaged, IFloatingPointIeee754<T> =>
        positive ? T.Max(value, T.Zero) : T.Abs(T.Min(value, T.Zero));

    private static void ZeroBelow<T>(MatrixSpan<T> a, T epsilon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Rows; i++)
        {
            Span<T> row = a.Row(i);
            for (int j = 0; j < row.Length; j++) if (row[j] < epsilon) row[j] = T.Zero;
        }
    }

    /// <summary>NNDSVDa: every zero of W, then of H, becomes mean(X).</summary>
    public static void FillZerosWithMean<T>(T mean, MatrixSpan<T> w, MatrixSpan<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReplaceZeros(w, mean);
        ReplaceZeros(h, mean);
    }

    private static void ReplaceZeros<T>(MatrixSpan<T> a, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Rows; i++)
        {
            Span<T> row = a.Row(i);
            for (int j = 0; j < row.Length; j++) if (row[j] == T.Zero) row[j] = value;
        }
    }

    /// <summary>
    /// NNDSVDar: from a fresh <c>RandomState(seed)</c>, the zeros of W in row-major order, then those of H,
    /// become |mean·z / 100| for successive standard normals z (computed in float64, then rounded to the
    /// working type, as NumPy does for <c>abs(avg * rng.standard_normal(...) / 100)</c>).
    /// </summary>
    public static void FillZerosWithSmallRandom<T>(T mean, int seed, MatrixSpan<T> w, MatrixSpan<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new NumPyRandomState(seed);
        double average = double.CreateTruncating(mean);
        FillZerosFrom(random, average, w);
        FillZerosFrom(random, average, h);
    }

    private static void FillZerosFrom<T>(NumPyRandomState random, double average, MatrixSpan<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Rows; i++)
        {
            Span<T> row = a.Row(i);
            for (int j = 0; j < row.Length; j++)
                if (row[j] == T.Zero) row[j] = T.CreateTruncating(Math.Abs(average * random.StandardNormal() / 100));
        }
    }
}
