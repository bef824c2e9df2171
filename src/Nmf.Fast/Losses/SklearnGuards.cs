// The small constants scikit-learn's NMF uses to keep divisions, powers and logarithms finite.
using System.Numerics;

namespace Nmf.Fast.Losses;

/// <summary>Guards copied in meaning (not code) from scikit-learn 1.2.1, <c>sklearn/decomposition/_nmf.py</c>.</summary>
internal static class SklearnGuards
{
    /// <summary>
    /// <c>EPSILON = np.finfo(np.float32).eps</c> = 2⁻²³: replaces zeros of WH before negative powers and
    /// divisions, and zeros of the MU denominators; entries of X not above it count as zeros in D_β.
    /// </summary>
    public const double Epsilon = 1.1920928955078125e-07;

    /// <summary>
    /// <c>np.finfo(np.float64).eps</c> = 2⁻⁵²: for β &lt; 1 (W) and β ≤ 1 (H), MU sets entries below it to zero
    /// after each update ("necessary for stability").
    /// </summary>
    public const double Float64Epsilon = 2.220446049250313e-16;

    /// <summary>The smallest positive normal value of <typeparamref name="T"/> (values below are subnormal).</summary>
    public static T MinNormal<T>() where T : IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(1.17549435E-38f) : T.CreateTruncating(2.2250738585072014E-308);
}
