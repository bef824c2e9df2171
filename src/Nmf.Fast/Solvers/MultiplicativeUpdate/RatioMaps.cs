// Element-wise operators that turn a tile of WH into the MU ratio X·(WH)^(β−2) and the weight (WH)^(β−1).
using System.Numerics;
using System.Runtime.Intrinsics;
using Nmf.Fast.Losses;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>β = 1: x / wh, with wh = 0 read as ε (scikit-learn's <c>WH_safe_X[WH_safe_X == 0] = EPSILON</c>).</summary>
internal readonly struct KullbackLeiblerRatioMap<T> : IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Eps = T.CreateTruncating(SklearnGuards.Epsilon);

    public T Invoke(T x, T wh) => x / (wh == T.Zero ? Eps : wh);
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> wh) =>
        x / Vector256.ConditionalSelect(Vector256.Equals(wh, Vector256<T>.Zero), Vector256.Create(Eps), wh);
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> wh) =>
        x / Vector512.ConditionalSelect(Vector512.Equals(wh, Vector512<T>.Zero), Vector512.Create(Eps), wh);
}

/// <summary>β = 0: 1 / wh with wh = 0 read as ε — both (WH)^(β−1) and the base of (WH)^(β−2) = (1/WH)².</summary>
internal readonly struct GuardedReciprocalMap<T> : IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Eps = T.CreateTruncating(SklearnGuards.Epsilon);

    public T Invoke(T wh, T unused) => T.One / (wh == T.Zero ? Eps : wh);
    public Vector256<T> Invoke(Vector256<T> wh, Vector256<T> unused) =>
        Vector256<T>.One / Vector256.ConditionalSelect(Vector256.Equals(wh, Vector256<T>.Zero), Vector256.Create(Eps), wh);
    public Vector512<T> Invoke(Vector512<T> wh, Vector512<T> unused) =>
        Vector512<T>.One / Vector512.ConditionalSelect(Vector512.Equals(wh, Vector512<T>.Zero), Vector512.Create(Eps), wh);
}

/// <summary>β = 0: (r·r)·x, the order NumPy evaluates <c>WH **= -1; WH **= 2; WH *= X</c>.</summary>
internal readonly struct SquaredTimesMap<T> : IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T r) => r * r * x;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> r) => r * r * x;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> r) => r * r * x;
}
