// The immutable options of a fit, with scikit-learn's names, defaults and meanings.
using Nmf.Fast.Memory;

namespace Nmf.Fast;

/// <summary>
/// Options of <see cref="NonNegativeMatrixFactorization.Fit{T}(Matrix{T}, NmfOptions, IProgress{NmfProgress}?, CancellationToken)"/>. Every
/// property maps to a parameter of scikit-learn's <c>NMF</c> and has its default; they are checked when a
/// fit starts (see <c>docs/solvers.md</c>).
/// </summary>
/// <example><code>
/// var options = new NmfOptions { Rank = 10, Init = NmfInit.Random, Seed = 0 };
/// var result = NonNegativeMatrixFactorization.Fit(x, options);
/// </code></example>
public sealed record NmfOptions
{
    /// <summary>The number of components k (<c>n_components</c>); at least 1.</summary>
    public required int Rank { get; init; }

    /// <summary>The update rule (<c>solver</c>); HALS, scikit-learn's <c>'cd'</c>, by default.</summary>
    public NmfSolver Solver { get; init; } = NmfSolver.Hals;

    /// <summary>β of the β-divergence loss (<c>beta_loss</c>); see <see cref="NmfLoss"/> for the named values. Default 2 (Frobenius).</summary>
    public double Beta { get; init; } = NmfLoss.Frobenius;

    /// <summary>How W₀ and H₀ are chosen (<c>init</c>); <see cref="NmfInit.Auto"/> by default.</summary>
    public NmfInit Init { get; init; } = NmfInit.Auto;

    /// <summary>Most iterations (<c>max_iter</c>); default 200.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stopping tolerance (<c>tol</c>); 0 runs exactly <see cref="MaxIterations"/>. Default 1e-4.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Regularisation strength of W (<c>alpha_W</c>); default 0.</summary>
    public double AlphaW { get; init; }

    /// <summary>Regularisation strength of H (<c>alpha_H</c>); null (default) means the same as <see cref="AlphaW"/>.</summary>
    public double? AlphaH { get; init; }

    /// <summary>Share of L1 in the regularisation, in [0, 1] (<c>l1_ratio</c>); default 0 (pure L2).</summary>
    public double L1Ratio { get; init; }

    /// <summary>Seed of the random steps (<c>random_state</c>); null draws one, reported in the result.</summary>
    public int? Seed { get; init; }

    /// <summary>Most threads to use; -1 (default) means all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Optional wall-clock budget; when it runs out the fit stops between iterations, not converged.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// Optional target relative error ‖X − WH‖_F / ‖X‖_F: the fit stops (converged) after the first iteration whose
    /// relative error is ≤ this value; <see cref="NmfResult{T}.TargetIteration"/> and
    /// <see cref="NmfResult{T}.TargetElapsed"/> report when. Frobenius loss only; with <see cref="NmfSolver.Hals"/> and
    /// <see cref="NmfSolver.MultiplicativeUpdate"/> also no regularisation (their loss must be ½‖X − WH‖²_F), and MU
    /// checks it every 10 iterations, when it evaluates its loss. Default null (no target).
    /// </summary>
    public double? TargetError { get; init; }

    /// <summary>W₀ (m×k) for <see cref="NmfInit.Custom"/>; converted to the working type.</summary>
    public Matrix<double>? InitialW { get; init; }

    /// <summary>H₀ (k×n) for <see cref="NmfInit.Custom"/>; converted to the working type.</summary>
    public Matrix<double>? InitialH { get; init; }

    /// <summary>
    /// Fits from this many seeded starts and returns the best by objective (default 1: one fit). Run r starts from
    /// the r-th seed derived from <see cref="Seed"/> and <see cref="NmfInit.Auto"/> means random starts; see
    /// <see cref="NonNegativeMatrixFactorization.FitRuns{T}(Matrix{T}, NmfOptions, bool, IProgress{NmfProgress}?, CancellationToken)"/>.
    /// </summary>
    public int Runs { get; init; } = 1;

    /// <summary>α_H as used: <see cref="AlphaH"/> or, when null, <see cref="AlphaW"/>.</summary>
    public double EffectiveAlphaH => AlphaH ?? AlphaW;
}
