// How many cheap HALS sweeps to repeat over one factor after its expensive products: the accelerated-HALS budget or NNLS to a tolerance.
namespace Nmf.Fast.Solvers.Accelerated;

/// <summary>
/// Once the cross product C (O(m·n·k)) and the Gram G are made for a factor, another coordinate-descent sweep over
/// the same C and G costs only O(rows·k²). The rule repeats it while it still pays:
/// at most <see cref="MaxSweeps"/> sweeps, and stop once a sweep's violation (ℓ₁ norm of the projected gradient
/// before the sweep) is ≤ <see cref="RelativeTolerance"/> × a reference violation: the first sweep's of this step, or
/// with <see cref="RelativeToFitStart"/> the first sweep's of the whole fit (for this factor).
/// </summary>
/// <param name="MaxSweeps">The most sweeps per factor step (≥ 1; 1 is plain HALS).</param>
/// <param name="RelativeTolerance">Stop repeating once violation ≤ this × the reference violation.</param>
/// <param name="RelativeToFitStart">True: the reference is the fit's first violation (an absolute tolerance for the
/// NNLS solves); false: this step's first (Gillis &amp; Glineur's relative progress).</param>
internal readonly record struct InnerSweepRule(int MaxSweeps, double RelativeTolerance, bool RelativeToFitStart = false)
{
    /// <summary>α of Gillis &amp; Glineur: the inner sweeps may cost up to α times the first pass (products included).</summary>
    public const double Alpha = 0.5;

    /// <summary>δ of Gillis &amp; Glineur: stop once an inner sweep achieves less than this share of the first one's progress.</summary>
    public const double Delta = 0.1;

    /// <summary>
    /// Accelerated HALS (Gillis &amp; Glineur, Neural Computation 24(4), 2012, section 3): with ρ = 1 + (m·n + n·k) / (m·(k + 1))
    /// the cost of the first pass over a sweep's (products over sweep), do at most 1 + ⌊α·ρ⌋ sweeps, and stop when one
    /// improves by less than δ of the first. Their progress measure is ‖ΔW‖_F; here the sweep's projected-gradient norm,
    /// which the sweep computes anyway.
    /// </summary>
    /// <param name="rows">Rows of the factor being updated (m for W, n for H).</param>
    /// <param name="others">The other dimension of X (n for W, m for H).</param>
    /// <param name="rank">k.</param>
    public static InnerSweepRule Accelerated(int rows, int others, int rank)
    {
        double rho = 1 + ((double)rows * others + (double)others * rank) / ((double)rows * (rank + 1));
        return new InnerSweepRule(1 + (int)Math.Min(1000, Math.Floor(Alpha * rho)), Delta);
    }

    /// <summary>
    /// Exact NNLS per factor step (ANLS): sweep until the violation is ≤ <see cref="AnlsTolerance"/> × the fit's first
    /// violation for this factor (the coordinate-descent NNLS of every row converged to that tolerance, the same scale
    /// as scikit-learn's <c>tol</c>), at most <see cref="AnlsMaxSweeps"/>. Relative to the fit's start, not to the step's
    /// first sweep: near the solution the warm start already satisfies it and one sweep suffices.
    /// </summary>
    public static InnerSweepRule Exact => new(AnlsMaxSweeps, AnlsTolerance, RelativeToFitStart: true);

    /// <summary>Violation, relative to the fit's first, at which an NNLS subproblem counts as solved.</summary>
    /// <remarks>1e-4 of the initial projected gradient: tighter buys nothing while the other factor still moves.</remarks>
    public const double AnlsTolerance = 1e-4;

    /// <summary>Cap on the sweeps of one NNLS solve, against ill-conditioned Grams.</summary>
    public const int AnlsMaxSweeps = 100;

    /// <summary>True when sweeping should stop after the <paramref name="sweeps"/>-th sweep, whose violation was <paramref name="violation"/>.</summary>
    /// <param name="stepFirst">The first sweep's violation in this step.</param>
    /// <param name="fitFirst">The first sweep's violation in the fit's first step.</param>
    public bool IsDone(int sweeps, double violation, double stepFirst, double fitFirst) =>
        sweeps >= MaxSweeps || violation <= RelativeTolerance * (RelativeToFitStart ? fitFirst : stepFirst);
}
