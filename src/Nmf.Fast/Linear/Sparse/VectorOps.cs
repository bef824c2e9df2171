// The few vector operations the sparse kernels need, as static-abstract operators over Vector128/256/512.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// One vector width's operations on <typeparamref name="TVec"/> (a <c>Vector128/256/512&lt;T&gt;</c>). Kernels are
/// generic over an implementing struct, so the JIT compiles one specialised copy per width with every call inlined.
/// </summary>
internal unsafe interface IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVec Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TVec Broadcast(T value);

    /// <summary>Unaligned load of <see cref="Count"/> elements.</summary>
    static abstract TVec Load(T* source);

    /// <summary>Unaligned store of <see cref="Count"/> elements.</summary>
    static abstract void Store(TVec value, T* destination);

    /// <summary>Lane-wise <c>a + b</c>.</summary>
    static abstract TVec Add(TVec a, TVec b);

    /// <summary><c>a·b + c</c>, fused (one rounding).</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>Lanes with index ≥ <paramref name="firstKept"/> are all ones, the others zero.</summary>
    static abstract TVec LanesFrom(int firstKept);

    /// <summary>Bitwise <c>value AND mask</c>: zeroes the lanes a reduction must not count twice.</summary>
    static abstract TVec And(TVec value, TVec mask);

    /// <summary>Sum of all lanes.</summary>
    static abstract T Sum(TVec value);
}

/// <summary>512-bit operations.</summary>
internal readonly unsafe struct Vector512Ops<T> : IVectorOps<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;
    public static Vector512<T> Zero => Vector512<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Load(T* source) => Vector512.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    public static Vector512<T> LanesFrom(int firstKept) =>
        Vector512.GreaterThanOrEqual(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(firstKept)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> And(Vector512<T> value, Vector512<T> mask) => value & mask;
    /// <summary>Halves the vector twice and finishes in 128 bits (Vector512.Sum spends eight shuffles here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector512<T> value) => Vector256Ops<T>.Sum(value.GetLower() + value.GetUpper());
}

/// <summary>256-bit operations.</summary>
internal readonly unsafe struct Vector256Ops<T> : IVectorOps<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;
    public static Vector256<T> Zero => Vector256<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(T* source) => Vector256.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    public static Vector256<T> LanesFrom(int firstKept) =>
        Vector256.GreaterThanOrEqual(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(firstKept)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> And(Vector256<T> value, Vector256<T> mask) => value & mask;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector256<T> value) => Vector128Ops<T>.Sum(value.GetLower() + value.GetUpper());
}

/// <summary>128-bit operations.</summary>
internal readonly unsafe struct Vector128Ops<T> : IVectorOps<Vector128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;
    public static Vector128<T> Zero => Vector128<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Load(T* source) => Vector128.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        // The 128-bit tier also serves CPUs (and x86-64-v2 AOT builds) without FMA, where FusedMultiplyAdd is emulated in
        // software per lane; MultiplyAddEstimate fuses when the hardware can and otherwise multiplies then adds.
        if (typeof(T) == typeof(float)) return Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    public static Vector128<T> LanesFrom(int firstKept) =>
        Vector128.GreaterThanOrEqual(Vector128<T>.Indices, Vector128.Create(T.CreateTruncating(firstKept)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> And(Vector128<T> value, Vector128<T> mask) => value & mask;
    /// <summary>Pairwise: lanes (0+2, 1+3), then their sum; for double simply lane 0 + lane 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            var f = value.AsSingle();
            f += Vector128.Shuffle(f, Vector128.Create(2, 3, 0, 1));
            f += Vector128.Shuffle(f, Vector128.Create(1, 0, 3, 2));
            return (T)(object)f.ToScalar();
        }
        if (typeof(T) == typeof(double))
        {
            var d = value.AsDouble();
            return (T)(object)(d.ToScalar() + d.GetElement(1));
        }
        return Vector128.Sum(value);
    }
}
