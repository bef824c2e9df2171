// Dense MU: scikit-learn 1.2.1's _fit_multiplicative_update on a dense X (the fused sweep, or W-only passes for Transform).
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Multiplicative updates for the β-divergence (Lee &amp; Seung 2001; Févotte &amp; Idier 2011), step for step
/// as scikit-learn 1.2.1 (<c>sklearn/decomposition/_nmf.py</c>, <c>_fit_multiplicative_update</c>):
/// each iteration updates W, then H with the new W; the loop, its loss checks and stopping rule are
/// <see cref="MuIterationLoop"/>'s.
/// </summary>
internal static unsafe class MultiplicativeUpdateSolver
{
    /// <summary>Iterations between two evaluations of the error (scikit-learn's fixed 10).</summary>
    public const int CheckInterval = 10;

    /// <summary>
    /// Runs MU in place on <paramref name="w"/> (m×k) and <paramref name="h"/> (k×n) from their current values.
    /// With <paramref name="updateH"/> false only W changes (Transform). The monitor receives the loss
    /// D_β + penalty at iteration 0, every <see cref="CheckInterval"/> iterations when the tolerance is positive
    /// (where scikit-learn evaluates it), and after the last iteration; it is
    /// asked <see cref="IterationMonitor.ShouldStop"/> after every iteration, and a stop returns not converged.
    /// </summary>
    /// <returns>Iterations done, and whether the tolerance test was met.</returns>
    public static (int Iterations, bool Converged) Run<T>(ReadOnlyMatrixSpan<T> x, MatrixSpan<T> w, MatrixSpan<T> h,
        SolverSettings settings, IterationMonitor monitor, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(monitor);
        int m = x.Rows, n = x.Cols, k = w.Cols;
        if (w.Rows != m || h.Rows != k || h.Cols != n)
            throw new ArgumentException($"X is {m}×{n} but W is {w.Rows}×{w.Cols} and H is {h.Rows}×{h.Cols}; need W m×k and H k×n.", nameof(w));
        if (m == 0 || n == 0 || k == 0)
            throw new ArgumentException($"MU needs a non-empty problem; got X {m}×{n} with rank {k}.", nameof(x));
        int dop = settings.MaxDegreeOfParallelism;
        double beta = settings.Beta;
        // A full iteration is one fused sweep over X; Transform (W only) keeps the per-update tiled passes.
        // Multi-run fits take back the workspaces an earlier run on this thread kept (WorkspaceReuse).
        var fused = updateH ? FusedSweepWorkspace<T>.Rent(m, n, k, beta, dop) : null;
        var ws = updateH ? null : MuWorkspace<T>.Rent(m, n, k, beta, dop);
        var lossWorkspace = ws?.Divergence ?? DivergenceWorkspace<T>.Rent(m, n, dop);

        fixed (T* px = &Unsafe.AsRef(in x.Origin))
        fixed (T* pw = &w.Origin)
        fixed (T* ph = &h.Origin)
        {
            var iteration = new DenseIteration<T>
            {
                X = x, W = w, H = h, Settings = settings, Fused = fused, Panels = ws, Loss = lossWorkspace,
                StepW = MultiplicativeStep<T>.ForW(settings), StepH = MultiplicativeStep<T>.ForH(settings),
                XView = new PinnedMatrixView<T>(px, m, n, x.Stride),
                WView = new PinnedMatrixView<T>(pw, m, k, w.Stride),
                HView = new PinnedMatrixView<T>(ph, k, n, h.Stride),
            };
            var outcome = MuIterationLoop.Run(ref iteration, settings, monitor);
            if (ws is not null) WorkspaceReuse.Keep(ws);
            else
            {
                WorkspaceReuse.Keep(fused!);
                WorkspaceReuse.Keep(lossWorkspace);
            }
            return outcome;
        }
    }

    /// <summary>
    /// Dense MU for <see cref="MuIterationLoop"/>: a full iteration is one fused sweep over X; with H fixed (Transform)
    /// the W update runs the per-update tiled passes (Frobenius products for β = 2, WH panels otherwise).
    /// </summary>
    private ref struct DenseIteration<T> : IMuIteration where T : unmanaged, IFloatingPointIeee754<T>
    {
        public ReadOnlyMatrixSpan<T> X;
        public MatrixSpan<T> W, H;
        public PinnedMatrixView<T> XView, WView, HView;
        public SolverSettings Settings;
        public FusedSweepWorkspace<T>? Fused;
        public MuWorkspace<T>? Panels;
        public DivergenceWorkspace<T> Loss;
        public MultiplicativeStep<T> StepW, StepH;

        public readonly void Iterate(int iteration)
        {
            int dop = Settings.MaxDegreeOfParallelism;
            // With H fixed, what the W passes derive from H alone is computed in the first iteration and reused after.
            if (Fused is not null) FusedSweep.Iterate(XView, WView, HView, Fused, StepW, StepH, dop);
            else if (Settings.Beta == 2.0) FrobeniusUpdates.UpdateW(XView, W, HView, Panels!, StepW, iteration > 1, dop);
            else BetaPanelUpdates.UpdateW(XView, WView, HView, Panels!, Settings.Beta, StepW, iteration > 1, dop);
        }

        public readonly double Divergence() => BetaDivergence.Compute<T>(X, W, H, Settings.Beta, Settings.MaxDegreeOfParallelism, Loss);

        public readonly double Penalty() => BetaDivergence.Penalty<T>(W, H, Settings);
    }

    /// <summary>
    /// The exponent that makes MU a majorisation–minimisation step (Févotte &amp; Idier 2011, eq. 15):
    /// 1/(2 − β) for β &lt; 1, 1/(β − 1) for β &gt; 2, else 1.
    /// </summary>
    public static double Gamma(double beta) => beta < 1.0 ? 1.0 / (2.0 - beta) : beta > 2.0 ? 1.0 / (beta - 1.0) : 1.0;
}
