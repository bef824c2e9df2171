// The MU iteration loop: scikit-learn 1.2.1's _fit_multiplicative_update, its stopping rule and loss trace.
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Multiplicative updates for the β-divergence (Lee &amp; Seung 2001; Févotte &amp; Idier 2011), step for step
/// as scikit-learn 1.2.1 (<c>sklearn/decomposition/_nmf.py</c>, <c>_fit_multiplicative_update</c>):
/// each iteration updates W, then H with the new W; every 10 iterations the error
/// e = √(2·D_β) is evaluated and the loop stops when (e_previous − e) / e_initial &lt; tol.
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
        double gamma = Gamma(beta);
        // A full iteration is one fused sweep over X; Transform (W only) keeps the per-update tiled passes.
        // Multi-run fits take back the workspaces an earlier run on this thread kept (WorkspaceReuse).
        var fused = updateH ? FusedSweepWorkspace<T>.Rent(m, n, k, beta, dop) : null;
        var ws = updateH ? null : MuWorkspace<T>.Rent(m, n, k, beta, dop);
        var lossWorkspace = ws?.Divergence ?? DivergenceWorkspace<T>.Rent(m, n, dop);
        var stepW = new MultiplicativeStep<T>(settings.L1W, settings.L2W, gamma, zeroBelowFloat64Epsilon: beta < 1.0);
        var stepH = new MultiplicativeStep<T>(settings.L1H, settings.L2H, gamma, zeroBelowFloat64Epsilon: beta <= 1.0);

        fixed (T* px = &Unsafe.AsRef(in x.Origin))
        fixed (T* pw = &w.Origin)
        fixed (T* ph = &h.Origin)
        {
            var xv = new PinnedMatrixView<T>(px, m, n, x.Stride);
            var wv = new PinnedMatrixView<T>(pw, m, k, w.Stride);
            var hv = new PinnedMatrixView<T>(ph, k, n, h.Stride);

            double divergence = BetaDivergence.Compute<T>(x, w, h, beta, dop, lossWorkspace);
            monitor.Report(0, divergence + BetaDivergence.Penalty<T>(w, h, settings));
            var stopping = new MuStoppingRule(settings.Tolerance, divergence);

            int iteration = 0;
            bool converged = false, lastReported = true;
            while (iteration < settings.MaxIterations)
            {
                iteration++;
                bool reuse = iteration > 1;
                if (fused is not null) FusedSweep.Iterate(xv, wv, hv, fused, stepW, stepH, dop);
                else if (beta == 2.0) FrobeniusUpdates.UpdateW(xv, w, hv, ws!, stepW, reuse, dop);
                else BetaPanelUpdates.UpdateW(xv, wv, hv, ws!, beta, stepW, reuse, dop);
                lastReported = false;

                if (stopping.ChecksAt(iteration))
                {
                    divergence = BetaDivergence.Compute<T>(x, w, h, beta, dop, lossWorkspace);
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
            {
                divergence = BetaDivergence.Compute<T>(x, w, h, beta, dop, lossWorkspace);
                monitor.Report(iteration, divergence + BetaDivergence.Penalty<T>(w, h, settings));
            }
            if (ws is not null) WorkspaceReuse.Keep(ws);
            else
            {
                WorkspaceReuse.Keep(fused!);
                WorkspaceReuse.Keep(lossWorkspace);
            }
            return (iteration, converged);
        }
    }

    /// <summary>
    /// The exponent that makes MU a majorisation–minimisation step (Févotte &amp; Idier 2011, eq. 15):
    /// 1/(2 − β) for β &lt; 1, 1/(β − 1) for β &gt; 2, else 1.
    /// </summary>
    public static double Gamma(double beta) => beta < 1.0 ? 1.0 / (2.0 - beta) : beta > 2.0 ? 1.0 / (beta - 1.0) : 1.0;
}
