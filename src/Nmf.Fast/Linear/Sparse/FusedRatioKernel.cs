// The fused KL numerator C = (X ⊘ A·Bᵀ)·B: one pass over X that samples A·Bᵀ, maps each entry and multiplies by B.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>Raw pointers and sizes of one fused sampled product: X (CSR), A (rows×k), B (cols×k), C (rows×k).</summary>
internal readonly unsafe struct FusedArgs<T> where T : unmanaged
{
    public readonly SampledArgs<T> Sampled;
    public readonly T* C;
    public readonly int CStride;

    public FusedArgs(SampledArgs<T> sampled, T* c, int cStride)
    {
        Sampled = sampled;
        C = c;
        CStride = cStride;
    }
}

/// <summary>
/// Row i of C is <c>Σₚ map(x_p, A[i,:]·B[colₚ,:])·B[colₚ,:]</c>. With the ratio map and A = W, B = Hᵀ this is the
/// numerator (X ⊘ WH)·Hᵀ of the KL multiplicative update of W; on the arrays of Xᵀ with A = Hᵀ, B = W it is
/// (Wᵀ(X ⊘ WH))ᵀ, the numerator for H (Lee &amp; Seung 2001, eq. 5; Févotte &amp; Idier 2011, eq. 16–17 for β).
/// </summary>
/// <remarks>
/// Each gathered row of B is used twice: for the dot product with A's row (the model value) and, scaled by the
/// mapped value, for the accumulation into C's row, which stays in registers; the second use finds it in L1. The vectors
/// sit at the product kernel's offsets (the last one overlapping); for the dot product the overlapped lanes of
/// A's last vector are masked to zero once per row. Up to four vectors (k ≤ 4·lanes) run in registers; larger
/// ranks accumulate in C's row in memory (it stays in L1). No ratio buffer is ever written.
/// </remarks>
internal static unsafe class FusedRatioKernel
{
    /// <summary>Entries per row handled per pass: their mapped values wait in a stack buffer between the two phases.</summary>
    internal const int ChunkEntries = 128;

