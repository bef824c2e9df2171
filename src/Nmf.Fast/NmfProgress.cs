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
}
