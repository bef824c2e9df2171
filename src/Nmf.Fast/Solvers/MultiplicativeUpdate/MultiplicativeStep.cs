// The final MU step f ← f · ((num / den')^γ), with L1/L2 in the denominator, ε guard and the zeroing thresholds.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Losses;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// One factor's multiplicative update, element-wise, in scikit-learn's order of operations:
/// <code>
///   den' = den + L1          (only when L1 &gt; 0)
///   den' = den' + L2·f       (only when L2 &gt; 0)
///   den' = (den' == 0) ? ε : den'
///   f    = f · (num / den')^γ                 (γ = 1 for 1 ≤ β ≤ 2; Févotte &amp; Idier 2011, eq. 15)
///   f    = (f &lt; threshold) ? 0 : f
/// </code>
/// The threshold is 2⁻⁵² where scikit-learn zeroes small entries (W for β &lt; 1, H for β ≤ 1), and otherwise
/// the smallest normal value of T: a subnormal entry is flushed to zero. Subnormal operands slow every later
/// product by an order of magnitude (REFERENCE.md) and contribute below 10⁻³⁰⁸ (double) or 10⁻³⁸ (float)
/// relative to the normal entries of WH, so flushing leaves normal inputs bitwise as scikit-learn has them.
/// </summary>
internal readonly struct MultiplicativeStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _l1, _l2, _threshold, _eps;
    private readonly bool _hasL1, _hasL2, _hasGamma;
    private readonly NumpyPower<T> _gamma;

    public MultiplicativeStep(double l1, double l2, double gamma, bool zeroBelowFloat64Epsilon)
    {
        _l1 = T.CreateTruncating(l1);
        _l2 = T.CreateTruncating(l2);
        _hasL1 = l1 > 0;
        _hasL2 = l2 > 0;
        _hasGamma = gamma != 1.0;
        _gamma = new NumpyPower<T>(gamma);
        _eps = T.CreateTruncating(SklearnGuards.Epsilon);
        T minNormal = SklearnGuards.MinNormal<T>();
        T sklearnZero = zeroBelowFloat64Epsilon ? T.CreateTruncating(SklearnGuards.Float64Epsilon) : T.Zero;
        _threshold = T.Max(minNormal, sklearnZero);
    }

    /// <summary>The W step of <paramref name="settings"/>: L1W, L2W, the MM exponent of β, and 2⁻⁵² zeroing for β &lt; 1 (as scikit-learn).</summary>
    public static MultiplicativeStep<T> ForW(SolverSettings settings) =>
        new(settings.L1W, settings.L2W, MultiplicativeUpdateSolver.Gamma(settings.Beta), zeroBelowFloat64Epsilon: settings.Beta < 1.0);

    /// <summary>The H step of <paramref name="settings"/>: L1H, L2H, the MM exponent of β, and 2⁻⁵² zeroing for β ≤ 1 (as scikit-learn).</summary>
    public static MultiplicativeStep<T> ForH(SolverSettings settings) =>
        new(settings.L1H, settings.L2H, MultiplicativeUpdateSolver.Gamma(settings.Beta), zeroBelowFloat64Epsilon: settings.Beta <= 1.0);

    /// <summary>Updates <paramref name="f"/> in place from its numerator and denominator rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public void Apply(Span<T> f, ReadOnlySpan<T> num, ReadOnlySpan<T> den)
    {
        int n = f.Length;
        if (num.Length < n || den.Length < n) throw new ArgumentException("Numerator or denominator shorter than the factor row.");
        ref T rf = ref MemoryMarshal.GetReference(f);
        ref T rn = ref MemoryMarshal.GetReference(num);
        ref T rd = ref MemoryMarshal.GetReference(den);
        int i = 0;
        if (!_hasGamma)
        {
            if (ElementwiseMap.Width == 512)
            {
                for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                    Step512(ref rf, ref rn, ref rd, (nuint)i);
            }
            if (ElementwiseMap.Width >= 256)
            {
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                    Step256(ref rf, ref rn, ref rd, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref rf, i) = StepScalar(Unsafe.Add(ref rf, i), Unsafe.Add(ref rn, i), Unsafe.Add(ref rd, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T StepScalar(T f, T num, T den)
    {
        T d = den;
        if (_hasL1) d += _l1;
        if (_hasL2) d += _l2 * f;
        if (d == T.Zero) d = _eps;
        T q = num / d;
        if (_hasGamma) q = _gamma.Apply(q);
        T v = f * q;
        return v < _threshold ? T.Zero : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Step512(ref T rf, ref T rn, ref T rd, nuint i)
    {
        var f = Vector512.LoadUnsafe(ref rf, i);
        var d = Vector512.LoadUnsafe(ref rd, i);
        if (_hasL1) d += Vector512.Create(_l1);
        if (_hasL2) d += Vector512.Create(_l2) * f;
        d = Vector512.ConditionalSelect(Vector512.Equals(d, Vector512<T>.Zero), Vector512.Create(_eps), d);
        var v = f * (Vector512.LoadUnsafe(ref rn, i) / d);
        Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512.Create(_threshold)), Vector512<T>.Zero, v).StoreUnsafe(ref rf, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Step256(ref T rf, ref T rn, ref T rd, nuint i)
    {
        var f = Vector256.LoadUnsafe(ref rf, i);
        var d = Vector256.LoadUnsafe(ref rd, i);
        if (_hasL1) d += Vector256.Create(_l1);
        if (_hasL2) d += Vector256.Create(_l2) * f;
        d = Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<T>.Zero), Vector256.Create(_eps), d);
        var v = f * (Vector256.LoadUnsafe(ref rn, i) / d);
        Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256.Create(_threshold)), Vector256<T>.Zero, v).StoreUnsafe(ref rf, i);
    }
}
