// Bounds on the work of one projection: sweep limit and relative tolerance.
namespace Nmf.Fast.Projection;

/// <summary>How long <see cref="NmfProjector{T}"/> iterates for one sample.</summary>
public sealed record ProjectorOptions
{
    /// <summary>The algorithm (default <see cref="ProjectionMethod.ActiveSet"/>).</summary>
    public ProjectionMethod Method { get; init; } = ProjectionMethod.ActiveSet;

    /// <summary>
    /// Active set: stop when no fixed-at-zero component has a descent direction larger than this fraction of
    /// max|H·x − L1| (default 1e-9 for double, 1e-5 for float models).
    /// </summary>
    public double? ActiveSetTolerance { get; init; }

    /// <summary>The most coordinate-descent sweeps (k² multiply-adds each), or active-set steps (the warm start, one O(k³) factorization at most, then one step per added component, O(k²) each plus O(k²) per removed component), per sample. Default: the model's <see cref="NmfOptions.MaxIterations"/>.</summary>
    public int? MaxSweeps { get; init; }

    /// <summary>
    /// Stop when the sweep's violation (Σ|projected gradient| met during the sweep) is at most this fraction of the
    /// first sweep's, scikit-learn's rule for the <c>cd</c> solver applied per sample. Default: the model's <see cref="NmfOptions.Tolerance"/>.
    /// </summary>
    public double? Tolerance { get; init; }
}
