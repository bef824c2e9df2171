// The per-panel pieces shared by the fused MU sweep and the W-only (Transform) update: ratio tiles, W sums, W step.
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// One row panel W_p (rows × k) against H, column block by column block (<see cref="PanelTiling.ColumnBlock"/>
/// wide, left to right), with two tile buffers of the worker's scratch.
/// </summary>
internal static unsafe class PanelPasses
{
    /// <summary>
    /// The tile's ratio R = X ⊙ g(W_p·H_b)^(β−2) and, for β ∉ {1, 2}, its weight Q = g(W_p·H_b)^(β−1) (for β = 1 the
    /// returned weight is R itself, unused). KL divides inside the product kernel (<see cref="TileProducts.ProductQuotient{T}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static (PinnedMatrixView<T> Ratio, PinnedMatrixView<T> Weight) RatioTiles<T>(in RatioTile<T> ratio,
        PinnedMatrixView<T> wPanel, PinnedMatrixView<T> hBlock, PinnedMatrixView<T> xTile, T* tileA, T* tileB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = xTile.Rows, cols = xTile.Cols;
        var wh = new PinnedMatrixView<T>(tileA, rows, cols, cols);
        if (!ratio.NeedsWeight)
        {
            TileProducts.ProductQuotient(wPanel, hBlock, xTile, wh);
            return (wh, wh);
        }
        var r = new PinnedMatrixView<T>(tileB, rows, cols, cols);
        TileProducts.Product(wPanel, hBlock, wh);
        ratio.Compute(xTile, wh, r);
        return (r, wh);
    }

    /// <summary>
    /// The W update's sums for panel rows [r0, r0 + rows): num = Σ_b R_b·H_bᵀ and (β ≠ 1) den = Σ_b Q_b·H_bᵀ,
    /// against <paramref name="htPadded"/> = Hᵀ (n × k′, zero padded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static void WSums<T>(in RatioTile<T> ratio, PinnedMatrixView<T> x, PinnedMatrixView<T> h, PinnedMatrixView<T> htPadded,
        PinnedMatrixView<T> wPanel, int r0, PinnedMatrixView<T> num, PinnedMatrixView<T> den, T* tileA, T* tileB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Cols, k = h.Rows, rows = wPanel.Rows;
        for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
        {
            int cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
            var (r, wh) = RatioTiles(ratio, wPanel, h.Slice(0, c0, k, cols), x.Slice(r0, c0, rows, cols), tileA, tileB);
            var htBlock = htPadded.Slice(c0, 0, cols, htPadded.Cols);
            HalfTailProduct.ProductPadded(r, htBlock, num, k, c0 > 0);
            if (ratio.NeedsWeight) HalfTailProduct.ProductPadded(wh, htBlock, den, k, c0 > 0);
        }
    }

    /// <summary>Steps the panel's rows of W from num and den, or for β = 1 from the row sums of H (<paramref name="hSums"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static void StepRows<T>(in MultiplicativeStep<T> step, PinnedMatrixView<T> wPanel, PinnedMatrixView<T> num,
        PinnedMatrixView<T> den, T* hSums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sums = new ReadOnlySpan<T>(hSums, hSums == null ? 0 : wPanel.Cols);
        for (int i = 0; i < wPanel.Rows; i++)
            step.Apply(wPanel.Row(i), num.Row(i), hSums == null ? den.Row(i) : sums);
    }
}
