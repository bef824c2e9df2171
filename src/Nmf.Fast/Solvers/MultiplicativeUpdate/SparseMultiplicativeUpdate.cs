// MU on a CSR X for any β (scikit-learn's sparse branches), with the same step, check interval and stopping rule as dense MU.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Data;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Multiplicative updates on sparse X (Lee &amp; Seung 2001), as scikit-learn 1.2.1 runs them on a SciPy matrix:
/// <code>
///   β = 2:  W ← W ⊙ (X·Hᵀ) ⊘ (W·HHᵀ + …)            H ← H ⊙ (Wᵀ·X) ⊘ (WᵀW·H + …)
///   β = 1:  W ← W ⊙ ((X ⊘ WH)·Hᵀ) ⊘ (1·(H1)ᵀ + …)   H ← H ⊙ (Wᵀ·(X ⊘ WH)) ⊘ ((1ᵀW)ᵀ·1 + …)
/// </code>
/// with X ⊘ WH evaluated at the stored entries only (the fused <see cref="SparseKernels.MultiplyRatio{T}"/>:
/// no ratio buffer). H is kept as Hᵀ (n×k) during the run so both numerators are CSR × row-major products;
/// the element-wise step (<see cref="MultiplicativeStep{T}"/>) is layout-free and runs parallel over rows.
/// Any other β goes through <see cref="SparseBetaUpdates"/> (sampled numerators, tiled dense denominators, MM
/// exponent γ). The loop, its loss checks and stopping rule are the dense solver's (<see cref="MuIterationLoop"/>).
/// </summary>
internal static class SparseMultiplicativeUpdate
{
    /// <summary>Runs MU in place on W (m×k) and H (k×n); with <paramref name="updateH"/> false only W changes (Transform).</summary>
    public static unsafe (int Iterations, bool Converged) Run<T>(CsrFitData<T> data, Matrix<T> w, Matrix<T> h, SolverSettings settings, IterationMonitor monitor, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = data.Matrix;
        var xt = updateH ? data.Transposed : x;
        int m = x.Rows, n = x.Cols, k = w.Cols;
        // Multi-run fits take back the workspace an earlier run on this thread kept (WorkspaceReuse).
        var ws = SparseMuWorkspace<T>.Rent(m, n, k, settings.Beta, settings.MaxDegreeOfParallelism);
        (int Iterations, bool Converged) outcome;
        if (ws.Tiles is null)
        {
            var ht = ws.Ht!;
            CsrFitData<T>.Transpose(h.AsReadOnlyMatrixSpan(), ht.AsMatrixSpan());
            var iteration = new TransposedIteration<T>(x, xt, w, h, ws, settings, updateH);
            outcome = MuIterationLoop.Run(ref iteration, settings, monitor);
            if (updateH) CsrFitData<T>.Transpose(ht.AsReadOnlyMatrixSpan(), h.AsMatrixSpan());
        }
        else
        {
            fixed (T* pw = w.AsSpan())
            fixed (T* ph = h.AsSpan())
            {
                var iteration = new GeneralBetaIteration<T>(x, xt, new PinnedMatrixView<T>(pw, m, k, k), new PinnedMatrixView<T>(ph, k, n, n),
                    w, h, ws, settings, updateH);
                outcome = MuIterationLoop.Run(ref iteration, settings, monitor);
            }
        }
        WorkspaceReuse.Keep(ws);
        return outcome;
    }

    /// <summary>β ∈ {1, 2}: H is kept as Hᵀ (n×k) during the run, so both numerators are CSR × row-major products.</summary>
    private readonly struct TransposedIteration<T>(CsrMatrix<T> x, CsrMatrix<T> xt, Matrix<T> w, Matrix<T> h, SparseMuWorkspace<T> ws,
        SolverSettings settings, bool updateH) : IMuIteration
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly MultiplicativeStep<T> _stepW = MultiplicativeStep<T>.ForW(settings), _stepH = MultiplicativeStep<T>.ForH(settings);
        private readonly T _eps = T.CreateTruncating(SklearnGuards.Epsilon);

        public void Iterate(int iteration)
        {
            double beta = settings.Beta;
            int dop = settings.MaxDegreeOfParallelism;
            // W step, then the H step (as Hᵀ) with the new W.
            UpdateFactor(x, w, ws.Ht!, ws.NumW, ws.DenW!, ws.Gram!, ws.Sums!, beta, _eps, _stepW, dop);
            if (updateH) UpdateFactor(xt, ws.Ht!, w, ws.NumHt, ws.DenHt!, ws.Gram!, ws.Sums!, beta, _eps, _stepH, dop);
        }

        public double Divergence() => settings.Beta == NmfLoss.Frobenius
            ? 0.5 * SparseLosses.SquaredResidualTransposed(x, w, ws.Ht!, settings.MaxDegreeOfParallelism)
            : SparseLosses.KullbackLeiblerTransposed(x, w, ws.Ht!, settings.MaxDegreeOfParallelism);

