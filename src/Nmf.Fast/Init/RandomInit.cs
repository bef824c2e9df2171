// scikit-learn's random init: H then W drawn from N(0,1), scaled by √(mean(X)/k), made absolute.
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Randomness;

namespace Nmf.Fast.Init;

/// <summary>
/// <c>init='random'</c> of scikit-learn 1.2 (<c>_initialize_nmf</c>): from a fresh <c>RandomState(seed)</c>,
/// H (k×n) is filled row by row with standard normals, then W (m×k); each draw is rounded to the working type,
/// multiplied by avg = √(mean(X)/k) (rounded once to the working type, as NumPy casts a scalar against an
/// array of the same kind) and made absolute.
/// </summary>
internal static class RandomInit
{
    /// <summary>Fills <paramref name="w"/> and <paramref name="h"/>; <paramref name="mean"/> is X.mean() in NumPy's rounding.</summary>
    public static void Fill<T>(T mean, int seed, MatrixSpan<T> w, MatrixSpan<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rank = h.Rows;
        // X.mean() / k is a NumPy scalar divided by a Python int: computed in float64 even for float32 X.
        T avg = T.CreateTruncating(Math.Sqrt(double.CreateTruncating(mean) / rank));
        var random = new NumPyRandomState(seed);
        FillScaledAbsoluteNormals(random, avg, h);
        FillScaledAbsoluteNormals(random, avg, w);
    }

    private static void FillScaledAbsoluteNormals<T>(NumPyRandomState random, T avg, MatrixSpan<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < target.Rows; i++)
        {
            Span<T> row = target.Row(i);
            for (int j = 0; j < row.Length; j++)
                row[j] = T.Abs(avg * T.CreateTruncating(random.StandardNormal()));
        }
    }
}
