// β = 2 multiplicative updates (Lee & Seung 2001) from k-wide products only: WH is never formed.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Linear;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Lee &amp; Seung (2001), Theorem 1, with scikit-learn's regularised denominators:
/// <code>
///   W ← W ⊙ (X·Hᵀ) ⊘ (W·(H·Hᵀ) + L1W + L2W·W)
///   H ← H ⊙ (Wᵀ·X) ⊘ ((WᵀW)·H + L1H + L2H·H)      (with the new W)
/// </code>
/// Only the W update lives here (Transform, <c>updateH: false</c>); a full iteration runs both updates in one sweep
/// (<see cref="FusedSweep"/>). The costly product is X·Hᵀ (register-blocked tile kernel), m·n·k; the rest is O((m + n)·k²).
/// </summary>
internal static unsafe class FrobeniusUpdates
{
    /// <summary>W update. With <paramref name="reuseProducts"/>, X·Hᵀ and H·Hᵀ from the previous call are kept (H fixed).</summary>
    public static void UpdateW<T>(PinnedMatrixView<T> x, MatrixSpan<T> w, PinnedMatrixView<T> h, MuWorkspace<T> ws,
        in MultiplicativeStep<T> step, bool reuseProducts, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<T> hht = ws.HHt!, den = ws.WDenominator!;
        var xht = View(ws.XHt!);
        if (!reuseProducts)
        {
            ws.TransposeH(h);
            int panels = PanelTiling.Count(x.Rows, PanelTiling.RowPanel);
            ParallelRange.For(panels, 1, dop, new ProductPaddedAction<T>(x, ws, xht));
            Gram.OfRows(h.AsReadOnly(), hht, dop);
        }
        Gemm.Multiply(T.One, w, MatrixOp.None, hht, MatrixOp.None, T.Zero, den, dop);
        StepRows(w, xht, View(den), step, dop);
    }

    /// <summary>X·Hᵀ by row panels (parallel), each summed over column blocks left to right against padded Hᵀ.</summary>
    private readonly struct ProductPaddedAction<T>(PinnedMatrixView<T> x, MuWorkspace<T> ws, PinnedMatrixView<T> xht)
        : IRangeAction where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
        public void Invoke(int start, int end)
        {
            int m = x.Rows, n = x.Cols;
            for (int p = start; p < end; p++)
            {
                int r0 = p * PanelTiling.RowPanel, rows = Math.Min(PanelTiling.RowPanel, m - r0);
                var target = xht.Slice(r0, 0, rows, xht.Cols);
                for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
                {
                    int cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                    TileProducts.ProductPadded(x.Slice(r0, c0, rows, cols), ws.HtView(c0, cols), target, c0 > 0);
                }
            }
        }
    }

    private static void StepRows<T>(MatrixSpan<T> f, PinnedMatrixView<T> num, PinnedMatrixView<T> den, MultiplicativeStep<T> step, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pf = &f.Origin)
        {
            var action = new StepRowsAction<T>(
                new PinnedMatrixView<T>(pf, f.Rows, f.Cols, f.Stride),
                num, den, step);
            ParallelRange.For(f.Rows, Math.Max(1, 32768 / Math.Max(1, f.Cols)), dop, action);
        }
    }

    private static PinnedMatrixView<T> View<T>(Matrix<T> m) where T : unmanaged =>
        new((T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.AsSpan())), m.Rows, m.Cols, m.Cols);

    private readonly struct StepRowsAction<T>(PinnedMatrixView<T> f, PinnedMatrixView<T> num, PinnedMatrixView<T> den, MultiplicativeStep<T> step)
        : IRangeAction where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
        public void Invoke(int start, int end)
        {
            for (int i = start; i < end; i++) step.Apply(f.Row(i), num.Row(i), den.Row(i));
        }
    }
}
