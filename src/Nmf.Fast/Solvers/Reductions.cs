// Small reductions over spans, accumulated in double whatever the element type (vectorised, deterministic order).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nmf.Fast.Solvers;

/// <summary>
/// Sums, sums of squares, inner products and squared distances in double precision. float data is widened to
/// double lane by lane (<see cref="Vector.Widen(Vector{float}, out Vector{double}, out Vector{double})"/>), so
/// the loss never loses accumulation precision. The order of summation depends only on the length and the
/// vector width, never on threads. Marked AggressiveOptimization: some run once per fit, where tier-0 code
/// would cost more than the fit's iterations.
/// </summary>
internal static class Reductions
{
    /// <summary>Σ aᵢ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum<T>(ReadOnlySpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return Kernel<SumOp>(Cast<T, double>(a), ReadOnlySpan<double>.Empty);
        if (typeof(T) == typeof(float)) return KernelFloat<SumOp>(Cast<T, float>(a), ReadOnlySpan<float>.Empty);
        double s = 0;
        foreach (var v in a) s += double.CreateTruncating(v);
        return s;
    }

    /// <summary>Σ aᵢ².</summary>
    public static double SumOfSquares<T>(ReadOnlySpan<T> a) where T : unmanaged, IFloatingPointIeee754<T> => Dot(a, a);

    /// <summary>Σ aᵢ·bᵢ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return Kernel<DotOp>(Cast<T, double>(a), Cast<T, double>(b));
        if (typeof(T) == typeof(float)) return KernelFloat<DotOp>(Cast<T, float>(a), Cast<T, float>(b));
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += double.CreateTruncating(a[i]) * double.CreateTruncating(b[i]);
        return s;
    }

    /// <summary>Σ (aᵢ − bᵢ)², the difference taken in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDistance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return Kernel<DistanceOp>(Cast<T, double>(a), Cast<T, double>(b));
        if (typeof(T) == typeof(float)) return KernelFloat<DistanceOp>(Cast<T, float>(a), Cast<T, float>(b));
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = double.CreateTruncating(a[i]) - double.CreateTruncating(b[i]);
            s += d * d;
        }
        return s;
    }

    /// <summary>Σᵢⱼ A[i,j]·B[i,j] over two matrices of the same shape.</summary>
    public static double FrobeniusInner<T>(Memory.ReadOnlyMatrixSpan<T> a, Memory.ReadOnlyMatrixSpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Rows; i++) sum += Dot(a.Row(i), b.Row(i));
        return sum;
    }

    /// <summary>Σᵢⱼ A[i,j].</summary>
    public static double Sum<T>(Memory.ReadOnlyMatrixSpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Rows; i++) sum += Sum(a.Row(i));
        return sum;
    }

    /// <summary>Σᵢ A[i,i] of a square matrix.</summary>
    public static double Trace<T>(Memory.ReadOnlyMatrixSpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Rows; i++) sum += double.CreateTruncating(a[i, i]);
        return sum;
    }

    private interface IPairOp
    {
        static abstract Vector<double> Term(Vector<double> a, Vector<double> b);
        static abstract double Term(double a, double b);
    }

    private readonly struct SumOp : IPairOp
    {
        public static Vector<double> Term(Vector<double> a, Vector<double> b) => a;
        public static double Term(double a, double b) => a;
    }

    private readonly struct DotOp : IPairOp
    {
        public static Vector<double> Term(Vector<double> a, Vector<double> b) => a * b;
        public static double Term(double a, double b) => a * b;
    }

    private readonly struct DistanceOp : IPairOp
    {
        public static Vector<double> Term(Vector<double> a, Vector<double> b) => (a - b) * (a - b);
        public static double Term(double a, double b) => (a - b) * (a - b);
    }

    // b may be empty for single-operand ops (SumOp never reads it).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Kernel<TOp>(ReadOnlySpan<double> a, ReadOnlySpan<double> b) where TOp : struct, IPairOp
    {
        int n = a.Length, lanes = Vector<double>.Count, i = 0;
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double b0 = ref b.IsEmpty ? ref a0 : ref MemoryMarshal.GetReference(b);
        Vector<double> acc0 = Vector<double>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (; i + 4 * lanes <= n; i += 4 * lanes)
        {
            acc0 += TOp.Term(Vector.LoadUnsafe(ref a0, (nuint)i), Vector.LoadUnsafe(ref b0, (nuint)i));
            acc1 += TOp.Term(Vector.LoadUnsafe(ref a0, (nuint)(i + lanes)), Vector.LoadUnsafe(ref b0, (nuint)(i + lanes)));
            acc2 += TOp.Term(Vector.LoadUnsafe(ref a0, (nuint)(i + 2 * lanes)), Vector.LoadUnsafe(ref b0, (nuint)(i + 2 * lanes)));
            acc3 += TOp.Term(Vector.LoadUnsafe(ref a0, (nuint)(i + 3 * lanes)), Vector.LoadUnsafe(ref b0, (nuint)(i + 3 * lanes)));
        }
        for (; i + lanes <= n; i += lanes)
            acc0 += TOp.Term(Vector.LoadUnsafe(ref a0, (nuint)i), Vector.LoadUnsafe(ref b0, (nuint)i));
        double s = Vector.Sum((acc0 + acc1) + (acc2 + acc3));
        for (; i < n; i++) s += TOp.Term(Unsafe.Add(ref a0, i), Unsafe.Add(ref b0, i));
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double KernelFloat<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b) where TOp : struct, IPairOp
    {
        int n = a.Length, lanes = Vector<float>.Count, i = 0;
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref b.IsEmpty ? ref a0 : ref MemoryMarshal.GetReference(b);
        Vector<double> acc0 = Vector<double>.Zero, acc1 = acc0;
        for (; i + lanes <= n; i += lanes)
        {
            Vector.Widen(Vector.LoadUnsafe(ref a0, (nuint)i), out var aLo, out var aHi);
            Vector.Widen(Vector.LoadUnsafe(ref b0, (nuint)i), out var bLo, out var bHi);
            acc0 += TOp.Term(aLo, bLo);
            acc1 += TOp.Term(aHi, bHi);
        }
        double s = Vector.Sum(acc0 + acc1);
        for (; i < n; i++) s += TOp.Term(Unsafe.Add(ref a0, i), Unsafe.Add(ref b0, i));
        return s;
    }

    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> a) where TFrom : unmanaged where TTo : unmanaged =>
        MemoryMarshal.Cast<TFrom, TTo>(a);
}