        public double Penalty()
        {
            CsrFitData<T>.Transpose(ws.Ht!.AsReadOnlyMatrixSpan(), h.AsMatrixSpan());
            return BetaDivergence.Penalty<T>(w, h, settings);
        }
    }

    /// <summary>
    /// β ∉ {1, 2}: H is kept k×n (the tiled denominators multiply W panels by H blocks) and copied into the
    /// workspace's padded Hᵀ before each W step, which also serves the sampled numerators.
    /// </summary>
    private readonly struct GeneralBetaIteration<T>(CsrMatrix<T> x, CsrMatrix<T> xt, PinnedMatrixView<T> wv, PinnedMatrixView<T> hv,
        Matrix<T> w, Matrix<T> h, SparseMuWorkspace<T> ws, SolverSettings settings, bool updateH) : IMuIteration
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly MultiplicativeStep<T> _stepW = MultiplicativeStep<T>.ForW(settings), _stepH = MultiplicativeStep<T>.ForH(settings);

        public void Iterate(int iteration)
        {
            var tiles = ws.Tiles!;
            tiles.TransposeH(hv);
            SparseBetaUpdates.UpdateW(x, wv, hv, tiles, ws.NumW, settings.Beta, _stepW, settings.MaxDegreeOfParallelism);
            if (updateH) SparseBetaUpdates.UpdateH(xt, wv, hv, tiles, ws.NumHt, ws.NumH!, settings.Beta, _stepH, settings.MaxDegreeOfParallelism);
        }

        public double Divergence()
        {
            var tiles = ws.Tiles!;
            tiles.TransposeH(hv);
            return SparseLosses.BetaDivergence(x, wv, hv, new ReadOnlyMatrixSpan<T>(tiles.HtPadded.AsSpan(), x.Cols, w.Cols, tiles.PaddedRank),
                settings.Beta, settings.MaxDegreeOfParallelism, tiles.Divergence);
        }

        public double Penalty() => BetaDivergence.Penalty<T>(w, h, settings);
    }

    /// <summary>
    /// One β ∈ {1, 2} step of <paramref name="factor"/> (W, or Hᵀ with <paramref name="rows"/> = Xᵀ) with <paramref name="other"/>
    /// fixed: numerator X·other (or the fused KL ratio product), denominator factor·(otherᵀ·other) (or other's column sums).
    /// </summary>
    private static void UpdateFactor<T>(CsrMatrix<T> rows, Matrix<T> factor, Matrix<T> other, Matrix<T> num, Matrix<T> den, Matrix<T> gram,
        double[] sums, double beta, T eps, MultiplicativeStep<T> step, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == NmfLoss.Frobenius)
        {
            SparseKernels.Multiply(rows.RowPointers, rows.ColumnIndices, rows.Values, rows.Rows, rows.Cols, other.AsReadOnlyMatrixSpan(), num.AsMatrixSpan(), dop);
            Gram.OfColumns(other.AsReadOnlyMatrixSpan(), gram.AsMatrixSpan(), dop);
            Gemm.Multiply(T.One, factor.AsReadOnlyMatrixSpan(), MatrixOp.None, gram.AsReadOnlyMatrixSpan(), MatrixOp.None, T.Zero, den.AsMatrixSpan(), dop);
        }
        else
        {
            SparseKernels.MultiplyRatio(rows.RowPointers, rows.ColumnIndices, rows.Values, rows.Rows, rows.Cols, factor.AsReadOnlyMatrixSpan(), other.AsReadOnlyMatrixSpan(), eps, num.AsMatrixSpan(), dop);
            SparseLosses.ColumnSums(other, sums);
            FillRows(den, sums);
        }
        ApplyStep(step, factor, num, den, dop);
    }

    /// <summary>f ← step(f, num, den) row by row, parallel over rows (each row's arithmetic is independent of the split).</summary>
    private static void ApplyStep<T>(MultiplicativeStep<T> step, Matrix<T> f, Matrix<T> num, Matrix<T> den, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A row costs about k divisions: ask for ≥ 2¹⁶ elements per worker before splitting.
        int minRows = Math.Max(1, (1 << 16) / Math.Max(1, f.Cols));
        ParallelRange.For(f.Rows, minRows, dop, new StepRows<T>(step, f, num, den));
    }

    private readonly struct StepRows<T>(MultiplicativeStep<T> step, Matrix<T> f, Matrix<T> num, Matrix<T> den) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int start, int end)
        {
            for (int i = start; i < end; i++) step.Apply(f.Row(i), num.Row(i), den.Row(i));
        }
    }

    private static void FillRows<T>(Matrix<T> destination, double[] row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Rows; i++)
        {
            var r = destination.Row(i);
            for (int t = 0; t < r.Length; t++) r[t] = T.CreateTruncating(row[t]);
        }
    }
}
