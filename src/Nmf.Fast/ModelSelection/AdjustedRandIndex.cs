// The adjusted Rand index of two labellings (Hubert & Arabie 1985): agreement of two partitions corrected for chance.
namespace Nmf.Fast.ModelSelection;

/// <summary>
/// ARI = (Σ_ij C(n_ij, 2) − E) / (½(Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) − E), E = Σ_i C(a_i, 2)·Σ_j C(b_j, 2) / C(n, 2),
/// with n_ij the contingency table of the two labellings and a_i, b_j its row and column sums (Hubert &amp; Arabie,
/// "Comparing partitions", J. Classification 2:193–218, 1985). 1 for the same partition whatever the label names,
/// about 0 for independent ones. As scikit-learn's <c>adjusted_rand_score</c>, 1 when the denominator is 0 (both
/// labellings put everything in one cluster, or everything in its own).
/// </summary>
public static class AdjustedRandIndex
{
    /// <summary>The adjusted Rand index of two labellings of the same items.</summary>
    /// <param name="first">A label per item.</param>
    /// <param name="second">A label per item, same length.</param>
    /// <exception cref="ArgumentException">The labellings have different lengths.</exception>
    public static double Compute(ReadOnlySpan<int> first, ReadOnlySpan<int> second)
    {
        if (first.Length != second.Length) throw new ArgumentException($"The labellings have {first.Length} and {second.Length} items.", nameof(second));
        int n = first.Length;
        var rowIds = Dense(first, out int rows);
        var colIds = Dense(second, out int cols);
        var table = new Dictionary<long, long>(); // sparse: at most n non-empty cells
        var rowSums = new long[rows];
        var colSums = new long[cols];
        for (int i = 0; i < n; i++)
        {
            long cell = (long)rowIds[i] * cols + colIds[i];
            table[cell] = table.GetValueOrDefault(cell) + 1;
            rowSums[rowIds[i]]++;
            colSums[colIds[i]]++;
        }
        double index = 0, sumRows = 0, sumCols = 0;
        foreach (long c in table.Values) index += Pairs(c);
        foreach (long a in rowSums) sumRows += Pairs(a);
        foreach (long b in colSums) sumCols += Pairs(b);
        double total = Pairs(n);
        double expected = total == 0 ? 0 : sumRows * sumCols / total;
        double maximum = 0.5 * (sumRows + sumCols);
        return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
    }

    private static double Pairs(long count) => count * (count - 1) / 2.0;

    /// <summary>Labels renamed 0..count−1 in order of first appearance.</summary>
    private static int[] Dense(ReadOnlySpan<int> labels, out int count)
    {
        var ids = new Dictionary<int, int>();
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!ids.TryGetValue(labels[i], out int id)) ids[labels[i]] = id = ids.Count;
            result[i] = id;
        }
        count = ids.Count;
        return result;
    }
}
