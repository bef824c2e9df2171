// The sampled product (A·Bᵀ)ᵢⱼ at the stored entries of a CSR matrix, fused with a per-entry map or reduction.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>Raw pointers and sizes of one sampled product over the stored entries of a CSR matrix X.</summary>
internal readonly unsafe struct SampledArgs<T> where T : unmanaged
{
    public readonly int* RowPointers;
    public readonly int* ColumnIndices;
    public readonly T* Values;
    public readonly T* A;
    public readonly int AStride;
    public readonly T* B;
    public readonly int BStride;
    public readonly int K;

    public SampledArgs(int* rowPointers, int* columnIndices, T* values, T* a, int aStride, T* b, int bStride, int k)
    {
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
        A = a;
        AStride = aStride;
        B = b;
        BStride = bStride;
        K = k;
    }
}

/// <summary>What to do with one stored entry x and its model value wh = A[i,:]·B[j,:], writing a value.</summary>
internal interface ISampledMap<T>
{
    T Apply(T x, T wh);
}

/// <summary>What one stored entry x with model value wh adds to a sum (taken in double).</summary>
internal interface ISampledReduce<T>
{
    double Apply(T x, T wh);
}

/// <summary>
/// For every stored (i, j) of X the k-long dot product <c>A[i,:]·B[j,:]</c> (with A = W, m×k, and B = Hᵀ, n×k,
/// that is (WH)ᵢⱼ), then a map into a values-shaped buffer or a reduction. Only the non-zeros are touched:
/// O(nnz·k) work and no m×n buffer.
/// </summary>
/// <remarks>
/// The dot product is a reduction, so its tail cannot overlap like the product kernel's: the last vector is
/// loaded at k − L and the lanes already counted are masked to zero in A's copy (identity-masked tail).
/// <code>
///   k = 20, L = 16:  s += a[0..15]·b[0..15];  s += (a[4..19] AND mask[lanes ≥ 12])·b[4..19]
/// </code>
/// </remarks>
internal static unsafe class SampledKernel
{
    /// <summary>output[p] = map(x_p, (A·Bᵀ) at p) for the stored entries of rows [rowStart, rowEnd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: no tier-0 code
    public static void Map<T, TVec, TOps, TMap>(in SampledArgs<T> s, TMap map, T* output, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where TMap : struct, ISampledMap<T>
    {
        var tail = TailMask<T, TVec, TOps>(s.K);
        int* rp = s.RowPointers;
        int* columns = s.ColumnIndices;
        T* values = s.Values;
        T* bBase = s.B;
        nint bStride = s.BStride;
        int k = s.K;
        for (int i = rowStart; i < rowEnd; i++)
        {
            T* a = s.A + (nint)i * s.AStride;
            int end = rp[i + 1];
            for (int p = rp[i]; p < end; p++)
                output[p] = map.Apply(values[p], Dot<T, TVec, TOps>(a, bBase + columns[p] * bStride, k, tail));
        }
    }

    /// <summary>Σ reduce(x_p, (A·Bᵀ) at p) over the stored entries of rows [rowStart, rowEnd), in entry order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: no tier-0 code
    public static double Reduce<T, TVec, TOps, TReduce>(in SampledArgs<T> s, TReduce reduce, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where TReduce : struct, ISampledReduce<T>
    {
        var tail = TailMask<T, TVec, TOps>(s.K);
        int* rp = s.RowPointers;
        int* columns = s.ColumnIndices;
        T* values = s.Values;
        T* bBase = s.B;
        nint bStride = s.BStride;
        int k = s.K;
        double sum = 0;
        for (int i = rowStart; i < rowEnd; i++)
        {
            T* a = s.A + (nint)i * s.AStride;
            int end = rp[i + 1];
            for (int p = rp[i]; p < end; p++)
                sum += reduce.Apply(values[p], Dot<T, TVec, TOps>(a, bBase + columns[p] * bStride, k, tail));
        }
        return sum;
    }

    /// <summary>The scalar reference of <see cref="Map"/>.</summary>
    public static void MapScalar<T, TMap>(in SampledArgs<T> s, TMap map, T* output, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : struct, ISampledMap<T>
    {
        for (int i = rowStart; i < rowEnd; i++)
        {
            T* a = s.A + (nint)i * s.AStride;
            int end = s.RowPointers[i + 1];
            for (int p = s.RowPointers[i]; p < end; p++)
                output[p] = map.Apply(s.Values[p], DotScalar(a, s.B + (nint)s.ColumnIndices[p] * s.BStride, s.K));
        }
    }

    /// <summary>The scalar reference of <see cref="Reduce"/>.</summary>
    public static double ReduceScalar<T, TReduce>(in SampledArgs<T> s, TReduce reduce, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReduce : struct, ISampledReduce<T>
    {
        double sum = 0;
        for (int i = rowStart; i < rowEnd; i++)
        {
            T* a = s.A + (nint)i * s.AStride;
            int end = s.RowPointers[i + 1];
            for (int p = s.RowPointers[i]; p < end; p++)
                sum += reduce.Apply(s.Values[p], DotScalar(a, s.B + (nint)s.ColumnIndices[p] * s.BStride, s.K));
        }
        return sum;
    }

    /// <summary>Mask for the last vector (at k − L): keeps the lanes no earlier vector counted.</summary>
    private static TVec TailMask<T, TVec, TOps>(int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int lanes = TOps.Count;
        int vectors = (k + lanes - 1) / lanes;
        return TOps.LanesFrom(vectors * lanes - k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Dot<T, TVec, TOps>(T* a, T* b, int k, TVec tail)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int lanes = TOps.Count;
        TVec sum = TOps.Zero;
        int j = 0;
        for (; j + lanes < k; j += lanes) sum = TOps.MultiplyAdd(TOps.Load(a + j), TOps.Load(b + j), sum);
        int last = k - lanes;
        sum = TOps.MultiplyAdd(TOps.And(TOps.Load(a + last), tail), TOps.Load(b + last), sum);
        return TOps.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DotScalar<T>(T* a, T* b, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int j = 0; j < k; j++) sum += a[j] * b[j];
        return sum;
    }
}

/// <summary><c>wh</c>: the model value itself, (W·H)ᵢⱼ at the stored entries.</summary>
internal readonly struct SampledProductMap<T> : ISampledMap<T> where T : IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply(T x, T wh) => wh;
}

/// <summary><c>x / max(wh, ε)</c>: the ratio X ⊘ (WH) of the KL multiplicative update (Lee &amp; Seung 2001, eq. 5).</summary>
internal readonly struct SampledRatioMap<T>(T epsilon) : ISampledMap<T> where T : IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply(T x, T wh) => x / T.Max(wh, epsilon);
}

/// <summary><c>x·wh</c>: the terms of ⟨X, WH⟩ in ‖X − WH‖² = ‖X‖² − 2⟨X, WH⟩ + ⟨WᵀW, HHᵀ⟩.</summary>
internal readonly struct SampledInnerProductReduce<T> : ISampledReduce<T> where T : IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Apply(T x, T wh) => double.CreateTruncating(x) * double.CreateTruncating(wh);
}

/// <summary>
/// <c>x·log(x / max(wh, ε))</c> (0 when x = 0): the stored-entry part of the generalized KL divergence
/// D(X‖WH) = Σ_nz x·log(x/wh) − Σ_nz x + Σᵢⱼ (WH)ᵢⱼ, whose last sum is (column sums of W)·(row sums of H).
/// </summary>
internal readonly struct SampledKullbackLeiblerReduce<T>(T epsilon) : ISampledReduce<T> where T : IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Apply(T x, T wh)
    {
        if (x == T.Zero) return 0;
        double xd = double.CreateTruncating(x);
        return xd * Math.Log(xd / double.CreateTruncating(T.Max(wh, epsilon)));
    }
}

/// <summary>
/// <c>x·max(wh, ε)^(β−2)</c>: the stored-entry part of the β-divergence MU numerator (X ⊙ (WH)^(β−2))·Hᵀ
/// (Févotte &amp; Idier 2011, eq. 16); β = 1 is <see cref="SampledRatioMap{T}"/>, β = 2 is X itself.
/// </summary>
internal readonly struct SampledBetaNumeratorMap<T>(T beta, T epsilon) : ISampledMap<T> where T : IFloatingPointIeee754<T>
{
    private readonly T _exponent = beta - T.CreateTruncating(2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply(T x, T wh) => x * T.Pow(T.Max(wh, epsilon), _exponent);
}
