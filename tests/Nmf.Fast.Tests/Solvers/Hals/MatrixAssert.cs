// Assertions on matrices: relative max-norm distance, non-negativity, bitwise equality.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Solvers.Hals;

internal static class MatrixAssert
{
    /// <summary>max |a − b| / max |b|.</summary>
    public static double RelativeDistance<T>(Matrix<T> actual, Matrix<double> expected) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Cols, actual.Cols);
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Cols; j++)
            {
                diff = Math.Max(diff, Math.Abs(double.CreateChecked(actual[i, j]) - expected[i, j]));
                scale = Math.Max(scale, Math.Abs(expected[i, j]));
            }
        return scale == 0 ? diff : diff / scale;
    }

    public static void Close<T>(Matrix<double> expected, Matrix<T> actual, double relativeTolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double d = RelativeDistance(actual, expected);
        Assert.True(d <= relativeTolerance, $"{what}: relative distance {d:G3} > {relativeTolerance:G3}");
    }

    public static void NonNegative<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var v in m.AsSpan()) Assert.True(v >= T.Zero && T.IsFinite(v), $"value {v} is negative or not finite");
    }

    public static void BitwiseEqual<T>(Matrix<T> a, Matrix<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.Cols, b.Cols);
        Assert.True(a.AsSpan().SequenceEqual(b.AsSpan()), "matrices differ");
    }

    public static Matrix<T> Convert<T>(Matrix<double> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new Matrix<T>(m.Rows, m.Cols);
        for (int i = 0; i < m.Length; i++) r.AsSpan()[i] = T.CreateTruncating(m.AsSpan()[i]);
        return r;
    }
}
