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
/// exponent γ). As in the dense solver, when tol &gt; 0 the error e = √(2·D_β) is evaluated every
/// <see cref="MultiplicativeUpdateSolver.CheckInterval"/> iterations and the loop stops when
/// (e_previous − e) / e_initial &lt; tol; with tol = 0 the loss is evaluated only at the start and the end.
/// </summary>
internal static class SparseMultiplicativeUpdate
{
    /// <summary>Runs MU in place on W (m×k) and H (k×n); with <paramref name="updateH"/> false only W changes (Transform).</summary>
    public static (int Iterations, bool Converged) Run<T>(CsrFitData<T> data, Matrix<T> w, Matrix<T> h, SolverSettings settings, IterationMonitor monitor, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = data.Matrix;
        var xt = updateH ? data.Transposed : x;
        int m = x.Rows, n = x.Cols, k = w.Cols, dop = settings.MaxDegreeOfParallelism;
        double beta = settings.Beta;
        if (beta != NmfLoss.Frobenius && beta != NmfLoss.KullbackLeibler) return RunGeneralBeta(data, w, h, settings, monitor, updateH);
        var stepW = new MultiplicativeStep<T>(settings.L1W, settings.L2W, 1.0, zeroBelowFloat64Epsilon: beta < 1.0);
        var stepH = new MultiplicativeStep<T>(settings.L1H, settings.L2H, 1.0, zeroBelowFloat64Epsilon: beta <= 1.0);
        T eps = T.CreateTruncating(SklearnGuards.Epsilon);

        var ht = new Matrix<T>(n, k);
        CsrFitData<T>.Transpose(h.AsReadOnlyMatrixSpan(), ht.AsMatrixSpan());
        var numW = new Matrix<T>(m, k);
        var denW = new Matrix<T>(m, k);
        var numH = new Matrix<T>(n, k);
        var denH = new Matrix<T>(n, k);
        var gram = new Matrix<T>(k, k);
        var sums = new double[k];

        double Divergence() => beta == NmfLoss.Frobenius
            ? 0.5 * SparseLosses.SquaredResidualTransposed(x, w, ht, dop)
            : SparseLosses.KullbackLeiblerTransposed(x, w, ht, dop);
        double Loss(double divergence)
        {
            CsrFitData<T>.Transpose(ht.AsReadOnlyMatrixSpan(), h.AsMatrixSpan());
            return divergence + BetaDivergence.Penalty<T>(w, h, settings);
        }

        double divergence = Divergence();
        monitor.Report(0, Loss(divergence));
        var stopping = new MuStoppingRule(settings.Tolerance, divergence);
        int iteration = 0;
        bool converged = false, lastReported = true;
        while (iteration < settings.MaxIterations)
        {
            iteration++;
            // W step.
            UpdateFactor(x, w, ht, numW, denW, gram, sums, beta, eps, stepW, dop);

            // H step (as Hᵀ) with the new W.
            if (updateH) UpdateFactor(xt, ht, w, numH, denH, gram, sums, beta, eps, stepH, dop);
            lastReported = false;

            if (stopping.ChecksAt(iteration))
            {
                divergence = Divergence();
                monitor.Report(iteration, Loss(divergence));
                lastReported = true;
                if (stopping.HasConverged(divergence))
                {
                    converged = true;
                    break;
                }
            }
            if (monitor.ShouldStop()) break;
        }
        if (!lastReported) monitor.Report(iteration, Loss(Divergence()));
        if (updateH) CsrFitData<T>.Transpose(ht.AsReadOnlyMatrixSpan(), h.AsMatrixSpan());
        return (iteration, converged);
    }

    /// <summary>
    /// MU for β ∉ {1, 2}: H is kept k×n (the tiled denominators multiply W panels by H blocks) and copied into the
    /// workspace's padded Hᵀ before each W step, which also serves the sampled numerators.
    /// </summary>
    private static unsafe (int Iterations, bool Converged) RunGeneralBeta<T>(CsrFitData<T> data, Matrix<T> w, Matrix<T> h, SolverSettings settings, IterationMonitor monitor, bool updateH)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = data.Matrix;
        var xt = updateH ? data.Transposed : x;
        int m = x.Rows, n = x.Cols, k = w.Cols, dop = settings.MaxDegreeOfParallelism;
        double beta = settings.Beta;
        double gamma = MultiplicativeUpdateSolver.Gamma(beta);
        var stepW = new MultiplicativeStep<T>(settings.L1W, settings.L2W, gamma, zeroBelowFloat64Epsilon: beta < 1.0);
        var stepH = new MultiplicativeStep<T>(settings.L1H, settings.L2H, gamma, zeroBelowFloat64Epsilon: beta <= 1.0);
        var ws = new MuWorkspace<T>(m, n, k, beta, dop);
        var numW = new Matrix<T>(m, k);
        var numHt = new Matrix<T>(n, k);
        var numH = new Matrix<T>(k, n);

        fixed (T* pw = w.AsSpan())
        fixed (T* ph = h.AsSpan())
        {
            var wv = new PinnedMatrixView<T>(pw, m, k, k);
            var hv = new PinnedMatrixView<T>(ph, k, n, n);
            double Divergence()
            {
                ws.TransposeH(hv);
                return SparseLosses.BetaDivergence(x, wv, hv, new ReadOnlyMatrixSpan<T>(ws.HtPadded.AsSpan(), n, k, ws.PaddedRank), beta, dop, ws.Divergence);
            }
            double Loss(double divergence) => divergence + BetaDivergence.Penalty<T>(w, h, settings);

            double divergence = Divergence();
            monitor.Report(0, Loss(divergence));
            var stopping = new MuStoppingRule(settings.Tolerance, divergence);
            int iteration = 0;
            bool converged = false, lastReported = true;
            while (iteration < settings.MaxIterations)
            {
                iteration++;
                ws.TransposeH(hv);
                SparseBetaUpdates.UpdateW(x, wv, hv, ws, numW, beta, stepW, dop);
                if (updateH) SparseBetaUpdates.UpdateH(xt, wv, hv, ws, numHt, numH, beta, stepH, dop);
                lastReported = false;
                if (stopping.ChecksAt(iteration))
                {
                    divergence = Divergence();
                    monitor.Report(iteration, Loss(divergence));
                    lastReported = true;
                    if (stopping.HasConverged(divergence))
                    {
                        converged = true;
                        break;
                    }
                }
                if (monitor.ShouldStop()) break;
            }
            if (!lastReported) monitor.Report(iteration, Loss(Divergence()));
            return (iteration, converged);
        }
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
