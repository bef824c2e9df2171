// The β ≠ 2 W-only MU update (Transform; Févotte & Idier 2011) with WH formed one tile at a time and consumed at once.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Févotte &amp; Idier (2011), eqs. 14–15 (heuristic γ = 1 for 1 ≤ β ≤ 2, MM exponent γ otherwise), as
/// scikit-learn 1.2.1 evaluates them for dense X:
/// <code>
///   W ← W ⊙ [ (X ⊙ (WH)^(β−2))·Hᵀ ⊘ ((WH)^(β−1)·Hᵀ + L1W + L2W·W) ]^γ      (β = 1: denominator 1·Hᵀ = row sums of H)
///   H ← H ⊙ [ Wᵀ·(X ⊙ (WH)^(β−2)) ⊘ (Wᵀ·(WH)^(β−1) + L1H + L2H·H) ]^γ      (β = 1: column sums of W, 0 → 1)
/// </code>
/// This class is the W-only update of Transform (<c>updateH: false</c>); a full iteration runs both updates in
/// one sweep (<see cref="FusedSweep"/>). WH exists only as RowPanel × ColumnBlock tiles: parallel over row
/// panels, each worker walks the column blocks of its panel left to right (<see cref="PanelPasses.WSums{T}"/>),
/// accumulating R·Hᵀ and Q·Hᵀ into the panel's k-wide numerator/denominator, then updates its rows of W.
/// Every output element is summed over the same tiles in the same order whichever worker owns it, so the
/// result is bitwise the same for every thread count.
/// </summary>
internal static unsafe class BetaPanelUpdates
{
    public static void UpdateW<T>(PinnedMatrixView<T> x, PinnedMatrixView<T> w, PinnedMatrixView<T> h, MuWorkspace<T> ws,
        double beta, MultiplicativeStep<T> step, bool reuseSums, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* sums = null;
        if (beta == 1.0)
        {
            sums = Origin(ws.FactorSums!);
            if (!reuseSums) RowSums(h, sums);
        }
        ws.TransposeH(h);
        var body = new WBody<T>(x, w, h, ws, new RatioTile<T>(beta), step, sums);
        ParallelWorkers.For(ws.RowPanels, ws.RowWorkers, dop, body);
    }

    private static T* Origin<T>(Matrix<T> m) where T : unmanaged =>
        (T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.AsSpan()));

    /// <summary>np.sum(H, axis=1).</summary>
    private static void RowSums<T>(PinnedMatrixView<T> h, T* sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < h.Rows; c++) sums[c] = System.Numerics.Tensors.TensorPrimitives.Sum<T>(h.Row(c));
    }

    private readonly struct WBody<T>(PinnedMatrixView<T> x, PinnedMatrixView<T> w, PinnedMatrixView<T> h, MuWorkspace<T> ws,
        RatioTile<T> ratio, MultiplicativeStep<T> step, T* hSums) : IWorkerBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
        public void Run(int worker, int start, int end)
        {
            int m = x.Rows, n = x.Cols, k = w.Cols;
            var s = ws.Scratch(worker, k);
            for (int p = start; p < end; p++)
            {
                int r0 = p * PanelTiling.RowPanel, rows = Math.Min(PanelTiling.RowPanel, m - r0);
                var wPanel = w.Slice(r0, 0, rows, k);
                int kp = ws.PaddedRank;
                var num = new PinnedMatrixView<T>(s.Numerator, rows, kp, kp);
                var den = new PinnedMatrixView<T>(s.Denominator, rows, kp, kp);
                PanelPasses.WSums(ratio, x, h, ws.HtView(0, n), wPanel, r0, num, den, s.TileA, s.TileB);
                PanelPasses.StepRows(step, wPanel, num, den, hSums);
            }
        }
    }
}
