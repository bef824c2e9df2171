// Multiplicative updates for the weighted β-divergence on a dense X: each entry's weight multiplies its share of numerator and denominator.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Missing;

/// <summary>
/// The weighted MU of Lee &amp; Seung (2001) generalised to the β-divergence (Févotte &amp; Idier 2011, eq. 14–15), with
/// V = WH and Ω the weights (Ω = 0 where missing):
/// <code>
///   W ← W ∘ ([(Ω∘X∘V^(β−2))·Hᵀ] / [(Ω∘V^(β−1))·Hᵀ + L1 + L2·W])^γ
///   H ← H ∘ ([Wᵀ·(Ω∘X∘V^(β−2))] / [Wᵀ·(Ω∘V^(β−1)) + L1 + L2·H])^γ
/// </code>
/// a majorisation–minimisation step for every β, so the weighted objective never increases (Févotte &amp; Idier, §4;
/// the weights enter as fixed non-negative multipliers of each entry's convex/concave parts). V is formed one row panel at
/// a time. Stopping rule as scikit-learn's MU: every 10 iterations, stop when (e_prev − e) / e_0 &lt; tol with e = √(2·D).
/// </summary>
internal static class MaskedMultiplicativeUpdate
{
    /// <summary>Runs weighted MU in place on <paramref name="w"/> (m×k) and <paramref name="h"/> (k×n).</summary>
    /// <param name="x">X with 0 at missing entries (never NaN).</param>
    /// <param name="weights">Ω, m×n.</param>
    /// <param name="w">W, m×k, updated in place.</param>
    /// <param name="h">H, k×n, updated in place unless <paramref name="updateH"/> is false.</param>
    /// <param name="settings">Iteration limit, tolerance, β and penalties.</param>
    /// <param name="monitor">Receives the weighted objective; asked whether to stop after every iteration.</param>
    /// <param name="updateH">False keeps H fixed (the masked Transform).</param>
    public static (int Iterations, bool Converged) Run<T>(Matrix<T> x, ReadOnlyMatrixSpan<T> weights, MatrixSpan<T> w, MatrixSpan<T> h,
        SolverSettings settings, IterationMonitor monitor, bool updateH)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, k = w.Cols;
        int dop = settings.MaxDegreeOfParallelism;
        double beta = settings.Beta;
        double gamma = MultiplicativeUpdateSolver.Gamma(beta);
        var stepW = new MultiplicativeStep<T>(settings.L1W, settings.L2W, gamma, zeroBelowFloat64Epsilon: beta < 1.0);
        var stepH = new MultiplicativeStep<T>(settings.L1H, settings.L2H, gamma, zeroBelowFloat64Epsilon: beta <= 1.0);
        int panelRows = Math.Clamp((1 << 17) / Math.Max(1, n), 1, m);
        var v = new Matrix<T>(panelRows, n);
        var num = new Matrix<T>(panelRows, n);
        var den = new Matrix<T>(panelRows, n);
        var numW = new Matrix<T>(panelRows, k);
        var denW = new Matrix<T>(panelRows, k);
        var numH = new Matrix<T>(k, n);
        var denH = new Matrix<T>(k, n);
        var xs = x.AsReadOnlyMatrixSpan();

