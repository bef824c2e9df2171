// MU on a CSR X for β = 2 and β = 1 (scikit-learn's sparse branches), with the same step, check interval and stopping rule as dense MU.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Multiplicative updates on sparse X (Lee &amp; Seung 2001), as scikit-learn 1.2.1 runs them on a SciPy matrix:
/// <code>
///   β = 2:  W ← W ⊙ (X·Hᵀ) ⊘ (W·HHᵀ + …)            H ← H ⊙ (Wᵀ·X) ⊘ (WᵀW·H + …)
///   β = 1:  W ← W ⊙ ((X ⊘ WH)·Hᵀ) ⊘ (1·(H1)ᵀ + …)   H ← H ⊙ (Wᵀ·(X ⊘ WH)) ⊘ ((1ᵀW)ᵀ·1 + …)
/// </code>
/// with X ⊘ WH evaluated at the stored entries only (the fused <see cref="SparseKernels.MultiplyRatio{T}"/>:
/// no ratio buffer). H is kept as Hᵀ (n×k) during the run so both numerators are CSR × row-major products;
/// the element-wise step (<see cref="MultiplicativeStep{T}"/>) is layout-free. Every
/// <see cref="MultiplicativeUpdateSolver.CheckInterval"/> iterations e = √(2·D_β) is evaluated from the stored
/// entries and k-sized sums, and the loop stops when (e_previous − e) / e_initial &lt; tol.
/// </summary>
internal static class SparseMultiplicativeUpdate
{
    /// <summary>Runs MU in place on W (m×k) and H (k×n).</summary>
    public static (int Iterations, bool Converged) Run<T>(CsrFitData<T> data, Matrix<T> w, Matrix<T> h, SolverSettings settings, IterationMonitor monitor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = data.Matrix;
        var xt = data.Transposed;
        int m = x.Rows, n = x.Cols, k = w.Cols, dop = settings.MaxDegreeOfParallelism;
        double beta = settings.Beta;
        if (beta != NmfLoss.Frobenius && beta != NmfLoss.KullbackLeibler)
            throw new NotSupportedException($"Sparse MU supports β = 2 and β = 1, got β = {beta}.");
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
        double errorAtInit = BetaDivergence.ErrorFromDivergence(divergence), previousError = errorAtInit;
        int iteration = 0;
        bool converged = false, lastReported = true;
        while (iteration < settings.MaxIterations)
        {
            iteration++;
            // W step.
            if (beta == NmfLoss.Frobenius)
            {
                SparseKernels.Multiply(x.RowPointers, x.ColumnIndices, x.Values, m, n, ht.AsReadOnlyMatrixSpan(), numW.AsMatrixSpan(), dop);
                Gram.OfColumns(ht.AsReadOnlyMatrixSpan(), gram.AsMatrixSpan(), dop);
                Gemm.Multiply(T.One, w.AsReadOnlyMatrixSpan(), MatrixOp.None, gram.AsReadOnlyMatrixSpan(), MatrixOp.None, T.Zero, denW.AsMatrixSpan(), dop);
            }
            else
            {
                SparseKernels.MultiplyRatio(x.RowPointers, x.ColumnIndices, x.Values, m, n, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), eps, numW.AsMatrixSpan(), dop);
                SparseLosses.ColumnSums(ht, sums);
                FillRows(denW, sums);
            }
            for (int i = 0; i < m; i++) stepW.Apply(w.Row(i), numW.Row(i), denW.Row(i));

            // H step (as Hᵀ) with the new W.
            if (beta == NmfLoss.Frobenius)
            {
                SparseKernels.Multiply(xt.RowPointers, xt.ColumnIndices, xt.Values, n, m, w.AsReadOnlyMatrixSpan(), numH.AsMatrixSpan(), dop);
                Gram.OfColumns(w.AsReadOnlyMatrixSpan(), gram.AsMatrixSpan(), dop);
                Gemm.Multiply(T.One, ht.AsReadOnlyMatrixSpan(), MatrixOp.None, gram.AsReadOnlyMatrixSpan(), MatrixOp.None, T.Zero, denH.AsMatrixSpan(), dop);
            }
            else
            {
                SparseKernels.MultiplyRatio(xt.RowPointers, xt.ColumnIndices, xt.Values, n, m, ht.AsReadOnlyMatrixSpan(), w.AsReadOnlyMatrixSpan(), eps, numH.AsMatrixSpan(), dop);
                SparseLosses.ColumnSums(w, sums);
                FillRows(denH, sums);
            }
            for (int j = 0; j < n; j++) stepH.Apply(ht.Row(j), numH.Row(j), denH.Row(j));
            lastReported = false;

            if (iteration % MultiplicativeUpdateSolver.CheckInterval == 0)
            {
                divergence = Divergence();
                monitor.Report(iteration, Loss(divergence));
                lastReported = true;
                if (settings.Tolerance > 0)
                {
                    double error = BetaDivergence.ErrorFromDivergence(divergence);
                    if ((previousError - error) / errorAtInit < settings.Tolerance)
                    {
                        converged = true;
                        break;
                    }
                    previousError = error;
                }
            }
            if (monitor.ShouldStop()) break;
        }
        if (!lastReported) monitor.Report(iteration, Loss(Divergence()));
        CsrFitData<T>.Transpose(ht.AsReadOnlyMatrixSpan(), h.AsMatrixSpan());
        return (iteration, converged);
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
