// Hard cluster labels from a factorization: each row (or column) of X goes to the component that contributes most to it.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Assigns each row i of X to argmax_c W[i,c]·‖h_c‖₁ (or each column j to argmax_c ‖w_c‖₁·H[c,j]): the component
/// whose part of the reconstruction W·H carries the most mass in that row (column). Weighting by the other factor's
/// norm makes the labels independent of how the scale of each component is split between W and H; on factors whose
/// other side is already normalised it is Brunet et al.'s "largest metagene expression" rule. Ties go to the lowest
/// component index (so an all-zero row gets label 0).
/// </summary>
public static class DominantComponents
{
    /// <summary>The label (0..k−1) of every row (m labels) or column (n labels) of X for a fit's W and H.</summary>
    /// <param name="result">A fit.</param>
    /// <param name="axis">Rows (default) or columns.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static int[] Labels<T>(NmfResult<T> result, ClusterAxis axis = ClusterAxis.Rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(result);
        return Labels(result.W.AsReadOnlyMatrixSpan(), result.H.AsReadOnlyMatrixSpan(), axis);
    }

    /// <summary>The label (0..k−1) of every row (m labels) or column (n labels) of X ≈ W·H.</summary>
    /// <param name="w">W, m×k.</param>
    /// <param name="h">H, k×n.</param>
    /// <param name="axis">Rows or columns.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">W's columns and H's rows differ in number, or the axis is unknown.</exception>
    public static int[] Labels<T>(ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, ClusterAxis axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.Cols != h.Rows) throw new ArgumentException($"W has {w.Cols} columns but H has {h.Rows} rows; they must both be the rank.", nameof(h));
        if (!Enum.IsDefined(axis)) throw new ArgumentOutOfRangeException(nameof(axis), axis, "Unknown axis.");
        int k = w.Cols;
        var weights = new double[k];
        if (axis == ClusterAxis.Rows)
        {
            for (int c = 0; c < k; c++) weights[c] = CanonicalForm.Norm(h.Row(c), ComponentNorm.L1);
            var labels = new int[w.Rows];
            for (int i = 0; i < w.Rows; i++)
            {
                var row = w.Row(i);
                int best = 0;
                double bestValue = double.NegativeInfinity;
                for (int c = 0; c < k; c++)
                {
                    double value = double.CreateTruncating(row[c]) * weights[c];
                    if (value > bestValue)
                    {
                        bestValue = value;
                        best = c;
                    }
                }
                labels[i] = best;
            }
            return labels;
        }
        else
        {
            for (int i = 0; i < w.Rows; i++)
            {
                var row = w.Row(i);
                for (int c = 0; c < k; c++) weights[c] += Math.Abs(double.CreateTruncating(row[c]));
            }
            int n = h.Cols;
            var labels = new int[n];
            var bestValues = new double[n];
            Array.Fill(bestValues, double.NegativeInfinity);
            // Row by row through H (contiguous), keeping the running best of every column.
            for (int c = 0; c < k; c++)
            {
                var row = h.Row(c);
                for (int j = 0; j < n; j++)
                {
                    double value = double.CreateTruncating(row[j]) * weights[c];
                    if (value > bestValues[j])
                    {
                        bestValues[j] = value;
                        labels[j] = c;
                    }
                }
            }
            return labels;
        }
    }
}
