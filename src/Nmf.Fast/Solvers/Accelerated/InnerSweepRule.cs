// How many cheap HALS sweeps to repeat over one factor after its expensive products: the accelerated-HALS budget or NNLS to a tolerance.
namespace Nmf.Fast.Solvers.Accelerated;

/// <summary>
/// Once the cross product C (O(m·n·k)) and the Gram G are made for a factor, another coordinate-descent sweep over
/// the same C and G costs only O(rows·k²). The rule repeats it while it still pays: at most <see cref="MaxSweeps"/>
/// sweeps, and stop once a sweep's violation v (ℓ₁ norm of the projected gradient before the sweep) satisfies
/// v ≤ <see cref="StepTolerance"/> × the first violation of this step (relative progress, Gillis &amp; Glineur), or
/// v ≤ <see cref="AnlsTolerance"/> × the first violation of the fit for this factor (the subproblem is solved to the
/// scale of scikit-learn's <c>tol</c>; near the solution the warm start already meets it and one sweep suffices).
/// </summary>
/// <param name="MaxSweeps">The most sweeps per factor step (≥ 1; 1 is plain HALS).</param>
/// <param name="StepTolerance">Relative progress below which repeating stops; 0 for none (ANLS).</param>
internal readonly record struct InnerSweepRule(int MaxSweeps, double StepTolerance)
{
    /// <summary>α of Gillis &amp; Glineur: the inner sweeps may cost up to α times the first pass (products included).</summary>
    public const double Alpha = 0.5;

    /// <summary>δ of Gillis &amp; Glineur: stop once an inner sweep achieves less than this share of the first one's progress.</summary>
    public const double Delta = 0.1;

    /// <summary>
    /// Accelerated HALS (Gillis &amp; Glineur, Neural Computation 24(4), 2012, section 3): with ρ = 1 + (e + n·k) / (m·(k + 1))
    /// the cost of the first pass over a sweep's (products over sweep; e = m·n products' entries for a dense X, nnz for a
    /// sparse one, whose products cost O(nnz·k) — their ρ for sparse data), do at most 1 + ⌊α·ρ⌋ sweeps, and stop when one
    /// improves by less than δ of the first. Their progress measure is ‖ΔW‖_F; here the sweep's projected-gradient norm,
    /// which the sweep computes anyway; and, as for ANLS, stop once the subproblem is solved to <see cref="AnlsTolerance"/>.
    /// </summary>
    /// <param name="rows">Rows of the factor being updated (m for W, n for H).</param>
    /// <param name="others">The other dimension of X (n for W, m for H).</param>
    /// <param name="rank">k.</param>
    /// <param name="productEntries">The entries a product with X runs over (<see cref="Data.IFitData{T}.ProductEntries"/>): rows·others when dense, nnz when sparse.</param>
    public static InnerSweepRule Accelerated(int rows, int others, int rank, double productEntries)
    {
        double rho = 1 + (productEntries + (double)others * rank) / ((double)rows * (rank + 1));
        return new InnerSweepRule(1 + (int)Math.Min(1000, Math.Floor(Alpha * rho)), Delta);
    }

    /// <summary>
    /// Exact NNLS per factor step (ANLS): sweep until the violation is ≤ <see cref="AnlsTolerance"/> × the fit's first
    /// violation for this factor (the coordinate-descent NNLS of every row converged to that tolerance), at most
    /// <see cref="AnlsMaxSweeps"/>. Not relative to the step's first sweep: that would keep asking for many sweeps to
    /// polish a subproblem whose other factor is still moving.
    /// </summary>
    public static InnerSweepRule Exact => new(AnlsMaxSweeps, 0);

    /// <summary>Violation, relative to the fit's first, at which an NNLS subproblem counts as solved.</summary>
    /// <remarks>1e-4 of the initial projected gradient: tighter buys nothing while the other factor still moves.</remarks>
    public const double AnlsTolerance = 1e-4;

    /// <summary>Cap on the sweeps of one NNLS solve, against ill-conditioned Grams.</summary>
    public const int AnlsMaxSweeps = 100;

    /// <summary>True when sweeping should stop after the <paramref name="sweeps"/>-th sweep, whose violation was <paramref name="violation"/>.</summary>
    /// <param name="sweeps">Sweeps made so far in this step.</param>
    /// <param name="violation">The violation of the last sweep.</param>
    /// <param name="previous">The violation of the sweep before (+∞ after the first): a sweep that does not lower it
    /// means the solve has reached the rounding floor of the working type (float32 long before 1e-4), so stop.</param>
    /// <param name="stepFirst">The first sweep's violation in this step.</param>
    /// <param name="fitFirst">The first sweep's violation in the fit's first step.</param>
    public bool IsDone(int sweeps, double violation, double previous, double stepFirst, double fitFirst) =>
        sweeps >= MaxSweeps || violation >= previous || violation <= StepTolerance * stepFirst || violation <= AnlsTolerance * fitFirst;
}
