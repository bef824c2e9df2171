// Lawson–Hanson active-set NNLS on (G, b), warm-started from the unconstrained solution's positive set.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nmf.Fast.Projection;

/// <summary>
/// min ½wᵀGw − bᵀw over w ≥ 0 by the active-set method of Lawson &amp; Hanson (<i>Solving Least Squares Problems</i>,
/// 1974, ch. 23) on the normal equations, as in Bro &amp; de Jong's FNNLS (J. Chemometrics 11, 1997):
/// <list type="number">
/// <item>Warm start: z = G⁻¹b from the precomputed inverse (k independent dot products); the components with
/// z &gt; 0 form the first free set F, and w = 0. When z &gt; 0 everywhere, w = z and nothing else runs.</item>
/// <item>Descend: solve G[F,F]·z = b[F]; if some z ≤ 0, step from w towards z until the first free component
/// reaches 0, fix every component that did, and repeat; else w[F] = z.</item>
/// <item>Add: among the fixed components pick the one with the largest g = b − G·w (the steepest descent); stop when
/// none exceeds the threshold (the KKT conditions hold to that tolerance), else free it and descend again.</item>
/// </list>
/// From w = 0 the first descent only drops the components whose z is not positive, so the warm start costs a few
/// factorization of G[F,F] and replaces most of the one-component-at-a-time additions of a cold start (k = 20: one
/// step instead of ~20). The factor of G[F,F] is extended by one row per addition and downdated per removal
/// (<see cref="FreeSetCholesky"/>), so no step refactors. A component whose own solution is not positive right after it
/// was added (round-off: its descent direction is not realisable) is <see cref="Blocked"/> until the next step that
/// succeeds, which prevents the classic add/remove cycle.
/// </summary>
internal static class ActiveSetNnls
{
    /// <summary>State of a component held at zero.</summary>
    public const int Fixed = 0;

    /// <summary>State of a component in the free set.</summary>
    public const int Free = 1;

    /// <summary>State of a fixed component that may not be added again until another addition succeeds.</summary>
    public const int Blocked = 2;

