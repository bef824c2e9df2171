// scikit-learn's stopping rule for multiplicative updates, shared by the dense, sparse and weighted MU loops.
using Nmf.Fast.Losses;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Like scikit-learn's <c>_fit_multiplicative_update</c>: only when a tolerance is set, the loss is evaluated every
/// <see cref="MultiplicativeUpdateSolver.CheckInterval"/> iterations (tol = 0 runs pay for no evaluation), and the fit
/// stops once the error fell by less than tol × the initial error since the previous check.
/// </summary>
internal struct MuStoppingRule
{
    private readonly double _tolerance;
    private readonly double _errorAtInit;
    private double _previousError;

    /// <param name="tolerance">scikit-learn's <c>tol</c>; 0 never checks.</param>
    /// <param name="divergenceAtInit">D_β(X, W₀H₀), the divergence of the initial factors.</param>
    public MuStoppingRule(double tolerance, double divergenceAtInit)
    {
        _tolerance = tolerance;
        _errorAtInit = BetaDivergence.ErrorFromDivergence(divergenceAtInit);
        _previousError = _errorAtInit;
    }

    /// <summary>True when <paramref name="iteration"/> evaluates the loss.</summary>
    public readonly bool ChecksAt(int iteration) => _tolerance > 0 && iteration % MultiplicativeUpdateSolver.CheckInterval == 0;

    /// <summary>Records the divergence of a check; true when the fit has converged.</summary>
    public bool HasConverged(double divergence)
    {
        double error = BetaDivergence.ErrorFromDivergence(divergence);
        bool converged = (_previousError - error) / _errorAtInit < _tolerance;
        _previousError = error;
        return converged;
    }
}
