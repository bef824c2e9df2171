// The weighted β-divergence Σ ωᵢⱼ·d_β(xᵢⱼ | (WH)ᵢⱼ) of a dense or stored-entries fit, and the per-entry terms MU needs.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Missing;

/// <summary>
/// d_β as scikit-learn's <c>_beta_divergence</c> (Févotte &amp; Idier 2011, eq. 2) entry by entry, weighted:
/// β = 2: ½(x − v)²; β = 1: x·log(x/v) − x + v; β = 0: x/v − log(x/v) − 1; else (x^β + (β−1)v^β − β·x·v^(β−1)) / (β(β−1)).
/// For β &lt; 2, v is read as max(v, ε) (ε = 2⁻²³, scikit-learn's guard), and x·log x is 0 at x = 0.
/// Evaluated one row panel of WH at a time (never an m×n buffer), sums in double in row order.
/// </summary>
internal static class WeightedDivergence
{
    /// <summary>
    /// Σ ωᵢⱼ·d_β(xᵢⱼ | (WH)ᵢⱼ) over a dense X (entries with ω = 0 are skipped, whatever X holds there). A caller's
    /// scratch buffer (n columns, at least the panel's rows) holds the WH panels, so an iteration loop's checks allocate
    /// nothing; without one a panel is allocated.
    /// </summary>
    public static double Dense<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> weights, ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h,
        double beta, int maxDegreeOfParallelism, Matrix<T>? scratch = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols;
        int panelRows = Math.Clamp((1 << 16) / Math.Max(1, n), 1, Math.Max(1, m));
        var panel = scratch is { } s && s.Cols == n && s.Rows >= panelRows ? s : new Matrix<T>(panelRows, n);
        double sum = 0;
        for (int i0 = 0; i0 < m; i0 += panelRows)
        {
            int rows = Math.Min(panelRows, m - i0);
            var block = panel.AsMatrixSpan().SliceRows(0, rows);
            Gemm.Multiply(T.One, w.SliceRows(i0, rows), MatrixOp.None, h, MatrixOp.None, T.Zero, block, maxDegreeOfParallelism);
            for (int r = 0; r < rows; r++)
            {
                var xr = x.Row(i0 + r);
                var wr = weights.Row(i0 + r);
                var vr = block.Row(r);
                for (int j = 0; j < n; j++)
                {
                    double omega = double.CreateTruncating(wr[j]);
                    if (omega > 0) sum += omega * Term(double.CreateTruncating(xr[j]), double.CreateTruncating(vr[j]), beta);
                }
            }
        }
        return sum;
    }

    /// <summary>Σ over the stored entries of a CSR X of d_β(x | (WH)ᵢⱼ) (weight 1 each); W m×k, H k×n.</summary>
    public static double StoredEntries<T>(CsrMatrix<T> x, ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = w.Cols;
        double sum = 0;
        for (int i = 0; i < x.Rows; i++)
        {
            var columns = x.RowColumnIndices(i);
            var values = x.RowValues(i);
            var wr = w.Row(i);
            for (int p = 0; p < columns.Length; p++)
            {
                double v = 0;
                for (int t = 0; t < k; t++) v += double.CreateTruncating(wr[t]) * double.CreateTruncating(h[t, columns[p]]);
                sum += Term(double.CreateTruncating(values[p]), v, beta);
            }
        }
        return sum;
    }

    /// <summary>d_β(x | v) for one entry.</summary>
    public static double Term(double x, double v, double beta)
    {
        if (beta == 2) return 0.5 * (x - v) * (x - v);
        v = Math.Max(v, SklearnGuards.Epsilon);
        if (beta == 1) return (x > 0 ? x * Math.Log(x / v) : 0) - x + v;
        if (beta == 0) return x / v - Math.Log(x / v) - 1;
        return (Math.Pow(x, beta) + (beta - 1) * Math.Pow(v, beta) - beta * x * Math.Pow(v, beta - 1)) / (beta * (beta - 1));
    }
}
