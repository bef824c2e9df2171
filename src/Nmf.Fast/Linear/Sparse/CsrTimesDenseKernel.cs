// The row kernel of C = A·B for CSR A and dense row-major B: vectorised over the columns of B (the rank).
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>Raw pointers and sizes of one CSR × dense product, shared by every worker (all read-only but C).</summary>
internal readonly unsafe struct CsrProductArgs<T> where T : unmanaged
{
    public readonly int* RowPointers;
    public readonly int* ColumnIndices;
    public readonly T* Values;
    public readonly T* B;
    public readonly int BStride;
    public readonly T* C;
    public readonly int CStride;
    public readonly int K;

    public CsrProductArgs(int* rowPointers, int* columnIndices, T* values, T* b, int bStride, T* c, int cStride, int k)
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
/// The k columns are covered by vectors at offsets 0, L, 2L, … and a last vector at k − L that overlaps the one
/// before it (L = lanes, k ≥ L). Overlapped lanes are computed twice by identical operations in the identical
/// order, so they store identical bits: the tail costs one vector, never a scalar loop or a mask.
/// <code>
///   k = 20, L = 16 (float, 512-bit):   [ 0 ............ 15 ]
///                                                  [ 4 ............ 19 ]
/// </code>
/// Vectors go through the row's non-zeros in groups of at most four (eight accumulators with the two-way
/// unroll that hides the FMA latency: even and odd non-zeros sum separately and meet at the end). A row's
/// result depends only on the row, never on which worker ran it, so any split of the rows gives identical bits.
/// </remarks>
internal static unsafe class CsrTimesDenseKernel
{
    /// <summary>Computes rows [rowStart, rowEnd) of C with vectors of <typeparamref name="TOps"/>.</summary>
    public static void Rows<T, TVec, TOps>(in CsrProductArgs<T> a, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int lanes = TOps.Count;
        int k = a.K;
        int vectors = (k + lanes - 1) / lanes;
        for (int i = rowStart; i < rowEnd; i++)
        {
            int start = a.RowPointers[i];
            int end = a.RowPointers[i + 1];
            T* c = a.C + (nint)i * a.CStride;
            for (int v = 0; v < vectors; v += 4)
            {
                int o0 = Offset(v, lanes, k);
                switch (vectors - v)
                {
                    case 1:
                        Group1<T, TVec, TOps>(a, start, end, c, o0);
                        break;
                    case 2:
                        Group2<T, TVec, TOps>(a, start, end, c, o0, Offset(v + 1, lanes, k));
                        break;
                    case 3:
                        Group3<T, TVec, TOps>(a, start, end, c, o0, Offset(v + 1, lanes, k), Offset(v + 2, lanes, k));
                        break;
                    default:
                        Group4<T, TVec, TOps>(a, start, end, c, o0, Offset(v + 1, lanes, k), Offset(v + 2, lanes, k), Offset(v + 3, lanes, k));
                        break;
                }
            }
        }
    }

    /// <summary>The scalar reference: the same sums, one element at a time, in the same non-zero order.</summary>
    public static void RowsScalar<T>(in CsrProductArgs<T> a, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
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
                T x = a.Values[p];
                T* b = a.B + (nint)a.ColumnIndices[p] * a.BStride;
                for (int j = 0; j < k; j++) c[j] += x * b[j];
            }
        }
    }

    /// <summary>Offset of vector <paramref name="v"/>: v·L, except the last, which ends exactly at k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offset(int v, int lanes, int k) => Math.Min(v * lanes, k - lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T* RowOfB<T>(T* b, int* columnIndices, nint stride, int p) where T : unmanaged =>
        b + columnIndices[p] * stride;

    private static void Group1<T, TVec, TOps>(in CsrProductArgs<T> a, int start, int end, T* c, int o0)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec e0 = TOps.Zero, d0 = TOps.Zero;
        T* values = a.Values;
        T* bBase = a.B;
        int* columns = a.ColumnIndices;
        nint stride = a.BStride;
        int p = start;
        for (; p + 1 < end; p += 2)
        {
            TVec x = TOps.Broadcast(values[p]);
            TVec y = TOps.Broadcast(values[p + 1]);
            T* b = RowOfB(bBase, columns, stride, p);
            T* q = RowOfB(bBase, columns, stride, p + 1);
            e0 = TOps.MultiplyAdd(x, TOps.Load(b + o0), e0);
            d0 = TOps.MultiplyAdd(y, TOps.Load(q + o0), d0);
        }
        if (p < end)
        {
            TVec x = TOps.Broadcast(values[p]);
            e0 = TOps.MultiplyAdd(x, TOps.Load(RowOfB(bBase, columns, stride, p) + o0), e0);
        }
        TOps.Store(TOps.Add(e0, d0), c + o0);
    }

    private static void Group2<T, TVec, TOps>(in CsrProductArgs<T> a, int start, int end, T* c, int o0, int o1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec e0 = TOps.Zero, e1 = TOps.Zero, d0 = TOps.Zero, d1 = TOps.Zero;
        T* values = a.Values;
        T* bBase = a.B;
        int* columns = a.ColumnIndices;
        nint stride = a.BStride;
        int p = start;
        for (; p + 1 < end; p += 2)
        {
            TVec x = TOps.Broadcast(values[p]);
            TVec y = TOps.Broadcast(values[p + 1]);
            T* b = RowOfB(bBase, columns, stride, p);
            T* q = RowOfB(bBase, columns, stride, p + 1);
            e0 = TOps.MultiplyAdd(x, TOps.Load(b + o0), e0);
            e1 = TOps.MultiplyAdd(x, TOps.Load(b + o1), e1);
            d0 = TOps.MultiplyAdd(y, TOps.Load(q + o0), d0);
            d1 = TOps.MultiplyAdd(y, TOps.Load(q + o1), d1);
        }
        if (p < end)
        {
            TVec x = TOps.Broadcast(values[p]);
            T* b = RowOfB(bBase, columns, stride, p);
            e0 = TOps.MultiplyAdd(x, TOps.Load(b + o0), e0);
            e1 = TOps.MultiplyAdd(x, TOps.Load(b + o1), e1);
        }
        TOps.Store(TOps.Add(e0, d0), c + o0);
        TOps.Store(TOps.Add(e1, d1), c + o1);
    }

    private static void Group3<T, TVec, TOps>(in CsrProductArgs<T> a, int start, int end, T* c, int o0, int o1, int o2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec e0 = TOps.Zero, e1 = TOps.Zero, e2 = TOps.Zero, d0 = TOps.Zero, d1 = TOps.Zero, d2 = TOps.Zero;
        T* values = a.Values;
        T* bBase = a.B;
        int* columns = a.ColumnIndices;
        nint stride = a.BStride;
        int p = start;
        for (; p + 1 < end; p += 2)
        {
            TVec x = TOps.Broadcast(values[p]);
            TVec y = TOps.Broadcast(values[p + 1]);
            T* b = RowOfB(bBase, columns, stride, p);
            T* q = RowOfB(bBase, columns, stride, p + 1);
            e0 = TOps.MultiplyAdd(x, TOps.Load(b + o0), e0);
            e1 = TOps.MultiplyAdd(x, TOps.Load(b + o1), e1);
            e2 = TOps.MultiplyAdd(x, TOps.Load(b + o2), e2);
            d0 = TOps.MultiplyAdd(y, TOps.Load(q + o0), d0);
            d1 = TOps.MultiplyAdd(y, TOps.Load(q + o1), d1);
            d2 = TOps.MultiplyAdd(y, TOps.Load(q + o2), d2);
        }
        if (p < end)
        {
            TVec x = TOps.Broadcast(values[p]);
            T* b = RowOfB(bBase, columns, stride, p);
            e0 = TOps.MultiplyAdd(x, TOps.Load(b + o0), e0);
            e1 = TOps.MultiplyAdd(x, TOps.Load(b + o1), e1);
            e2 = TOps.MultiplyAdd(x, TOps.Load(b + o2), e2);
        }
        TOps.Store(TOps.Add(e0, d0), c + o0);
        TOps.Store(TOps.Add(e1, d1), c + o1);
        TOps.Store(TOps.Add(e2, d2), c + o2);
    }

    private static void Group4<T, TVec, TOps>(in CsrProductArgs<T> a, int start, int end, T* c, int o0, int o1, int o2, int o3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec e0 = TOps.Zero, e1 = TOps.Zero, e2 = TOps.Zero, e3 = TOps.Zero;
        TVec d0 = TOps.Zero, d1 = TOps.Zero, d2 = TOps.Zero, d3 = TOps.Zero;
        T* values = a.Values;
        T* bBase = a.B;
        int* columns = a.ColumnIndices;
        nint stride = a.BStride;
        int p = start;
        for (; p + 1 < end; p += 2)
        {
            TVec x = TOps.Broadcast(values[p]);
            TVec y = TOps.Broadcast(values[p + 1]);
            T* b = RowOfB(bBase, columns, stride, p);
            T* q = RowOfB(bBase, columns, stride, p + 1);
            e0 = TOps.MultiplyAdd(x, TOps.Load(b + o0), e0);
            e1 = TOps.MultiplyAdd(x, TOps.Load(b + o1), e1);
            e2 = TOps.MultiplyAdd(x, TOps.Load(b + o2), e2);
            e3 = TOps.MultiplyAdd(x, TOps.Load(b + o3), e3);
            d0 = TOps.MultiplyAdd(y, TOps.Load(q + o0), d0);
            d1 = TOps.MultiplyAdd(y, TOps.Load(q + o1), d1);
            d2 = TOps.MultiplyAdd(y, TOps.Load(q + o2), d2);
            d3 = TOps.MultiplyAdd(y, TOps.Load(q + o3), d3);
        }
        if (p < end)
        {
            TVec x = TOps.Broadcast(values[p]);
            T* b = RowOfB(bBase, columns, stride, p);
            e0 = TOps.MultiplyAdd(x, TOps.Load(b + o0), e0);
            e1 = TOps.MultiplyAdd(x, TOps.Load(b + o1), e1);
            e2 = TOps.MultiplyAdd(x, TOps.Load(b + o2), e2);
            e3 = TOps.MultiplyAdd(x, TOps.Load(b + o3), e3);
        }
        TOps.Store(TOps.Add(e0, d0), c + o0);
        TOps.Store(TOps.Add(e1, d1), c + o1);
        TOps.Store(TOps.Add(e2, d2), c + o2);
        TOps.Store(TOps.Add(e3, d3), c + o3);
    }
}
