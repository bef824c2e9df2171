// The row kernel of C = A·B for CSR A and dense row-major B: vectorised over the columns of B (the rank).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// Raw pointers and sizes of one CSR × dense product, shared by every worker (all read-only but C). The column
/// indices and values are untyped: the kernel reads them as its TIndex (int or ushort) and TValue (T, float widened
/// to double, or byte) type arguments through <see cref="PackedEntries"/>, see <see cref="PackedCsr{T}"/>.
/// </summary>
internal readonly unsafe struct CsrProductArgs<T> where T : unmanaged
{
    public readonly int* RowPointers;
    public readonly void* ColumnIndices;
    public readonly void* Values;
    public readonly T* B;
    public readonly int BStride;
    public readonly T* C;
    public readonly int CStride;
    public readonly int K;

    public CsrProductArgs(int* rowPointers, void* columnIndices, void* values, T* b, int bStride, T* c, int cStride, int k)
    {
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
        B = b;
        BStride = bStride;
        C = c;
        CStride = cStride;
        K = k;
    }
}

/// <summary>
/// Row i of C is <c>Σₚ A[i, colₚ]·B[colₚ, :]</c>: each stored value scales one gathered row of B (k contiguous
/// elements) into accumulators held in registers for the whole row, so C is written once and never read.
/// </summary>
/// <remarks>
/// The k columns are covered by vectors at offsets 0, L, 2L, … and a last vector that ends exactly at k: a vector of
/// half the lanes at k − L/2 when the rest of k fits in it, else a full one at k − L (L = lanes, k ≥ L). The last
/// vector may overlap the one before it; overlapped lanes are computed twice by identical operations in the identical
/// order, so they store identical bits: the tail costs one vector, never a scalar loop or a mask.
/// <code>
///   k = 20, L = 8 (double, 512-bit):   [ 0 ..... 7 ][ 8 .... 15 ][16 . 19]     (8 + 8 + 4: 160 bytes read per row)
///   k = 26, L = 8:                     [ 0 ..... 7 ][ 8 .... 15 ][16 .... 23]
///                                                               [18 .... 25]
/// </code>
/// The half tail matters because the kernel is bound by its loads, not its FMAs, even with B in L1: 8 + 8 + 8
/// overlapping lanes read 192 bytes per gathered row of 160 and split more loads across cache lines (lab: −8 % per
/// product with B in L1 or L2; docs/sparse.md).
/// Vectors go through the row's non-zeros in groups of at most four (eight accumulators with the two-way
/// unroll that hides the FMA latency: even and odd non-zeros sum separately and meet at the end). A row's
/// result depends only on the row, never on which worker ran it, so any split of the rows gives identical bits.
/// </remarks>
internal static unsafe class CsrTimesDenseKernel
{
    /// <summary>
    /// Computes rows [rowStart, rowEnd) of C with vectors of <typeparamref name="TOps"/>, the last one half as wide
    /// (<typeparamref name="THalfOps"/>, with half the lanes) when that covers the rest of k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: no tier-0 code
    public static void Rows<T, TIndex, TValue, TVec, TOps, THalf, THalfOps>(in CsrProductArgs<T> a, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where THalf : struct
        where THalfOps : struct, IVectorOps<THalf, T>
    {
        int lanes = TOps.Count;
        // Gathers are prefetched a few entries ahead across row ends too (the next row of this call comes next), so a row's
        // first entries do not wait (16 % of the entries of a 50-entry row): 1–4 % less time (docs/sparse.md).
        int prefetchEnd = a.RowPointers[rowEnd];
        // Read here, not in Group: under the JIT a static read there comes with a class-initialisation check (a possible
        // call) after the accumulators are zeroed, and the JIT then kept every accumulator on the stack for the whole loop
        // (a load and a store around each FMA): the row kernel ran 1.6× slower in-process than native AOT, which
        // pre-initialises the field (docs/sparse.md, "The row kernel under the JIT").
        int distance = GatherPrefetchDistance;
        if (distance == 0) prefetchEnd = 0;
        int k = a.K;
        int vectors = (k + lanes - 1) / lanes;
        // k = 20 in doubles on 512 bits: 8 + 8 + 4 lanes (160 bytes read per gathered row) instead of 8 + 8 + 8 overlapping
        // (192): the loads, not the FMAs, bound the kernel even with B in L1.
        int halfLanes = THalfOps.Count;
        bool halfTail = HalfTail && 2 * halfLanes == lanes && k - (vectors - 1) * lanes <= halfLanes;
        for (int i = rowStart; i < rowEnd; i++)
        {
            int start = a.RowPointers[i];
            int end = a.RowPointers[i + 1];
            T* c = a.C + (nint)i * a.CStride;
            for (int v = 0; v < vectors; v += 4)
            {
                int o0 = Offset(v, vectors, lanes, halfTail, halfLanes, k), o1 = Offset(v + 1, vectors, lanes, halfTail, halfLanes, k);
                int o2 = Offset(v + 2, vectors, lanes, halfTail, halfLanes, k), o3 = Offset(v + 3, vectors, lanes, halfTail, halfLanes, k);
                int count = Math.Min(4, vectors - v);
                if (halfTail && v + count == vectors)
                {
                    switch (count)
                    {
                        case 1: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, One, Half>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                        case 2: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, Two, Half>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                        case 3: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, Three, Half>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                        default: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, Four, Half>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                    }
                }
                else
                {
                    switch (count)
                    {
                        case 1: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, One, Full>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                        case 2: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, Two, Full>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                        case 3: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, Three, Full>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                        default: Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, Four, Full>(a, start, end, prefetchEnd, distance, c, o0, o1, o2, o3); break;
                    }
                }
            }
        }
    }

    /// <summary>The scalar reference: the same sums, one element at a time, in the same non-zero order.</summary>
    public static void RowsScalar<T, TIndex, TValue>(in CsrProductArgs<T> a, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
    {
        int k = a.K;
        for (int i = rowStart; i < rowEnd; i++)
        {
            int start = a.RowPointers[i];
            int end = a.RowPointers[i + 1];
            T* c = a.C + (nint)i * a.CStride;
            for (int j = 0; j < k; j++) c[j] = T.Zero;
            for (int p = start; p < end; p++)
            {
                T x = PackedEntries.Value<T, TValue>(a.Values, p);
                T* b = a.B + PackedEntries.Column<TIndex>(a.ColumnIndices, p) * a.BStride;
                for (int j = 0; j < k; j++) c[j] += x * b[j];
            }
        }
    }

    /// <summary>
    /// Offset of vector <paramref name="v"/> of <paramref name="vectors"/>: v·L, except the last, which ends exactly at k
    /// (a half vector of <paramref name="halfLanes"/> when <paramref name="halfTail"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offset(int v, int vectors, int lanes, bool halfTail, int halfLanes, int k) =>
        halfTail && v == vectors - 1 ? k - halfLanes : Math.Min(v * lanes, k - lanes);

    /// <summary>
    /// False to read the last vector of a row at full width even where a half vector covers the rest of k (the layout
    /// before 2026-11-23, bitwise the same results). A field, not a constant, so that <c>sparse-ab</c> can compare the
    /// two in one process; nothing else sets it.
    /// </summary>
    internal static bool HalfTail = true;

    /// <summary>
    /// <paramref name="scalar"/> broadcast to a half vector: the lower half of <paramref name="full"/> (which holds it in
    /// every lane) where the widths pair up — a register alias, no instruction — else a broadcast of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static THalf LowerHalf<T, TVec, THalf, THalfOps>(TVec full, T scalar)
        where T : unmanaged
        where TVec : struct
        where THalf : struct
        where THalfOps : struct, IVectorOps<THalf, T>
    {
        if (typeof(TVec) == typeof(Vector512<T>) && typeof(THalf) == typeof(Vector256<T>)) return (THalf)(object)((Vector512<T>)(object)full).GetLower();
        if (typeof(TVec) == typeof(Vector256<T>) && typeof(THalf) == typeof(Vector128<T>)) return (THalf)(object)((Vector256<T>)(object)full).GetLower();
        return THalfOps.Broadcast(scalar);
    }

    /// <summary>Whether a group's last vector is half width: a compile-time flag, so each specialised copy folds it.</summary>
    private interface ITail
    {
        static abstract bool IsHalf { get; }
    }

    private readonly struct Full : ITail { public static bool IsHalf => false; }

    private readonly struct Half : ITail { public static bool IsHalf => true; }

    /// <summary>
    /// How many entries ahead a row's gathers are prefetched (0: none). 16: in sparse HALS's loop on the issue-4 shape
    /// (in-process A/B, <c>bench … sparse-ab</c>) 3–5 % less time per iteration than 8, and 6 % less than none; 12, 20
    /// and 24 within ±1 % of 16, 32 +5 %. A field, not a constant, so that <c>sparse-ab</c> can compare distances in one
    /// process; nothing else sets it.
    /// </summary>
    internal static int GatherPrefetchDistance = 16;

    /// <summary>
    /// <typeparamref name="TCount"/> vectors (at offsets o0…o3, the unused ones ignored) of one row, accumulated over
    /// the row's entries in registers; even and odd entries use separate accumulators, added before the store. With
    /// <typeparamref name="TTail"/> = <see cref="Half"/> the last of them is a <typeparamref name="THalf"/> vector. The B row
    /// of each entry up to <paramref name="prefetchEnd"/> (past the row's end: the next rows') is prefetched
    /// <paramref name="distance"/> entries ahead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: no tier-0 code
    private static void Group<T, TIndex, TValue, TVec, TOps, THalf, THalfOps, TCount, TTail>(in CsrProductArgs<T> a, int start, int end, int prefetchEnd,
        int distance, T* c, int o0, int o1, int o2, int o3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where THalf : struct
        where THalfOps : struct, IVectorOps<THalf, T>
        where TCount : struct, IConstant
        where TTail : struct, ITail
    {
        bool half = TTail.IsHalf;
        int full = half ? TCount.Value - 1 : TCount.Value; // full-width vectors; the half one (if any) comes after them
        void* values = a.Values;
        T* bBase = a.B;
        void* columns = a.ColumnIndices;
        nint stride = a.BStride;
        nint n0 = o0, n1 = o1, n2 = o2, n3 = o3; // sign-extended once, not per load
        nint nh = TCount.Value == 1 ? n0 : TCount.Value == 2 ? n1 : TCount.Value == 3 ? n2 : n3; // the half vector's offset
        TVec e0 = TOps.Zero, e1 = TOps.Zero, e2 = TOps.Zero, e3 = TOps.Zero;
        TVec d0 = TOps.Zero, d1 = TOps.Zero, d2 = TOps.Zero, d3 = TOps.Zero;
        THalf eh = THalfOps.Zero, dh = THalfOps.Zero;
        // nint indices: no sign extension per load. Pairs run while p < end − 1; prefetch while p + D + 1 < prefetchEnd.
        nint p = start, pairsEnd = end - 1, prefetchBefore = (nint)prefetchEnd - distance - 1;
        for (; p < pairsEnd; p += 2)
        {
            if (System.Runtime.Intrinsics.X86.Sse.IsSupported && p < prefetchBefore)
            {
                // The rows of B that entries p + D and p + D + 1 gather: random rows, which no hardware prefetcher predicts.
                // Only each row's first line: the lab measured the last line's prefetch as costing more than it saves.
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(bBase + PackedEntries.Column<TIndex>(columns, p + distance) * stride);
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(bBase + PackedEntries.Column<TIndex>(columns, p + distance + 1) * stride);
            }
            T xs = PackedEntries.Value<T, TValue>(values, p), ys = PackedEntries.Value<T, TValue>(values, p + 1);
            TVec x = TOps.Broadcast(xs);
            TVec y = TOps.Broadcast(ys);
            T* b = bBase + PackedEntries.Column<TIndex>(columns, p) * stride;
            T* q = bBase + PackedEntries.Column<TIndex>(columns, p + 1) * stride;
            if (full >= 1)
            {
                e0 = TOps.MultiplyAdd(x, TOps.Load(b + n0), e0);
                d0 = TOps.MultiplyAdd(y, TOps.Load(q + n0), d0);
            }
            if (full >= 2)
            {
                e1 = TOps.MultiplyAdd(x, TOps.Load(b + n1), e1);
                d1 = TOps.MultiplyAdd(y, TOps.Load(q + n1), d1);
            }
            if (full >= 3)
            {
                e2 = TOps.MultiplyAdd(x, TOps.Load(b + n2), e2);
                d2 = TOps.MultiplyAdd(y, TOps.Load(q + n2), d2);
            }
            if (full == 4)
            {
                e3 = TOps.MultiplyAdd(x, TOps.Load(b + n3), e3);
                d3 = TOps.MultiplyAdd(y, TOps.Load(q + n3), d3);
            }
            if (half)
            {
                eh = THalfOps.MultiplyAdd(LowerHalf<T, TVec, THalf, THalfOps>(x, xs), THalfOps.Load(b + nh), eh);
                dh = THalfOps.MultiplyAdd(LowerHalf<T, TVec, THalf, THalfOps>(y, ys), THalfOps.Load(q + nh), dh);
            }
        }
        if (p < end)
        {
            T xs = PackedEntries.Value<T, TValue>(values, p);
            TVec x = TOps.Broadcast(xs);
            T* b = bBase + PackedEntries.Column<TIndex>(columns, p) * stride;
            if (full >= 1) e0 = TOps.MultiplyAdd(x, TOps.Load(b + n0), e0);
            if (full >= 2) e1 = TOps.MultiplyAdd(x, TOps.Load(b + n1), e1);
            if (full >= 3) e2 = TOps.MultiplyAdd(x, TOps.Load(b + n2), e2);
            if (full == 4) e3 = TOps.MultiplyAdd(x, TOps.Load(b + n3), e3);
            if (half) eh = THalfOps.MultiplyAdd(LowerHalf<T, TVec, THalf, THalfOps>(x, xs), THalfOps.Load(b + nh), eh);
        }
        if (full >= 1) TOps.Store(TOps.Add(e0, d0), c + n0);
        if (full >= 2) TOps.Store(TOps.Add(e1, d1), c + n1);
        if (full >= 3) TOps.Store(TOps.Add(e2, d2), c + n2);
        if (full == 4) TOps.Store(TOps.Add(e3, d3), c + n3);
        if (half) THalfOps.Store(THalfOps.Add(eh, dh), c + nh);
    }
}
