// β ∉ {1, 2} multiplicative updates on a CSR X: sampled numerators at the stored entries, dense (WH)^(β−1) denominators by tiles.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// scikit-learn 1.2.1's <c>_multiplicative_update_w/_h</c> for a sparse X and β ∉ {1, 2} (Févotte &amp; Idier 2011,
/// eqs. 14–15, with the MM exponent γ):
/// <code>
///   W ← W ⊙ [ (X ⊙ g₂(WH)^(β−2))·Hᵀ ⊘ (g₁(WH)^(β−1)·Hᵀ + L1W + L2W·W) ]^γ
///   H ← H ⊙ [ Wᵀ·(X ⊙ g₂(WH)^(β−2)) ⊘ (Wᵀ·g₁(WH)^(β−1) + L1H + L2H·H) ]^γ
///   g₂(v) = (β &lt; 2 and v = 0) ? ε : v        g₁(v) = (β &lt; 1 and v = 0) ? ε : v
/// </code>
/// The numerator's X ⊙ … is zero wherever X is, so it is the fused sampled product over the stored entries
/// (<see cref="SparseKernels.MultiplySampled{T, TMap}"/> with <see cref="SparseBetaRatioMap{T}"/>, no values-sized
/// buffer). The denominator is dense — every entry of WH counts — and is formed exactly as the dense solver forms
/// it (<see cref="BetaPanelUpdates"/>): RowPanel × ColumnBlock tiles of WH from <see cref="TileProducts"/>, mapped to
/// g₁(WH)^(β−1) in place and multiplied into a panel-sized denominator, so no m×n buffer exists. Both updates are
/// parallel over panels (W) or column blocks (H), each output summed over the same tiles in the same order
/// whichever worker owns it, so the result does not depend on the thread count.
/// </summary>
internal static unsafe class SparseBetaUpdates
{
    /// <summary>
    /// W ← update(W) from the current W and H. <paramref name="ws"/>.HtPadded must hold H (see
    /// <see cref="MuWorkspace{T}.TransposeH"/>); <paramref name="numerator"/> is m×k scratch.
    /// </summary>
    public static void UpdateW<T>(CsrMatrix<T> x, PinnedMatrixView<T> w, PinnedMatrixView<T> h, MuWorkspace<T> ws,
        Matrix<T> numerator, double beta, MultiplicativeStep<T> step, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, k = w.Cols;
        SparseKernels.MultiplySampled(x.RowPointers, x.ColumnIndices, x.Values, m, n, View(w), HtView(ws, n, k),
            new SparseBetaRatioMap<T>(beta), numerator.AsMatrixSpan(), dop, SparseTier.Auto);
        fixed (T* num = numerator.AsSpan())
        {
            var body = new WBody<T>(w, h, ws, new WeightMap<T>(beta), step, new PinnedMatrixView<T>(num, m, k, k));
            ParallelWorkers.For(ws.RowPanels, ws.RowWorkers, dop, body);
        }
    }

    /// <summary>
    /// H ← update(H) from the current W and H (W already updated). <paramref name="ws"/>.HtPadded must hold the current H;
    /// <paramref name="numeratorTransposed"/> (n×k) and <paramref name="numerator"/> (k×n) are scratch.
    /// </summary>
    public static void UpdateH<T>(CsrMatrix<T> xt, PinnedMatrixView<T> w, PinnedMatrixView<T> h, MuWorkspace<T> ws,
        Matrix<T> numeratorTransposed, Matrix<T> numerator, double beta, MultiplicativeStep<T> step, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = xt.Rows, m = xt.Cols, k = w.Cols;
        // On Xᵀ's arrays with A = Hᵀ, B = W the map sees the same (WH)ᵢⱼ, and the product is (Wᵀ·(X ⊙ …))ᵀ.
        SparseKernels.MultiplySampled(xt.RowPointers, xt.ColumnIndices, xt.Values, n, m, HtView(ws, n, k), View(w),
            new SparseBetaRatioMap<T>(beta), numeratorTransposed.AsMatrixSpan(), dop, SparseTier.Auto);
        FactorTranspose.Transpose(numeratorTransposed.AsReadOnlyMatrixSpan(), numerator.AsMatrixSpan(), dop);
        fixed (T* num = numerator.AsSpan())
        {
            var body = new HBody<T>(w, h, ws, new WeightMap<T>(beta), step, new PinnedMatrixView<T>(num, k, n, n));
            ParallelWorkers.For(ws.ColumnBlocks, ws.ColumnWorkers, dop, body);
        }
    }

    /// <summary>The first k columns of the padded Hᵀ: the n×k row-major operand the sparse kernels gather from.</summary>
    private static ReadOnlyMatrixSpan<T> HtView<T>(MuWorkspace<T> ws, int n, int k) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(ws.HtPadded.AsSpan(), n, k, ws.PaddedRank);

