// Bounds on the work of one projection: sweep limit and relative tolerance.
namespace Nmf.Fast.Projection;

/// <summary>How long <see cref="NmfProjector{T}"/> iterates for one sample.</summary>
public sealed record ProjectorOptions
{
    /// <summary>The most coordinate-descent sweeps per sample (each costs k² multiply-adds). Default: the model's <see cref="NmfOptions.MaxIterations"/>.</summary>
    public int? MaxSweeps { get; init; }

    /// <summary>
    /// Stop when the sweep's violation (Σ|projected gradient| met during the sweep) is at most this fraction of the
    /// first sweep's, scikit-learn's rule for the <c>cd</c> solver applied per sample. Default: the model's <see cref="NmfOptions.Tolerance"/>.
    /// </summary>
    public double? Tolerance { get; init; }
}
