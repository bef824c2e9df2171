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
/// a time. The loop, loss checks and stopping rule are every MU's (<see cref="MuIterationLoop"/>), on the weighted objective.
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
        // Fits one after another on a thread (a WorkspaceReuse scope) take back the workspace an earlier one kept.
        var ws = WeightedMuWorkspace<T>.Rent(x.Rows, x.Cols, w.Cols);
        var iteration = new WeightedIteration<T>
        {
            X = x.AsReadOnlyMatrixSpan(), Weights = weights, W = w, H = h, Settings = settings, Workspace = ws, UpdateH = updateH,
            StepW = MultiplicativeStep<T>.ForW(settings), StepH = MultiplicativeStep<T>.ForH(settings),
        };
        var outcome = MuIterationLoop.Run(ref iteration, settings, monitor);
        WorkspaceReuse.Keep(ws);
        return outcome;
    }

    /// <summary>Weighted MU for <see cref="MuIterationLoop"/>: W panel by panel, then H from sums over the panels of the new W.</summary>
    private ref struct WeightedIteration<T> : IMuIteration where T : unmanaged, IFloatingPointIeee754<T>
    {
        public ReadOnlyMatrixSpan<T> X, Weights;
        public MatrixSpan<T> W, H;
        public SolverSettings Settings;
        public WeightedMuWorkspace<T> Workspace;
        public MultiplicativeStep<T> StepW, StepH;
        public bool UpdateH;

        public readonly void Iterate(int iteration)
        {
            PanelPass(X, Weights, W, H, Workspace, Settings.Beta, StepW, Settings.MaxDegreeOfParallelism, updatingH: false);
            if (UpdateH) PanelPass(X, Weights, W, H, Workspace, Settings.Beta, StepH, Settings.MaxDegreeOfParallelism, updatingH: true);
        }

        public readonly double Divergence() =>
            WeightedDivergence.Dense(X, Weights, W, H, Settings.Beta, Settings.MaxDegreeOfParallelism, Workspace.V);

        public readonly double Penalty() => BetaDivergence.Penalty<T>(W, H, Settings);
    }

    /// <summary>
    /// One pass over the row panels, each forming V = W_panel·H and the weighted terms. The W pass updates the panel's rows:
    /// W ← W ∘ ([(Ω∘X∘V^(β−2))·Hᵀ] / [(Ω∘V^(β−1))·Hᵀ + …])^γ. The H pass sums Wᵀ·(Ω∘X∘V^(β−2)) and Wᵀ·(Ω∘V^(β−1)) over the
    /// panels in order, then updates H.
    /// </summary>
    private static void PanelPass<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> weights, MatrixSpan<T> w, MatrixSpan<T> h,
        WeightedMuWorkspace<T> ws, double beta, MultiplicativeStep<T> step, int dop, bool updatingH)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i0 = 0; i0 < w.Rows; i0 += ws.PanelRows)
        {
            int rows = Math.Min(ws.PanelRows, w.Rows - i0);
            var wPanel = w.SliceRows(i0, rows);
            Terms(x, weights, wPanel, h, i0, rows, beta, ws, dop);
            var num = ws.Numerator.AsReadOnlyMatrixSpan().SliceRows(0, rows);
            var den = ws.Denominator.AsReadOnlyMatrixSpan().SliceRows(0, rows);
            if (updatingH)
            {
                T accumulate = i0 == 0 ? T.Zero : T.One;
                Gemm.Multiply(T.One, wPanel, MatrixOp.Transpose, num, MatrixOp.None, accumulate, ws.NumH, dop);
                Gemm.Multiply(T.One, wPanel, MatrixOp.Transpose, den, MatrixOp.None, accumulate, ws.DenH, dop);
                continue;
            }
            var nw = ws.NumW.AsMatrixSpan().SliceRows(0, rows);
            var dw = ws.DenW.AsMatrixSpan().SliceRows(0, rows);
            Gemm.Multiply(T.One, num, MatrixOp.None, h, MatrixOp.Transpose, T.Zero, nw, dop);
            Gemm.Multiply(T.One, den, MatrixOp.None, h, MatrixOp.Transpose, T.Zero, dw, dop);
            for (int r = 0; r < rows; r++) step.Apply(wPanel.Row(r), nw.Row(r), dw.Row(r));
        }
        if (updatingH)
            for (int t = 0; t < h.Rows; t++) step.Apply(h.Row(t), ws.NumH.Row(t), ws.DenH.Row(t));
    }

    /// <summary>For rows i0.. of X: V = W_panel·H, then num = ω·x·V^(β−2) and den = ω·V^(β−1) (0 where ω = 0).</summary>
    private static void Terms<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> weights, ReadOnlyMatrixSpan<T> wPanel, ReadOnlyMatrixSpan<T> h,
        int i0, int rows, double beta, WeightedMuWorkspace<T> ws, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vp = ws.V.AsMatrixSpan().SliceRows(0, rows);
        var num = ws.Numerator;
        var den = ws.Denominator;
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
