// Turns one tile of WH into the MU numerator operand X·(WH)^(β−2) and, for β ≠ 1, the denominator operand (WH)^(β−1).
using System.Runtime.CompilerServices;
using System.Numerics;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// scikit-learn's <c>_multiplicative_update_w/_h</c> element-wise part for dense X, per tile:
/// <code>
///   ratio = X · g₂(WH)^(β−2)     g₂(v) = (β &lt; 2 and v = 0) ? ε : v
///   weight = g₁(WH)^(β−1)        g₁(v) = (β &lt; 1 and v = 0) ? ε : v      (not needed for β = 1)
/// </code>
/// The ratio goes to <c>ratio</c> (which may be <c>wh</c> itself for β = 1); the weight overwrites <c>wh</c>.
/// </summary>
internal readonly struct RatioTile<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _beta;
    private readonly NumpyPower<T> _ratioPower;
    private readonly NumpyPower<T> _weightPower;

    public RatioTile(double beta)
    {
        _beta = beta;
        _ratioPower = new NumpyPower<T>(beta - 2.0);
        _weightPower = new NumpyPower<T>(beta - 1.0);
    }

    /// <summary>True when the weight tile is needed (β ≠ 1: the KL denominator is a column sum instead).</summary>
    public bool NeedsWeight => _beta != 1.0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public void Compute(PinnedMatrixView<T> x, PinnedMatrixView<T> wh, PinnedMatrixView<T> ratio)
    {
        T eps = T.CreateTruncating(SklearnGuards.Epsilon);
        bool guardRatio = _beta < 2.0, guardWeight = _beta < 1.0;
        for (int i = 0; i < wh.Rows; i++)
        {
            ReadOnlySpan<T> xr = x.Row(i);
            Span<T> t = wh.Row(i);
            Span<T> r = ratio.Row(i);
            if (_beta == 1.0)
            {
                ElementwiseMap.Apply(xr, t, r, default(KullbackLeiblerRatioMap<T>));
            }
            else if (_beta == 0.0)
            {
                ElementwiseMap.Apply(t, t, t, default(GuardedReciprocalMap<T>));
                ElementwiseMap.Apply(xr, t, r, default(SquaredTimesMap<T>));
            }
            else
            {
                for (int j = 0; j < t.Length; j++)
                {
                    T v = t[j];
                    r[j] = _ratioPower.Apply(guardRatio && v == T.Zero ? eps : v) * xr[j];
                    t[j] = _weightPower.Apply(guardWeight && v == T.Zero ? eps : v);
                }
            }
        }
    }
}