    /// <summary>Rows [rowStart, rowEnd) of C with vectors of <typeparamref name="TOps"/>.</summary>
    public static void Rows<T, TVec, TOps, TMap>(in FusedArgs<T> f, TMap map, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where TMap : struct, ISampledMap<T>
    {
        int lanes = TOps.Count;
        int vectors = (f.Sampled.K + lanes - 1) / lanes;
        switch (vectors)
        {
            case 1: Rows<T, TVec, TOps, TMap, One>(f, map, rowStart, rowEnd); break;
            case 2: Rows<T, TVec, TOps, TMap, Two>(f, map, rowStart, rowEnd); break;
            case 3: Rows<T, TVec, TOps, TMap, Three>(f, map, rowStart, rowEnd); break;
            case 4: Rows<T, TVec, TOps, TMap, Four>(f, map, rowStart, rowEnd); break;
            default: Wide<T, TVec, TOps, TMap>(f, map, rowStart, rowEnd); break;
        }
    }

    /// <summary>
    /// A row in chunks of <see cref="ChunkEntries"/> entries and two phases per chunk: (1) the mapped values
    /// map(x, A[i,:]·B[col,:]), independent of each other so their long dot → sum → divide chains overlap;
    /// (2) C's row in registers += value·B[col,:], with B's rows still in L1 from phase 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: no tier-0 code
    private static void Rows<T, TVec, TOps, TMap, TCount>(in FusedArgs<T> f, TMap map, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where TMap : struct, ISampledMap<T>
        where TCount : struct, IConstant
    {
        int lanes = TOps.Count;
        int k = f.Sampled.K;
        int n = TCount.Value;
        TVec tail = TOps.LanesFrom(n * lanes - k);
        int o1 = Math.Min(lanes, k - lanes), o2 = Math.Min(2 * lanes, k - lanes), o3 = k - lanes;
        int* rp = f.Sampled.RowPointers;
        int* columns = f.Sampled.ColumnIndices;
        T* values = f.Sampled.Values;
        T* bBase = f.Sampled.B;
        nint bStride = f.Sampled.BStride;
        T* mapped = stackalloc T[ChunkEntries];
        for (int i = rowStart; i < rowEnd; i++)
        {
            // A's row in registers, its last vector masked so the dot product counts each lane once.
            T* a = f.Sampled.A + (nint)i * f.Sampled.AStride;
            TVec a0 = n == 1 ? TOps.And(TOps.Load(a), tail) : TOps.Load(a);
            TVec a1 = n >= 2 ? (n == 2 ? TOps.And(TOps.Load(a + o1), tail) : TOps.Load(a + o1)) : TOps.Zero;
            TVec a2 = n >= 3 ? (n == 3 ? TOps.And(TOps.Load(a + o2), tail) : TOps.Load(a + o2)) : TOps.Zero;
            TVec a3 = n == 4 ? TOps.And(TOps.Load(a + o3), tail) : TOps.Zero;
            TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
            int end = rp[i + 1];
            for (int chunk = rp[i]; chunk < end; chunk += ChunkEntries)
            {
                int chunkEnd = Math.Min(end, chunk + ChunkEntries);
                for (int p = chunk; p < chunkEnd; p++)
                {
                    T* b = bBase + columns[p] * bStride;
                    TVec dot = TOps.MultiplyAdd(a0, TOps.Load(b), TOps.Zero);
                    if (n >= 2) dot = TOps.MultiplyAdd(a1, TOps.Load(b + o1), dot);
                    if (n >= 3) dot = TOps.MultiplyAdd(a2, TOps.Load(b + o2), dot);
                    if (n == 4) dot = TOps.MultiplyAdd(a3, TOps.Load(b + o3), dot);
                    mapped[p - chunk] = map.Apply(values[p], TOps.Sum(dot));
                }
                for (int p = chunk; p < chunkEnd; p++)
                {
                    T* b = bBase + columns[p] * bStride;
                    TVec r = TOps.Broadcast(mapped[p - chunk]);
                    c0 = TOps.MultiplyAdd(r, TOps.Load(b), c0);
                    if (n >= 2) c1 = TOps.MultiplyAdd(r, TOps.Load(b + o1), c1);
                    if (n >= 3) c2 = TOps.MultiplyAdd(r, TOps.Load(b + o2), c2);
                    if (n == 4) c3 = TOps.MultiplyAdd(r, TOps.Load(b + o3), c3);
                }
            }
            T* c = f.C + (nint)i * f.CStride;
            TOps.Store(c0, c);
            if (n >= 2) TOps.Store(c1, c + o1);
            if (n >= 3) TOps.Store(c2, c + o2);
            if (n == 4) TOps.Store(c3, c + o3);
        }
    }

    /// <summary>Ranks above four vectors: C's row is the accumulator (full vectors, then a scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: no tier-0 code
    private static void Wide<T, TVec, TOps, TMap>(in FusedArgs<T> f, TMap map, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where TMap : struct, ISampledMap<T>
    {
        int lanes = TOps.Count;
        int k = f.Sampled.K;
        int full = k - k % lanes;
        int vectors = (k + lanes - 1) / lanes;
        TVec tail = TOps.LanesFrom(vectors * lanes - k);
        for (int i = rowStart; i < rowEnd; i++)
        {
            T* a = f.Sampled.A + (nint)i * f.Sampled.AStride;
            T* c = f.C + (nint)i * f.CStride;
            for (int j = 0; j < k; j++) c[j] = T.Zero;
            int end = f.Sampled.RowPointers[i + 1];
            for (int p = f.Sampled.RowPointers[i]; p < end; p++)
            {
                T* b = f.Sampled.B + (nint)f.Sampled.ColumnIndices[p] * f.Sampled.BStride;
                TVec dot = TOps.Zero;
                int j = 0;
                for (; j + lanes < k; j += lanes) dot = TOps.MultiplyAdd(TOps.Load(a + j), TOps.Load(b + j), dot);
                dot = TOps.MultiplyAdd(TOps.And(TOps.Load(a + k - lanes), tail), TOps.Load(b + k - lanes), dot);
                T r = map.Apply(f.Sampled.Values[p], TOps.Sum(dot));
                TVec rv = TOps.Broadcast(r);
                for (j = 0; j < full; j += lanes) TOps.Store(TOps.MultiplyAdd(rv, TOps.Load(b + j), TOps.Load(c + j)), c + j);
                for (; j < k; j++) c[j] = T.MultiplyAddEstimate(r, b[j], c[j]);
            }
        }
    }

    /// <summary>The scalar reference.</summary>
    public static void RowsScalar<T, TMap>(in FusedArgs<T> f, TMap map, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : struct, ISampledMap<T>
    {
        int k = f.Sampled.K;
        for (int i = rowStart; i < rowEnd; i++)
        {
            T* a = f.Sampled.A + (nint)i * f.Sampled.AStride;
            T* c = f.C + (nint)i * f.CStride;
            for (int j = 0; j < k; j++) c[j] = T.Zero;
            int end = f.Sampled.RowPointers[i + 1];
            for (int p = f.Sampled.RowPointers[i]; p < end; p++)
            {
                T* b = f.Sampled.B + (nint)f.Sampled.ColumnIndices[p] * f.Sampled.BStride;
                T dot = T.Zero;
                for (int j = 0; j < k; j++) dot += a[j] * b[j];
                T r = map.Apply(f.Sampled.Values[p], dot);
                for (int j = 0; j < k; j++) c[j] += r * b[j];
            }
        }
    }
}