    private static ReadOnlyMatrixSpan<T> View<T>(PinnedMatrixView<T> a) where T : unmanaged =>
        new(new ReadOnlySpan<T>(a.Origin, a.Rows == 0 ? 0 : (a.Rows - 1) * a.Stride + a.Cols), a.Rows, a.Cols, a.Stride);

    /// <summary>g₁(v)^(β−1) in place over a tile row: the dense denominator operand.</summary>
    private readonly struct WeightMap<T>(double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly NumpyPower<T> _power = new(beta - 1.0);
        private readonly bool _guard = beta < 1.0;
        private readonly T _eps = T.CreateTruncating(SklearnGuards.Epsilon);

        public void Apply(Span<T> t)
        {
            for (int j = 0; j < t.Length; j++)
            {
                T v = t[j];
                t[j] = _power.Apply(_guard && v == T.Zero ? _eps : v);
            }
        }
    }

    private readonly struct WBody<T>(PinnedMatrixView<T> w, PinnedMatrixView<T> h, MuWorkspace<T> ws, WeightMap<T> weight,
        MultiplicativeStep<T> step, PinnedMatrixView<T> numerator) : IWorkerBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
        public void Run(int worker, int start, int end)
        {
            int m = w.Rows, n = h.Cols, k = w.Cols, kp = ws.PaddedRank;
            var s = ws.Scratch(worker, k);
            for (int p = start; p < end; p++)
            {
                int r0 = p * PanelTiling.RowPanel, rows = Math.Min(PanelTiling.RowPanel, m - r0);
                var wPanel = w.Slice(r0, 0, rows, k);
                var den = new PinnedMatrixView<T>(s.Denominator, rows, kp, kp);
                for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
                {
                    int cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                    var wh = new PinnedMatrixView<T>(s.TileA, rows, cols, cols);
                    TileProducts.Product(wPanel, h.Slice(0, c0, k, cols), wh);
                    for (int i = 0; i < rows; i++) weight.Apply(wh.Row(i));
                    TileProducts.ProductPadded(wh, ws.HtView(c0, cols), den, accumulate: c0 > 0);
                }
                for (int i = 0; i < rows; i++) step.Apply(wPanel.Row(i), numerator.Row(r0 + i), den.Row(i));
            }
        }
    }

    private readonly struct HBody<T>(PinnedMatrixView<T> w, PinnedMatrixView<T> h, MuWorkspace<T> ws, WeightMap<T> weight,
        MultiplicativeStep<T> step, PinnedMatrixView<T> numerator) : IWorkerBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
        public void Run(int worker, int start, int end)
        {
            int m = w.Rows, n = h.Cols, k = w.Cols;
            var s = ws.Scratch(worker, k);
            for (int b = start; b < end; b++)
            {
                int c0 = b * PanelTiling.ColumnBlock, cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                var hBlock = h.Slice(0, c0, k, cols);
                var den = new PinnedMatrixView<T>(s.Denominator, k, cols, cols);
                for (int r0 = 0; r0 < m; r0 += PanelTiling.RowPanel)
                {
                    int rows = Math.Min(PanelTiling.RowPanel, m - r0);
                    var wPanel = w.Slice(r0, 0, rows, k);
                    var wh = new PinnedMatrixView<T>(s.TileA, rows, cols, cols);
                    TileProducts.Product(wPanel, hBlock, wh);
                    for (int i = 0; i < rows; i++) weight.Apply(wh.Row(i));
                    TileProducts.TransposeProduct(wPanel, wh, den, accumulate: r0 > 0);
                }
                var num = numerator.Slice(0, c0, k, cols);
                for (int c = 0; c < k; c++) step.Apply(hBlock.Row(c), num.Row(c), den.Row(c));
            }
        }
    }
}

/// <summary>
/// x·g₂(wh)^(β−2) at a stored entry, g₂(v) = (β &lt; 2 and v = 0) ? ε : v — the dense solver's ratio
/// (<see cref="RatioTile{T}"/>) operation for operation, β = 0 as (1/g₂(wh))²·x like NumPy's <c>**= -1; **= 2; *= X</c>.
/// </summary>
internal readonly struct SparseBetaRatioMap<T> : ISampledMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly NumpyPower<T> _power;
    private readonly bool _guard;
    private readonly bool _itakuraSaito;
    private readonly T _eps;

    public SparseBetaRatioMap(double beta)
    {
        _power = new NumpyPower<T>(beta - 2.0);
        _guard = beta < 2.0;
        _itakuraSaito = beta == 0.0;
        _eps = T.CreateTruncating(SklearnGuards.Epsilon);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply(T x, T wh)
    {
        if (_itakuraSaito)
        {
            T r = T.One / (wh == T.Zero ? _eps : wh);
            return r * r * x;
        }
        return _power.Apply(_guard && wh == T.Zero ? _eps : wh) * x;
    }
}
