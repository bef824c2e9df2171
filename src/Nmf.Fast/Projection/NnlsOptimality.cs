// The gradient of the projection's NNLS objective and the KKT residual reported to the caller.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nmf.Fast.Projection;

/// <summary>Optimality measures of min ½wᵀGw − bᵀw over w ≥ 0, shared by both projection methods.</summary>
internal static class NnlsOptimality
{
    /// <summary>g = b − G·w = b − Σ_{w_t ≠ 0} w_t·G[t, ·] (G symmetric: one contiguous row per non-zero weight).</summary>
    public static void NegativeGradient(ReadOnlySpan<double> gram, ReadOnlySpan<double> b, ReadOnlySpan<double> w, Span<double> g)
    {
        int k = b.Length;
        b.CopyTo(g);
        ref double gram0 = ref MemoryMarshal.GetReference(gram);
        ref double g0 = ref MemoryMarshal.GetReference(g);
        for (int t = 0; t < k; t++)
            if (w[t] != 0) ShortVectorOps.SubtractScaled(ref g0, w[t], ref Unsafe.Add(ref gram0, t * k), k);
    }

    /// <summary>
    /// max_t |projected gradient_t| from g = b − G·w: |g_t| where w_t &gt; 0, max(g_t, 0) where w_t = 0 (a fixed component
    /// violates optimality only if increasing it would descend). Zero exactly at the optimum.
    /// </summary>
    public static double KktResidual(ReadOnlySpan<double> w, ReadOnlySpan<double> negativeGradient)
    {
        double worst = 0;
        for (int t = 0; t < w.Length; t++)
            worst = Math.Max(worst, w[t] > 0 ? Math.Abs(negativeGradient[t]) : Math.Max(negativeGradient[t], 0));
        return worst;
    }
}
