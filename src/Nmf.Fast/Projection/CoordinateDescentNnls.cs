// scikit-learn's coordinate-descent sweeps for one sample (the cd solver's transform), with its relative stopping rule.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nmf.Fast.Projection;

/// <summary>
/// w = 0, then sweeps t = 0..k−1 exactly as scikit-learn's <c>_update_cdnmf_fast</c> (Cichocki &amp; Phan 2009, eq. 14):
/// grad = G[t,·]·w − b_t; violation += |projected grad|; w_t = max(w_t − grad/G[t,t], 0). Stops when
/// violation / first violation ≤ tolerance (or the first violation is 0) or after the sweep limit: the rule of
/// <c>Transform</c> evaluated per sample.
/// </summary>
internal static class CoordinateDescentNnls
{
    /// <summary>Solves into <c>scratch.W</c> from <c>scratch.B</c>; leaves b − G·w in <c>scratch.NegativeGradient</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve(ReadOnlySpan<double> gram, int maxSweeps, double tolerance, in ProjectionScratch scratch, out int sweeps, out bool converged)
    {
        ReadOnlySpan<double> b = scratch.B;
        var w = scratch.W;
        int k = b.Length;
        ref double gram0 = ref MemoryMarshal.GetReference(gram);
        ref double w0 = ref MemoryMarshal.GetReference(w);
        w.Clear();
        sweeps = 0;
        converged = false;
        double violationInit = 0;
        while (sweeps < maxSweeps)
        {
            sweeps++;
            double violation = 0;
            for (int t = 0; t < k; t++)
            {
                ref double row = ref Unsafe.Add(ref gram0, t * k);
                double grad = ShortVectorOps.Dot(ref row, ref w0, k) - b[t];
                double wt = w[t];
                violation += Math.Abs(wt == 0 ? Math.Min(grad, 0) : grad);
                double hess = Unsafe.Add(ref row, t);
                if (hess != 0) w[t] = Math.Max(wt - grad / hess, 0);
            }
            if (sweeps == 1) violationInit = violation;
            if (violationInit == 0 || violation / violationInit <= tolerance)
            {
                converged = true;
                break;
            }
        }
        NnlsOptimality.NegativeGradient(gram, b, w, scratch.NegativeGradient);
    }
}
