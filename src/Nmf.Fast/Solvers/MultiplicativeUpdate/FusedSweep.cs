// One whole MU iteration (W, then H with the new W) as a single sweep over row panels of X: X is streamed once.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Nmf.Fast.Linear;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// scikit-learn's iteration — W ← update(W; H), then H ← update(H; new W) — computed in one parallel sweep.
/// Row p of W only needs row panel p of X and all of H, and the H update only needs, per panel, the new W_p
/// and X_p summed over panels; so each worker, for each of its panels:
/// <code>
///   1. W pass:  for each column block b: tile = W_p·H_b → R = X_pb ⊙ tile^(β−2), Q = tile^(β−1)
///               num_p += R·H_bᵀ, den_p += Q·H_bᵀ                  (β = 2: num_p = X_p·Hᵀ, den_p = W_p·(H·Hᵀ))
///   2. W_p ← W_p ⊙ [num_p ⊘ den_p']^γ                            (MultiplicativeStep; the panel's rows are final)
///   3. H pass:  for each column block b: tile = W_p·H_b (new W_p) → R, Q
///               numH_g[:, b] += W_pᵀ·R, denH_g[:, b] += W_pᵀ·Q      (β = 2: numH_g[:, b] += W_pᵀ·X_pb)
/// </code>
/// X_p (at most <see cref="FusedSweepWorkspace{T}.PanelBytes"/>) is read from memory in pass 1 and from cache in
/// pass 3, so an iteration streams X once instead of twice. The H sums of the panels of group g go to the
/// group's own partial in panel order; after the sweep the partials are added in group order and H is stepped
/// (β = 2: denominator (WᵀW)·H; β = 1: column sums of the new W). Work shapes and summation orders depend only on
/// m, n, k and T, so results are bitwise the same for every thread count.
/// </summary>
internal static unsafe class FusedSweep
{
    /// <summary>k²·(m + n) below which the Grams and (WᵀW)·H of β = 2 run on the calling thread (≈ 0.1 ms of work).</summary>
    private const long SmallProductWork = 1L << 22;

    /// <summary>One iteration, in place on W and H.</summary>
    public static void Iterate<T>(PinnedMatrixView<T> x, PinnedMatrixView<T> w, PinnedMatrixView<T> h, FusedSweepWorkspace<T> ws,
        in MultiplicativeStep<T> stepW, in MultiplicativeStep<T> stepH, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double beta = ws.Beta;
        int k = w.Cols;
        // The O((m + n)·k²) products of β = 2 take microseconds at small k: a parallel region would cost more in
        // hand-offs than it saves (chosen from the shape alone, so results stay independent of the thread count).
        int smallDop = (long)k * k * (w.Rows + h.Cols) < SmallProductWork ? 1 : dop;
        ws.TransposeH(h);
        T* sums = null;
        if (beta == 2.0)
        {
            Gram.OfRows(h.AsReadOnly(), ws.HHt!, smallDop);
            var padded = ws.HHtPadded!;
            for (int c = 0; c < k; c++) ws.HHt!.AsSpan().Slice(c * k, k).CopyTo(padded.AsSpan().Slice(c * ws.PaddedRank, k));
        }
        else if (beta == 1.0)
        {
            sums = FusedSweepWorkspace<T>.Origin(ws.FactorSums!);
            for (int c = 0; c < k; c++) sums[c] = TensorPrimitives.Sum<T>(h.Row(c));
        }

        ParallelWorkers.For(ws.Groups, ws.Workers, dop, new SweepBody<T>(x, w, h, ws, new RatioTile<T>(beta), stepW, sums));

        T* hDenominatorSums = null;
        if (beta == 2.0)
        {
            Gram.OfColumns(w.AsReadOnly(), ws.WtW!, smallDop);
            Gemm.Multiply(T.One, ws.WtW!, MatrixOp.None, h.AsReadOnly(), MatrixOp.None, T.Zero, ws.HDenominator!, smallDop);
        }
        else if (beta == 1.0)
        {
            hDenominatorSums = sums + k;
            ColumnSums(w, new Span<T>(hDenominatorSums, k));
        }
        ParallelWorkers.For(ws.ColumnBlocks, ws.BlockWorkers, dop, new HStepBody<T>(h, ws, stepH, hDenominatorSums));
    }

    /// <summary>np.sum(W, axis=0) with zero sums replaced by 1 (scikit-learn's <c>W_sum[W_sum == 0] = 1.0</c>).</summary>
    private static void ColumnSums<T>(PinnedMatrixView<T> w, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        s.Clear();
        for (int i = 0; i < w.Rows; i++) TensorPrimitives.Add(s, w.Row(i), s);
        for (int c = 0; c < s.Length; c++)
            if (s[c] == T.Zero) s[c] = T.One;
    }

