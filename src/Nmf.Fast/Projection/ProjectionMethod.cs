// Which NNLS algorithm NmfProjector runs per sample.
namespace Nmf.Fast.Projection;

/// <summary>The algorithm <see cref="NmfProjector{T}"/> uses to solve min ½wᵀGw − cᵀw over w ≥ 0.</summary>
public enum ProjectionMethod
{
    /// <summary>
    /// Active set on the normal equations (Bro &amp; de Jong 1997, "A fast non-negativity-constrained least squares
    /// algorithm", the Lawson–Hanson method with G = H·Hᵀ precomputed): each step solves the free variables' system
    /// by Cholesky, in double precision. Ends at the exact optimum (KKT residual at round-off level) in a few steps
    /// when the solution has few non-zeros; falls back to coordinate descent if a sub-system is singular.
    /// </summary>
    ActiveSet,

    /// <summary>Coordinate descent from w = 0 with scikit-learn's relative stopping rule: the sweeps <c>Transform</c> runs for one row.</summary>
    CoordinateDescent,
}
