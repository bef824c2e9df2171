// One point of a fit's progress: iteration, loss and elapsed time.
namespace Nmf.Fast;

/// <summary>The state of a fit after an iteration, as reported to <see cref="IProgress{T}"/> and kept in the loss trace.</summary>
/// <param name="Iteration">1-based iteration count at which the loss was evaluated (0 = the initial factors).</param>
/// <param name="Loss">The objective: scikit-learn's <c>_beta_divergence(X, W, H, β)</c> (½‖X−WH‖²_F for β = 2, D_β otherwise)
/// plus the regularisation terms of <c>SolverSettings</c>.</param>
/// <param name="Elapsed">Wall-clock time since the fit started (initialisation included).</param>
public readonly record struct NmfProgress(int Iteration, double Loss, TimeSpan Elapsed)
{
    /// <summary>‖X − WH‖_F / ‖X‖_F at this point, when the solver knows it cheaply (every Frobenius solver); NaN otherwise.</summary>
    public double RelativeError { get; init; } = double.NaN;

    /// <summary>
    /// Multi-run fits (<see cref="NmfOptions.Runs"/> &gt; 1): the 0-based index of the run this report is about; −1 for a
    /// single fit. A multi-run fit reports each run's points as a single fit would (<see cref="Iteration"/> and
    /// <see cref="Loss"/> of that run) and, when the run finishes, one more point with its final iteration count and
    /// objective, after which <see cref="RunsFinished"/> counts it.
    /// </summary>
    public int Run { get; init; } = -1;

    /// <summary>The number of runs of the fit (1 for a single fit).</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Multi-run fits: the runs finished when this was reported; it never decreases from one report to the next.</summary>
    public int RunsFinished { get; init; }

    /// <summary>Multi-run fits: the lowest final objective of the runs finished so far; NaN before the first finishes (and for a single fit).</summary>
    public double BestLoss { get; init; } = double.NaN;
}