    private readonly struct SweepBody<T>(PinnedMatrixView<T> x, PinnedMatrixView<T> w, PinnedMatrixView<T> h,
        FusedSweepWorkspace<T> ws, RatioTile<T> ratio, MultiplicativeStep<T> step, T* hSums) : IWorkerBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
        public void Run(int worker, int start, int end)
        {
            int m = x.Rows, k = w.Cols, kp = ws.PaddedRank;
            bool frobenius = ws.Beta == 2.0;
            var s = ws.Scratch(worker);
            for (int g = start; g < end; g++)
            {
                var (first, last) = ws.GroupPanels(g);
                var numH = ws.Partial(g, 0);
                var denH = ws.HasWeight ? ws.Partial(g, 1) : numH;
                for (int p = first; p < last; p++)
                {
                    int r0 = p * ws.PanelRows, rows = Math.Min(ws.PanelRows, m - r0);
                    var wPanel = w.Slice(r0, 0, rows, k);
                    var num = new PinnedMatrixView<T>(s.Numerator, rows, kp, kp);
                    var den = new PinnedMatrixView<T>(s.Denominator, rows, kp, kp);
                    if (frobenius) FrobeniusNumerator(r0, rows, num, den, wPanel);
                    else PanelPasses.WSums(ratio, x, h, ws.HtView(0, x.Cols), wPanel, r0, num, den, s.TileA, s.TileB);
                    PanelPasses.StepRows(step, wPanel, num, den, hSums);
                    HContributions(r0, rows, wPanel, s, numH, denH, accumulate: p > first);
                }
            }
        }

        /// <summary>β = 2: num = X_p·Hᵀ over the column blocks left to right, den = W_p·(H·Hᵀ).</summary>
        private void FrobeniusNumerator(int r0, int rows, PinnedMatrixView<T> num, PinnedMatrixView<T> den, PinnedMatrixView<T> wPanel)
        {
            int n = x.Cols;
            for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
            {
                int cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                HalfTailProduct.ProductPadded(x.Slice(r0, c0, rows, cols), ws.HtView(c0, cols), num, w.Cols, c0 > 0);
            }
            var hht = ws.HHtPadded!;
            HalfTailProduct.ProductPadded(wPanel, new PinnedMatrixView<T>(FusedSweepWorkspace<T>.Origin(hht), hht.Rows, hht.Cols, hht.Cols), den, w.Cols, false);
        }

        /// <summary>The panel's share of the H update with its new rows of W: numH += W_pᵀ·R (or W_pᵀ·X_p), denH += W_pᵀ·Q.</summary>
        private void HContributions(int r0, int rows, PinnedMatrixView<T> wPanel, MuWorkspace<T>.WorkerScratch s,
            PinnedMatrixView<T> numH, PinnedMatrixView<T> denH, bool accumulate)
        {
            int n = x.Cols, k = w.Cols;
            bool frobenius = ws.Beta == 2.0;
            for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
            {
                int cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                var xTile = x.Slice(r0, c0, rows, cols);
                if (frobenius)
                {
                    TileProducts.TransposeProduct(wPanel, xTile, numH.Slice(0, c0, k, cols), accumulate);
                    continue;
                }
                var (r, wh) = PanelPasses.RatioTiles(ratio, wPanel, h.Slice(0, c0, k, cols), xTile, s.TileA, s.TileB);
                TileProducts.TransposeProduct(wPanel, r, numH.Slice(0, c0, k, cols), accumulate);
                if (ratio.NeedsWeight) TileProducts.TransposeProduct(wPanel, wh, denH.Slice(0, c0, k, cols), accumulate);
            }
        }
    }

    /// <summary>Adds the groups' partials in group order and applies the H step, one column block per item.</summary>
    private readonly struct HStepBody<T>(PinnedMatrixView<T> h, FusedSweepWorkspace<T> ws, MultiplicativeStep<T> step, T* wSums)
        : IWorkerBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
        public void Run(int worker, int start, int end)
        {
            int n = h.Cols, k = h.Rows;
            var broadcast = new Span<T>(ws.Scratch(worker).BroadcastRow, ws.TileCols);
            for (int b = start; b < end; b++)
            {
                int c0 = b * PanelTiling.ColumnBlock, cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                for (int c = 0; c < k; c++)
                {
                    Span<T> num = Reduce(0, c, c0, cols);
                    Span<T> den;
                    if (ws.Beta == 2.0) den = ws.HDenominator!.AsSpan().Slice(c * n + c0, cols);
                    else if (wSums != null)
                    {
                        den = broadcast[..cols];
                        den.Fill(wSums[c]);
                    }
                    else den = Reduce(1, c, c0, cols);
                    step.Apply(h.Row(c).Slice(c0, cols), num, den);
                }
            }
        }

        /// <summary>Σ_g partial_g[c, c0..c0+cols) added in group order into group 0's storage.</summary>
        private Span<T> Reduce(int plane, int c, int c0, int cols)
        {
            Span<T> total = ws.Partial(0, plane).Row(c).Slice(c0, cols);
            for (int g = 1; g < ws.Groups; g++)
                TensorPrimitives.Add(total, ws.Partial(g, plane).Row(c).Slice(c0, cols), total);
            return total;
        }
    }
}