        double divergence = WeightedDivergence.Dense(xs, weights, w, h, beta, dop, v);
        monitor.Report(0, divergence + BetaDivergence.Penalty<T>(w, h, settings));
        var stopping = new MuStoppingRule(settings.Tolerance, divergence);
        int iteration = 0;
        bool converged = false, lastReported = true;
        while (iteration < settings.MaxIterations)
        {
            iteration++;
            for (int i0 = 0; i0 < m; i0 += panelRows)
            {
                int rows = Math.Min(panelRows, m - i0);
                var wPanel = w.SliceRows(i0, rows);
                Terms(xs, weights, wPanel, h, i0, rows, beta, v, num, den, dop);
                var nw = numW.AsMatrixSpan().SliceRows(0, rows);
                var dw = denW.AsMatrixSpan().SliceRows(0, rows);
                Gemm.Multiply(T.One, num.AsReadOnlyMatrixSpan().SliceRows(0, rows), MatrixOp.None, h, MatrixOp.Transpose, T.Zero, nw, dop);
                Gemm.Multiply(T.One, den.AsReadOnlyMatrixSpan().SliceRows(0, rows), MatrixOp.None, h, MatrixOp.Transpose, T.Zero, dw, dop);
                for (int r = 0; r < rows; r++) stepW.Apply(wPanel.Row(r), nw.Row(r), dw.Row(r));
            }
            if (updateH)
            {
                for (int i0 = 0; i0 < m; i0 += panelRows)
                {
                    int rows = Math.Min(panelRows, m - i0);
                    var wPanel = w.SliceRows(i0, rows);
                    Terms(xs, weights, wPanel, h, i0, rows, beta, v, num, den, dop);
                    T accumulate = i0 == 0 ? T.Zero : T.One;
                    Gemm.Multiply(T.One, wPanel, MatrixOp.Transpose, num.AsReadOnlyMatrixSpan().SliceRows(0, rows), MatrixOp.None, accumulate, numH, dop);
                    Gemm.Multiply(T.One, wPanel, MatrixOp.Transpose, den.AsReadOnlyMatrixSpan().SliceRows(0, rows), MatrixOp.None, accumulate, denH, dop);
                }
                for (int t = 0; t < k; t++) stepH.Apply(h.Row(t), numH.Row(t), denH.Row(t));
            }
            lastReported = false;
            if (stopping.ChecksAt(iteration))
            {
                divergence = WeightedDivergence.Dense(xs, weights, w, h, beta, dop, v);
                monitor.Report(iteration, divergence + BetaDivergence.Penalty<T>(w, h, settings));
                lastReported = true;
                if (stopping.HasConverged(divergence))
                {
                    converged = true;
                    break;
                }
            }
            if (monitor.ShouldStop()) break;
        }
        if (!lastReported)
            monitor.Report(iteration, WeightedDivergence.Dense(xs, weights, w, h, beta, dop, v) + BetaDivergence.Penalty<T>(w, h, settings));
        return (iteration, converged);
    }

    /// <summary>For rows i0.. of X: V = W_panel·H, then num = ω·x·V^(β−2) and den = ω·V^(β−1) (0 where ω = 0).</summary>
    private static void Terms<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> weights, ReadOnlyMatrixSpan<T> wPanel, ReadOnlyMatrixSpan<T> h,
        int i0, int rows, double beta, Matrix<T> v, Matrix<T> num, Matrix<T> den, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vp = v.AsMatrixSpan().SliceRows(0, rows);
        Gemm.Multiply(T.One, wPanel, MatrixOp.None, h, MatrixOp.None, T.Zero, vp, dop);
        T eps = T.CreateTruncating(SklearnGuards.Epsilon);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Row(i0 + r);
            var wr = weights.Row(i0 + r);
            var vr = vp.Row(r);
            var nr = num.Row(r);
            var dr = den.Row(r);
            for (int j = 0; j < vr.Length; j++)
            {
                T omega = wr[j];
                if (omega == T.Zero)
                {
                    nr[j] = T.Zero;
                    dr[j] = T.Zero;
                    continue;
                }
                T value = vr[j];
                T xo = omega * xr[j];
                if (beta == 2)
                {
                    nr[j] = xo;
                    dr[j] = omega * value;
                    continue;
                }
                value = T.Max(value, eps);
                if (beta == 1)
                {
                    nr[j] = xo / value;
                    dr[j] = omega;
                }
                else if (beta == 0)
                {
                    nr[j] = xo / (value * value);
                    dr[j] = omega / value;
                }
                else
                {
                    double vd = double.CreateTruncating(value);
                    nr[j] = xo * T.CreateTruncating(Math.Pow(vd, beta - 2));
                    dr[j] = omega * T.CreateTruncating(Math.Pow(vd, beta - 1));
                }
            }
        }
    }
}
