// Register-blocked AVX-512 products for the small-rank tiles of MU: W·H, Wᵀ·R and R·Hᵀ with one short dimension.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Losses;

/// <summary>
/// The three products of a RowPanel × ColumnBlock tile of WH, where one side is the rank k (5–100):
/// <code>
///   Product:           C (r×c)   = A (r×k) · B (k×c)        WH tile: k rank-1 updates of a 4-row × 4-vector block
///   TransposeProduct:  C (k×c)  ⊕= A (r×k)ᵀ · R (r×c)       Wᵀ·ratio, Wᵀ·X: r rank-1 updates of a 4-row × 4-vector block
///   ProductPadded:     C (r×k′) ⊕= R (r×c) · Bt (c×k′)      ratio·Hᵀ, X·Hᵀ: Bt = Hᵀ padded to whole vectors, 8 rows × 3 vectors
/// </code>
/// (⊕= : overwrite or accumulate.) A general GEMM pays packing and blocking overheads that dominate at
/// these sizes; these kernels keep a block of C in 16–24 of the 32 zmm registers, broadcast one operand and
/// stream the other from L1, with no horizontal sums. Edge rows reuse the last valid row (computed twice, stored once), edge columns fall
/// back to single vectors and then scalars. Every element is summed in a fixed order that depends only on
/// the tile's shape. Without AVX-512 the calls go to <see cref="Gemm.Multiply{T}(T, ReadOnlyMatrixSpan{T}, MatrixOp, ReadOnlyMatrixSpan{T}, MatrixOp, T, MatrixSpan{T}, int)"/>.
/// </summary>
internal static unsafe class TileProducts
{
    private static bool Fast<T>() where T : unmanaged => ElementwiseMap.Width == 512 && Vector512<T>.IsSupported;

