// G = H·Hᵀ + L2·I of a projector, with its Cholesky factor and inverse, computed once when the projector is built.
namespace Nmf.Fast.Projection;

/// <summary>
/// The quadratic term of every projection's NNLS, min ½wᵀGw − bᵀw over w ≥ 0, and what makes the per-sample solve cheap:
/// the Cholesky factor of G (its leading rows are the factor of any free set that starts with 0, 1, 2, …) and G⁻¹,
/// which turns the warm start G⁻¹b into k independent dot products instead of two latency-bound triangular solves.
/// Immutable after construction; shared by all threads.
/// </summary>
internal sealed class ProjectionGram
{
    /// <summary>Builds the factor and inverse of <paramref name="gram"/> (k×k row-major, symmetric positive semi-definite).</summary>
    public ProjectionGram(double[] gram, int k)
    {
        Rank = k;
        Matrix = gram;
        var factor = new double[k * k];
        if (!FreeSetCholesky.FactorRows(gram, k, Enumerable.Range(0, k).ToArray(), 0, factor)) return;
        var inverse = new double[k * k];
        for (int j = 0; j < k; j++)
        {
            var column = inverse.AsSpan(j * k, k);   // G⁻¹ is symmetric: column j is row j
            column[j] = 1;
            FreeSetCholesky.Solve(factor, k, column);
        }
        Factor = factor;
        Inverse = inverse;
    }

    /// <summary>k.</summary>
    public int Rank { get; }

    /// <summary>G, k×k row-major.</summary>
    public double[] Matrix { get; }

    /// <summary>The Cholesky rows of G in <see cref="FreeSetCholesky"/>'s layout, or empty when G is not numerically positive definite.</summary>
    public double[] Factor { get; } = [];

    /// <summary>G⁻¹, k×k row-major, or empty when G is not numerically positive definite.</summary>
    public double[] Inverse { get; } = [];

    /// <summary>Whether the warm start (which needs G⁻¹) is available.</summary>
    public bool IsPositiveDefinite => Factor.Length > 0;
}
