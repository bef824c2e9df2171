// The one MU iteration loop behind dense, sparse and weighted MU: scikit-learn's stopping rule, loss checks, trace, progress and stop requests.
using Nmf.Fast.Losses;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// What one MU variant supplies to <see cref="MuIterationLoop"/>: its update and how to evaluate its objective.
/// Implemented by small structs (ref structs where they hold span views), so the loop is specialised per variant
/// and calls them without indirection.
/// </summary>
internal interface IMuIteration
{
    /// <summary>One iteration: W with H fixed, then (unless H is fixed) H with the new W.</summary>
    /// <param name="iteration">The iteration's 1-based number.</param>
    void Iterate(int iteration);

    /// <summary>D_β(X, WH) of the current factors (weighted where the variant is).</summary>
    double Divergence();

    /// <summary>The regularisation penalty of the current factors (added to <see cref="Divergence"/> for the reported loss).</summary>
    double Penalty();
}

/// <summary>
/// scikit-learn 1.2.1's <c>_fit_multiplicative_update</c> loop (<c>sklearn/decomposition/_nmf.py</c>), shared by every
/// MU variant: the loss D_β + penalty is reported at iteration 0; only when tol &gt; 0, every
/// <see cref="MultiplicativeUpdateSolver.CheckInterval"/> iterations the error e = √(2·D_β) is evaluated, reported, and
/// the fit stops once (e_previous − e) / e_initial &lt; tol (tol = 0 runs pay for no evaluation); after every iteration
/// the monitor is asked <see cref="IterationMonitor.ShouldStop"/> (cancellation, time budget, target error reached —
/// a stop returns not converged); the loss after the last iteration is reported unless a check just did.
/// </summary>
internal static class MuIterationLoop
{
    /// <summary>Runs <paramref name="variant"/> for at most <see cref="SolverSettings.MaxIterations"/> iterations.</summary>
    /// <returns>Iterations done, and whether the tolerance test was met.</returns>
    public static (int Iterations, bool Converged) Run<TIteration>(ref TIteration variant, SolverSettings settings, IterationMonitor monitor)
        where TIteration : IMuIteration, allows ref struct
    {
        double divergence = variant.Divergence();
        monitor.Report(0, divergence + variant.Penalty());
        double tolerance = settings.Tolerance;
        double errorAtInit = BetaDivergence.ErrorFromDivergence(divergence), previousError = errorAtInit;

        int iteration = 0;
        bool lastReported = true;
        while (iteration < settings.MaxIterations)
        {
            iteration++;
            variant.Iterate(iteration);
            lastReported = false;
            if (tolerance > 0 && iteration % MultiplicativeUpdateSolver.CheckInterval == 0)
            {
                divergence = variant.Divergence();
                monitor.Report(iteration, divergence + variant.Penalty());
                lastReported = true;
                double error = BetaDivergence.ErrorFromDivergence(divergence);
                bool converged = (previousError - error) / errorAtInit < tolerance;
                previousError = error;
                if (converged) return (iteration, true);
            }
            if (monitor.ShouldStop()) break;
        }
        if (!lastReported)
        {
            divergence = variant.Divergence();
            monitor.Report(iteration, divergence + variant.Penalty());
        }
        return (iteration, false);
    }
}