    /// <summary>C = A·B with A r×k, B k×c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static void Product<T>(PinnedMatrixView<T> a, PinnedMatrixView<T> b, PinnedMatrixView<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fast<T>())
        {
            Gemm.Multiply(T.One, a.AsReadOnly(), MatrixOp.None, b.AsReadOnly(), MatrixOp.None, T.Zero, c.AsSpan(), 1);
            return;
        }
        ProductCore(a, b, c, new PlainStore<T>(c));
    }

    /// <summary>
    /// C = X ⊘ g(A·B) with g(v) = (v = 0) ? ε : v — the KL ratio of a WH tile (scikit-learn's
    /// <c>WH_safe_X[WH_safe_X == 0] = EPSILON; X / WH_safe_X</c>) without storing the tile of WH: each register
    /// block of A·B is divided as it leaves the registers, so the divider works while the FMA units go on
    /// with the next block. Same values, bit for bit, as <see cref="Product{T}"/> followed by the division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static void ProductQuotient<T>(PinnedMatrixView<T> a, PinnedMatrixView<T> b, PinnedMatrixView<T> x, PinnedMatrixView<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fast<T>())
        {
            Product(a, b, c);
            T eps = T.CreateTruncating(SklearnGuards.Epsilon);
            for (int i = 0; i < c.Rows; i++)
            {
                Span<T> row = c.Row(i), xr = x.Row(i);
                for (int j = 0; j < row.Length; j++) row[j] = xr[j] / (row[j] == T.Zero ? eps : row[j]);
            }
            return;
        }
        ProductCore(a, b, c, new QuotientStore<T>(x, c));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ProductCore<T, TStore>(PinnedMatrixView<T> a, PinnedMatrixView<T> b, PinnedMatrixView<T> c, TStore store)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStore : struct, ITileStore<T>
    {
        int rows = c.Rows, cols = c.Cols, k = a.Cols, v = Vector512<T>.Count;
        for (int i = 0; i < rows; i += 4)
        {
            int i1 = Math.Min(i + 1, rows - 1), i2 = Math.Min(i + 2, rows - 1), i3 = Math.Min(i + 3, rows - 1);
            int j = 0;
            for (; j + 4 * v <= cols; j += 4 * v)
            {
                Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
                Vector512<T> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
                T* pb = b.Origin + j;
                nint bs = b.Stride;
                T* pa0 = a.Origin + (nint)i * a.Stride, pa1 = a.Origin + (nint)i1 * a.Stride, pa2 = a.Origin + (nint)i2 * a.Stride, pa3 = a.Origin + (nint)i3 * a.Stride;
                for (int p = 0; p < k; p++, pb += bs)
                {
                    var b0 = Vector512.Load(pb);
                    var b1 = Vector512.Load(pb + v);
                    var b2 = Vector512.Load(pb + 2 * v);
                    var b3 = Vector512.Load(pb + 3 * v);
                    var a0 = Vector512.Create(pa0[p]);
                    c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
                    c02 = Fma(a0, b2, c02); c03 = Fma(a0, b3, c03);
                    var a1 = Vector512.Create(pa1[p]);
                    c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
                    c12 = Fma(a1, b2, c12); c13 = Fma(a1, b3, c13);
                    var a2 = Vector512.Create(pa2[p]);
                    c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
                    c22 = Fma(a2, b2, c22); c23 = Fma(a2, b3, c23);
                    var a3 = Vector512.Create(pa3[p]);
                    c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
                    c32 = Fma(a3, b2, c32); c33 = Fma(a3, b3, c33);
                }
                store.Store4(i3, j, c30, c31, c32, c33);
                store.Store4(i2, j, c20, c21, c22, c23);
                store.Store4(i1, j, c10, c11, c12, c13);
                store.Store4(i, j, c00, c01, c02, c03);
            }
            for (; j + v <= cols; j += v)
            {
                Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default;
                for (int p = 0; p < k; p++)
                {
                    var bv = Vector512.LoadUnsafe(ref b[p, j]);
                    c0 = Fma(Vector512.Create(a[i, p]), bv, c0);
                    c1 = Fma(Vector512.Create(a[i1, p]), bv, c1);
                    c2 = Fma(Vector512.Create(a[i2, p]), bv, c2);
                    c3 = Fma(Vector512.Create(a[i3, p]), bv, c3);
                }
                store.Store1(i3, j, c3); store.Store1(i2, j, c2); store.Store1(i1, j, c1); store.Store1(i, j, c0);
            }
            for (; j < cols; j++)
            {
                for (int r = i; r <= i3; r++)
                {
                    T s = T.Zero;
                    for (int p = 0; p < k; p++) s = T.MultiplyAddEstimate(a[r, p], b[p, j], s);
                    store.StoreScalar(r, j, s);
                }
            }
        }
    }

    /// <summary>C = Aᵀ·R (accumulate: C += Aᵀ·R) with A r×k, R r×c, C k×c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static void TransposeProduct<T>(PinnedMatrixView<T> a, PinnedMatrixView<T> r, PinnedMatrixView<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fast<T>())
        {
            Gemm.Multiply(T.One, a.AsReadOnly(), MatrixOp.Transpose, r.AsReadOnly(), MatrixOp.None, accumulate ? T.One : T.Zero, c.AsSpan(), 1);
            return;
        }
        int rows = r.Rows, cols = r.Cols, k = a.Cols, v = Vector512<T>.Count;
        for (int q = 0; q < k; q += 4)
        {
            int q1 = Math.Min(q + 1, k - 1), q2 = Math.Min(q + 2, k - 1), q3 = Math.Min(q + 3, k - 1);
            int j = 0;
            for (; j + 4 * v <= cols; j += 4 * v)
            {
                Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
                Vector512<T> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
                T* pr = r.Origin + j, pa = a.Origin + q;
                nint rs = r.Stride, ast = a.Stride, d1 = q1 - q, d2 = q2 - q, d3 = q3 - q;
                for (int i = 0; i < rows; i++, pr += rs, pa += ast)
                {
                    var r0 = Vector512.Load(pr);
                    var r1 = Vector512.Load(pr + v);
                    var r2 = Vector512.Load(pr + 2 * v);
                    var r3 = Vector512.Load(pr + 3 * v);
                    var a0 = Vector512.Create(pa[0]);
                    c00 = Fma(a0, r0, c00); c01 = Fma(a0, r1, c01);
                    c02 = Fma(a0, r2, c02); c03 = Fma(a0, r3, c03);
                    var a1 = Vector512.Create(pa[d1]);
                    c10 = Fma(a1, r0, c10); c11 = Fma(a1, r1, c11);
                    c12 = Fma(a1, r2, c12); c13 = Fma(a1, r3, c13);
                    var a2 = Vector512.Create(pa[d2]);
                    c20 = Fma(a2, r0, c20); c21 = Fma(a2, r1, c21);
                    c22 = Fma(a2, r2, c22); c23 = Fma(a2, r3, c23);
                    var a3 = Vector512.Create(pa[d3]);
                    c30 = Fma(a3, r0, c30); c31 = Fma(a3, r1, c31);
                    c32 = Fma(a3, r2, c32); c33 = Fma(a3, r3, c33);
                }
                Store4(ref c[q3, j], c30, c31, c32, c33, v, accumulate);
                if (q2 != q3) Store4(ref c[q2, j], c20, c21, c22, c23, v, accumulate);
                if (q1 != q2) Store4(ref c[q1, j], c10, c11, c12, c13, v, accumulate);
                if (q != q1) Store4(ref c[q, j], c00, c01, c02, c03, v, accumulate);
            }
            for (; j + v <= cols; j += v)
            {
                Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default;
                for (int i = 0; i < rows; i++)
                {
                    var rv = Vector512.LoadUnsafe(ref r[i, j]);
                    c0 = Fma(Vector512.Create(a[i, q]), rv, c0);
                    c1 = Fma(Vector512.Create(a[i, q1]), rv, c1);
                    c2 = Fma(Vector512.Create(a[i, q2]), rv, c2);
                    c3 = Fma(Vector512.Create(a[i, q3]), rv, c3);
                }
                Store1(ref c[q3, j], c3, accumulate);
                if (q2 != q3) Store1(ref c[q2, j], c2, accumulate);
                if (q1 != q2) Store1(ref c[q1, j], c1, accumulate);
                if (q != q1) Store1(ref c[q, j], c0, accumulate);
            }
            for (; j < cols; j++)
            {
                for (int qq = q; qq <= q3; qq++)
                {
                    T s = T.Zero;
                    for (int i = 0; i < rows; i++) s = T.MultiplyAddEstimate(a[i, qq], r[i, j], s);
                    c[qq, j] = accumulate ? c[qq, j] + s : s;
                }
            }
        }
    }

    /// <summary>The padded width of a k-wide operand for <see cref="ProductPadded{T}"/>: k rounded up to whole vectors.</summary>
    public static int PaddedWidth<T>(int k) where T : unmanaged =>
        Fast<T>() ? (k + Vector512<T>.Count - 1) / Vector512<T>.Count * Vector512<T>.Count : k;

    /// <summary>
    /// C (r×kp) ⊕= A (r×p) · Bt (p×kp), where Bt is Hᵀ stored with its rows padded to whole vectors (zeros in the
    /// padding). Used for X·Hᵀ and ratio·Hᵀ: an 8-row × 3-vector block of C stays in 24 registers while each
    /// step broadcasts one element of A per row and loads three vectors of Bt — no horizontal sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static void ProductPadded<T>(PinnedMatrixView<T> a, PinnedMatrixView<T> bt, PinnedMatrixView<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fast<T>())
        {
            Gemm.Multiply(T.One, a.AsReadOnly(), MatrixOp.None, bt.AsReadOnly(), MatrixOp.None, accumulate ? T.One : T.Zero, c.AsSpan(), 1);
            return;
        }
        int rows = a.Rows, depth = a.Cols, v = Vector512<T>.Count, vectors = c.Cols / v;
        int tripleVectors = vectors / 3 * 3;
        if (tripleVectors < vectors) Remainder8x2(a, bt, c, tripleVectors, vectors - tripleVectors, accumulate);
        for (int i = 0; i < rows && tripleVectors > 0; i += 8)
        {
            int last = rows - 1;
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            int i4 = Math.Min(i + 4, last), i5 = Math.Min(i + 5, last), i6 = Math.Min(i + 6, last), i7 = Math.Min(i + 7, last);
            for (int g = 0; g < tripleVectors; g += 3)
            {
                int g1 = g + 1, g2 = g + 2;
                int j0 = g * v, j1 = g1 * v, j2 = g2 * v;
                Vector512<T> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
                Vector512<T> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
                Vector512<T> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
                Vector512<T> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
                T* pb = bt.Origin;
                nint bs = bt.Stride;
                T* a0 = a.Origin + (nint)i * a.Stride, a1 = a.Origin + (nint)i1 * a.Stride, a2 = a.Origin + (nint)i2 * a.Stride, a3 = a.Origin + (nint)i3 * a.Stride;
                T* a4 = a.Origin + (nint)i4 * a.Stride, a5 = a.Origin + (nint)i5 * a.Stride, a6 = a.Origin + (nint)i6 * a.Stride, a7 = a.Origin + (nint)i7 * a.Stride;
                for (int p = 0; p < depth; p++, pb += bs)
                {
                    var b0 = Vector512.Load(pb + j0);
                    var b1 = Vector512.Load(pb + j1);
                    var b2 = Vector512.Load(pb + j2);
                    var x = Vector512.Create(a0[p]);
                    c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01); c02 = Fma(x, b2, c02);
                    x = Vector512.Create(a1[p]);
                    c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11); c12 = Fma(x, b2, c12);
                    x = Vector512.Create(a2[p]);
                    c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21); c22 = Fma(x, b2, c22);
                    x = Vector512.Create(a3[p]);
                    c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31); c32 = Fma(x, b2, c32);
                    x = Vector512.Create(a4[p]);
                    c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41); c42 = Fma(x, b2, c42);
                    x = Vector512.Create(a5[p]);
                    c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51); c52 = Fma(x, b2, c52);
                    x = Vector512.Create(a6[p]);
                    c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61); c62 = Fma(x, b2, c62);
                    x = Vector512.Create(a7[p]);
                    c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71); c72 = Fma(x, b2, c72);
                }
                // Clamped rows and vector groups repeat an earlier one; store each distinct block once (matters
                // when accumulating), last first so the unclamped originals are written last.
                StoreRow3(c, i7, i6 != i7, j0, j1, j2, g1 != g, g2 != g1, c70, c71, c72, accumulate);
                StoreRow3(c, i6, i5 != i6, j0, j1, j2, g1 != g, g2 != g1, c60, c61, c62, accumulate);
                StoreRow3(c, i5, i4 != i5, j0, j1, j2, g1 != g, g2 != g1, c50, c51, c52, accumulate);
                StoreRow3(c, i4, i3 != i4, j0, j1, j2, g1 != g, g2 != g1, c40, c41, c42, accumulate);
                StoreRow3(c, i3, i2 != i3, j0, j1, j2, g1 != g, g2 != g1, c30, c31, c32, accumulate);
                StoreRow3(c, i2, i1 != i2, j0, j1, j2, g1 != g, g2 != g1, c20, c21, c22, accumulate);
                StoreRow3(c, i1, i != i1, j0, j1, j2, g1 != g, g2 != g1, c10, c11, c12, accumulate);
                StoreRow3(c, i, true, j0, j1, j2, g1 != g, g2 != g1, c00, c01, c02, accumulate);
            }
        }
    }

    /// <summary>
    /// The last one or two vectors of <see cref="ProductPadded{T}"/> when k′/V is not a multiple of 3 (e.g. float
    /// with k ≤ 32): an 8-row × 2-vector block, so no discarded third vector is computed.
    /// </summary>
    private static void Remainder8x2<T>(PinnedMatrixView<T> a, PinnedMatrixView<T> bt, PinnedMatrixView<T> c, int g, int count, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, depth = a.Cols, v = Vector512<T>.Count, last = rows - 1;
        int j0 = g * v, j1 = (g + count - 1) * v;
        bool has1 = count == 2;
        nint bs = bt.Stride;
        for (int i = 0; i < rows; i += 8)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            int i4 = Math.Min(i + 4, last), i5 = Math.Min(i + 5, last), i6 = Math.Min(i + 6, last), i7 = Math.Min(i + 7, last);
            T* a0 = a.Origin + (nint)i * a.Stride, a1 = a.Origin + (nint)i1 * a.Stride, a2 = a.Origin + (nint)i2 * a.Stride, a3 = a.Origin + (nint)i3 * a.Stride;
            T* a4 = a.Origin + (nint)i4 * a.Stride, a5 = a.Origin + (nint)i5 * a.Stride, a6 = a.Origin + (nint)i6 * a.Stride, a7 = a.Origin + (nint)i7 * a.Stride;
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
            T* pb = bt.Origin;
            for (int p = 0; p < depth; p++, pb += bs)
            {
                var b0 = Vector512.Load(pb + j0);
                var b1 = Vector512.Load(pb + j1);
                var x = Vector512.Create(a0[p]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
                x = Vector512.Create(a1[p]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
                x = Vector512.Create(a2[p]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
                x = Vector512.Create(a3[p]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
                x = Vector512.Create(a4[p]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
                x = Vector512.Create(a5[p]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
                x = Vector512.Create(a6[p]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
                x = Vector512.Create(a7[p]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            }
            StoreRow3(c, i7, i6 != i7, j0, j1, j1, has1, false, c70, c71, c71, accumulate);
            StoreRow3(c, i6, i5 != i6, j0, j1, j1, has1, false, c60, c61, c61, accumulate);
            StoreRow3(c, i5, i4 != i5, j0, j1, j1, has1, false, c50, c51, c51, accumulate);
            StoreRow3(c, i4, i3 != i4, j0, j1, j1, has1, false, c40, c41, c41, accumulate);
            StoreRow3(c, i3, i2 != i3, j0, j1, j1, has1, false, c30, c31, c31, accumulate);
            StoreRow3(c, i2, i1 != i2, j0, j1, j1, has1, false, c20, c21, c21, accumulate);
            StoreRow3(c, i1, i != i1, j0, j1, j1, has1, false, c10, c11, c11, accumulate);
            StoreRow3(c, i, true, j0, j1, j1, has1, false, c00, c01, c01, accumulate);
        }
    }

    /// <summary>Stores one row of a 3-vector block when the row is distinct, skipping clamped duplicate vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow3<T>(PinnedMatrixView<T> c, int row, bool distinctRow, int j0, int j1, int j2, bool has1, bool has2,
        Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!distinctRow) return;
        if (has2) Store1(ref c[row, j2], x2, accumulate);
        if (has1) Store1(ref c[row, j1], x1, accumulate);
        Store1(ref c[row, j0], x0, accumulate);
    }

    /// <summary>a·b + c with one rounding (vfmadd), for the two element types.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<T>(ref T dst, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, Vector512<T> x3, int v, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (accumulate)
        {
            x0 += Vector512.LoadUnsafe(ref dst);
            x1 += Vector512.LoadUnsafe(ref dst, (nuint)v);
            x2 += Vector512.LoadUnsafe(ref dst, (nuint)(2 * v));
            x3 += Vector512.LoadUnsafe(ref dst, (nuint)(3 * v));
        }
        x0.StoreUnsafe(ref dst);
        x1.StoreUnsafe(ref dst, (nuint)v);
        x2.StoreUnsafe(ref dst, (nuint)(2 * v));
        x3.StoreUnsafe(ref dst, (nuint)(3 * v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store1<T>(ref T dst, Vector512<T> x, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (accumulate) x += Vector512.LoadUnsafe(ref dst);
        x.StoreUnsafe(ref dst);
    }

    /// <summary>Where a finished register block of <c>ProductCore</c> goes: (row, col) is its first element in C.</summary>
    private interface ITileStore<T> where T : unmanaged
    {
        void Store4(int row, int col, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, Vector512<T> x3);
        void Store1(int row, int col, Vector512<T> x);
        void StoreScalar(int row, int col, T x);
    }

    /// <summary>C = the block of A·B.</summary>
    private readonly struct PlainStore<T>(PinnedMatrixView<T> c) : ITileStore<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store4(int row, int col, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, Vector512<T> x3)
        {
            T* p = c.Origin + (nint)row * c.Stride + col;
            int v = Vector512<T>.Count;
            Vector512.Store(x0, p); Vector512.Store(x1, p + v); Vector512.Store(x2, p + 2 * v); Vector512.Store(x3, p + 3 * v);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store1(int row, int col, Vector512<T> x) => Vector512.Store(x, c.Origin + (nint)row * c.Stride + col);

        public void StoreScalar(int row, int col, T x) => c[row, col] = x;
    }

    /// <summary>C = X ⊘ g(block of A·B), g(v) = (v = 0) ? ε : v.</summary>
    private readonly struct QuotientStore<T>(PinnedMatrixView<T> x, PinnedMatrixView<T> c) : ITileStore<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> Quotient(T* px, Vector512<T> wh)
        {
            var eps = Vector512.Create(T.CreateTruncating(SklearnGuards.Epsilon));
            return Vector512.Load(px) / Vector512.ConditionalSelect(Vector512.Equals(wh, Vector512<T>.Zero), eps, wh);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store4(int row, int col, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, Vector512<T> x3)
        {
            T* p = c.Origin + (nint)row * c.Stride + col, px = x.Origin + (nint)row * x.Stride + col;
            int v = Vector512<T>.Count;
            Vector512.Store(Quotient(px, x0), p);
            Vector512.Store(Quotient(px + v, x1), p + v);
            Vector512.Store(Quotient(px + 2 * v, x2), p + 2 * v);
            Vector512.Store(Quotient(px + 3 * v, x3), p + 3 * v);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store1(int row, int col, Vector512<T> v) =>
            Vector512.Store(Quotient(x.Origin + (nint)row * x.Stride + col, v), c.Origin + (nint)row * c.Stride + col);

        public void StoreScalar(int row, int col, T v) =>
            c[row, col] = x[row, col] / (v == T.Zero ? T.CreateTruncating(SklearnGuards.Epsilon) : v);
    }
}