    /// <summary>
    /// Solves into <c>scratch.W</c> and leaves b − G·w in <c>scratch.NegativeGradient</c>. Returns false when a
    /// free set's system is not numerically positive definite (the caller then tries another start or method).
    /// </summary>
    /// <param name="system">G with its factor and inverse.</param>
    /// <param name="warmStart">Start from the unconstrained solution (needs G positive definite); else from w = 0 with F = ∅.</param>
    /// <param name="threshold">Converged when no fixed component has b − G·w above this.</param>
    /// <param name="maxSteps">Most additions (the warm start counts as one).</param>
    /// <param name="scratch">Workspace; <c>scratch.B</c> holds b on entry.</param>
    /// <param name="steps">Steps run.</param>
    /// <param name="converged">Whether the threshold was met within <paramref name="maxSteps"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Solve(ProjectionGram system, bool warmStart, double threshold, int maxSteps,
        in ProjectionScratch scratch, out int steps, out bool converged)
    {
        ReadOnlySpan<double> gram = system.Matrix;
        ReadOnlySpan<double> b = scratch.B;
        var w = scratch.W;
        var state = scratch.State;
        var index = scratch.Index;
        int k = b.Length, p = 0;
        w.Clear();
        state.Clear();
        steps = 0;
        converged = false;
        if (warmStart && system.IsPositiveDefinite)
        {
            steps = 1;
            if (!WarmStart(system, scratch, ref p)) return false;
        }

        bool gradientCurrent = false;
        while (true)
        {
            var g = scratch.NegativeGradient;
            if (!gradientCurrent) NnlsOptimality.NegativeGradient(gram, b, w, g);
            gradientCurrent = true;
            int best = -1;
            double bestValue = threshold;
            bool blockedLeft = false;
            for (int t = 0; t < k; t++)
            {
                if (state[t] == Free || !(g[t] > threshold)) continue;
                if (state[t] == Blocked) blockedLeft = true;
                else if (g[t] > bestValue) { bestValue = g[t]; best = t; }
            }
            if (best < 0) { converged = !blockedLeft; return true; }
            if (steps >= maxSteps) return true;
            steps++;
            state[best] = Free;
            index[p++] = best;
            if (!FreeSetCholesky.FactorRows(gram, k, index[..p], p - 1, scratch.Factor)) return false;
            if (!SolveFree(b, index[..p], scratch))
            {
                // Its own solution is not positive: stepping towards it would fix it again at once with w unchanged.
                state[best] = Blocked;
                p--;
                continue;
            }
            for (int t = 0; t < k; t++) if (state[t] == Blocked) state[t] = Fixed;
            Descend(scratch, ref p, solved: true);
            gradientCurrent = false;
        }
    }

    /// <summary>F = {t : (G⁻¹b)_t &gt; 0}, then descend from w = 0. Reuses the full factor's rows for the leading run of F.</summary>
    private static bool WarmStart(ProjectionGram system, in ProjectionScratch scratch, ref int p)
    {
        int k = scratch.B.Length;
        var z = scratch.Z;
        ref double b0 = ref MemoryMarshal.GetReference(scratch.B);
        ref double inverse0 = ref MemoryMarshal.GetArrayDataReference(system.Inverse);
        for (int t = 0; t < k; t++) z[t] = ShortVectorOps.Dot(ref Unsafe.Add(ref inverse0, t * k), ref b0, k);
        ReadOnlySpan<double> fullFactor = system.Factor;
        int leading = -1;
        for (int t = 0; t < k; t++)
        {
            if (z[t] > 0)
            {
                scratch.Index[p++] = t;
                scratch.State[t] = Free;
            }
            else if (leading < 0) leading = t;
        }
        if (p == k)
        {
            z.CopyTo(scratch.W);
            return true;
        }
        // Rows 0..leading−1 of the full factor are the factor of G[F, F] for F's leading run 0..leading−1.
        for (int i = 0; i < leading; i++) fullFactor.Slice(i * k, i + 1).CopyTo(scratch.Factor.Slice(i * k, i + 1));
        if (!FreeSetCholesky.FactorRows(system.Matrix, k, scratch.Index[..p], leading, scratch.Factor)) return false;
        Descend(scratch, ref p, solved: false);
        return true;
    }

    /// <summary>Z[0..p) = G[F,F]⁻¹·b[F] from the current factor; false when the last component's value is not positive.</summary>
    private static bool SolveFree(ReadOnlySpan<double> b, ReadOnlySpan<int> index, in ProjectionScratch scratch)
    {
        int p = index.Length;
        var z = scratch.Z[..p];
        for (int i = 0; i < p; i++) z[i] = b[index[i]];
        FreeSetCholesky.Solve(scratch.Factor, b.Length, z);
        return z[p - 1] > 0;
    }

    /// <summary>
    /// The inner loop: moves w along the segment to the free set's minimiser until a free component reaches zero, fixes
    /// it (removing its row from the factor), and repeats until the minimiser is feasible (each pass removes at least one
    /// component, so at most p passes). The factor is valid for every free component on entry; <paramref name="solved"/>
    /// says Z already holds its solution.
    /// </summary>
    private static void Descend(in ProjectionScratch scratch, ref int p, bool solved)
    {
        ReadOnlySpan<double> b = scratch.B;
        var w = scratch.W;
        var z = scratch.Z;
        var index = scratch.Index;
        int k = b.Length;
        while (p > 0)
        {
            if (!solved) SolveFree(b, index[..p], scratch);
            solved = false;
            double alpha = 1;
            for (int i = 0; i < p; i++)
                if (z[i] <= 0) alpha = Math.Min(alpha, StepToZero(w[index[i]], z[i]));
            if (alpha >= 1)
            {
                for (int i = 0; i < p; i++) w[index[i]] = z[i];
                return;
            }
            // Last position first, so that removing one leaves the positions still to visit (and their z) in place.
            for (int i = p - 1; i >= 0; i--)
            {
                int t = index[i];
                double wt = w[t], v = wt + alpha * (z[i] - wt);
                if (z[i] <= 0 && (StepToZero(wt, z[i]) <= alpha || v <= 0))
                {
                    w[t] = 0;
                    scratch.State[t] = Fixed;
                    FreeSetCholesky.RemoveRow(scratch.Factor, k, p, i, scratch.Products);
                    index[(i + 1)..p].CopyTo(index[i..]);
                    p--;
                }
                else w[t] = v;
            }
        }
    }

    /// <summary>The fraction of the step from w_t to z_t (z_t ≤ 0) at which the component reaches zero.</summary>
    private static double StepToZero(double wt, double zt) => wt <= 0 ? 0 : wt / (wt - zt);
}
