// Element-wise operators used to evaluate D_β(X‖WH) over a tile of WH.
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Losses;

/// <summary>x − wh (β = 2 residual).</summary>
internal readonly struct ResidualMap<T> : IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T wh) => x - wh;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> wh) => x - wh;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> wh) => x - wh;
}

/// <summary>
/// x / max'(wh) where x &gt; ε, else 1 (so that log gives 0 there): scikit-learn keeps only entries with
/// X &gt; ε and replaces WH = 0 by ε (<c>_beta_divergence</c>).
/// </summary>
internal readonly struct MaskedRatioMap<T> : IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Eps = T.CreateTruncating(SklearnGuards.Epsilon);

    public T Invoke(T x, T wh) => x > Eps ? x / (wh == T.Zero ? Eps : wh) : T.One;

    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> wh)
    {
        var eps = Vector256.Create(Eps);
        var safe = Vector256.ConditionalSelect(Vector256.Equals(wh, Vector256<T>.Zero), eps, wh);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, eps), x / safe, Vector256<T>.One);
    }

    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> wh)
    {
        var eps = Vector512.Create(Eps);
        var safe = Vector512.ConditionalSelect(Vector512.Equals(wh, Vector512<T>.Zero), eps, wh);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, eps), x / safe, Vector512<T>.One);
    }
}

/// <summary>x where x &gt; ε, else 0 (the entries of X that D_β counts).</summary>
internal readonly struct AboveEpsilonMap<T> : IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Eps = T.CreateTruncating(SklearnGuards.Epsilon);

    public T Invoke(T x, T unused) => x > Eps ? x : T.Zero;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> unused) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(Eps)), x, Vector256<T>.Zero);
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> unused) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(Eps)), x, Vector512<T>.Zero);
}
