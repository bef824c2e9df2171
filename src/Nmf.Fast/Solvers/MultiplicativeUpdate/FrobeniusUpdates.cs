// β = 2 multiplicative updates (Lee & Seung 2001) from k-wide products only: WH is never formed.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Lee &amp; Seung (2001), Theorem 1, with scikit-learn's regularised denominators:
/// <code>
///   W ← W ⊙ (X·Hᵀ) ⊘ (W·(H·Hᵀ) + L1W + L2W·W)
///   H ← H ⊙ (Wᵀ·X) ⊘ ((WᵀW)·H + L1H + L2H·H)      (with the new W)
/// </code>
/// The costly products are X·Hᵀ and Wᵀ·X (m·n·k each); the rest is O((m + n)·k²).
/// </summary>
internal static unsafe class FrobeniusUpdates
{
    /// <summary>W update. With <paramref name="reuseProducts"/>, X·Hᵀ and H·Hᵀ from the previous call are kept (H fixed).</summary>
    public static void UpdateW<T>(ReadOnlyMatrixSpan<T> x, MatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, MuWorkspace<T> ws,
        in MultiplicativeStep<T> step, bool reuseProducts, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<T> xht = ws.XHt!, hht = ws.HHt!, den = ws.WDenominator!;
        if (!reuseProducts)
        {
            Gemm.Multiply(T.One, x, MatrixOp.None, h, MatrixOp.Transpose, T.Zero, xht, dop);
            Gram.OfRows(h, hht, dop);
        }
        Gemm.Multiply(T.One, w, MatrixOp.None, hht, MatrixOp.None, T.Zero, den, dop);
        StepRows(w, xht, den, step, dop);
    }

    /// <summary>H update with the current (already updated) W.</summary>
    public static void UpdateH<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> w, MatrixSpan<T> h, MuWorkspace<T> ws,
        in MultiplicativeStep<T> step, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<T> wtx = ws.WtX!, wtw = ws.WtW!, den = ws.HDenominator!;
        Gemm.Multiply(T.One, w, MatrixOp.Transpose, x, MatrixOp.None, T.Zero, wtx, dop);
        Gram.OfColumns(w, wtw, dop);
        Gemm.Multiply(T.One, wtw, MatrixOp.None, h, MatrixOp.None, T.Zero, den, dop);
        StepRows(h, wtx, den, step, dop);
    }

    private static void StepRows<T>(MatrixSpan<T> f, Matrix<T> num, Matrix<T> den, MultiplicativeStep<T> step, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pf = &f.Origin)
        {
            var action = new StepRowsAction<T>(
                new PinnedMatrixView<T>(pf, f.Rows, f.Cols, f.Stride),
                View(num), View(den), step);
            ParallelRange.For(f.Rows, Math.Max(1, 32768 / Math.Max(1, f.Cols)), dop, action);
        }
    }

    private static PinnedMatrixView<T> View<T>(Matrix<T> m) where T : unmanaged =>
        new((T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.AsSpan())), m.Rows, m.Cols, m.Cols);

    private readonly struct StepRowsAction<T>(PinnedMatrixView<T> f, PinnedMatrixView<T> num, PinnedMatrixView<T> den, MultiplicativeStep<T> step)
        : IRangeAction where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int start, int end)
        {
            for (int i = start; i < end; i++) step.Apply(f.Row(i), num.Row(i), den.Row(i));
        }
    }
}
