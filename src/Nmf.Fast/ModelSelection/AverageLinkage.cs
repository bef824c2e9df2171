// UPGMA (average-linkage agglomerative clustering) of a distance matrix by the nearest-neighbour chain, O(n²) time.
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Average linkage (UPGMA, Sokal &amp; Michener 1958): repeatedly join the two clusters A, B with the smallest mean
/// distance d(A, B) = Σ_{i∈A, j∈B} d(i, j) / (|A|·|B|); after a join, the distance of A ∪ B to any C is the
/// size-weighted mean (|A|·d(A, C) + |B|·d(B, C)) / (|A| + |B|) (Lance &amp; Williams 1967). Average linkage is
/// reducible (a join never brings the new cluster closer to a third than its parts were), so the nearest-neighbour
/// chain (Murtagh 1983) finds the same joins in O(n²) time instead of O(n³): follow nearest neighbours from any
/// cluster until two are each other's nearest and join them; the rest of the chain stays valid. Memory: the n(n−1)/2
/// upper triangle, in double.
/// </summary>
public static class AverageLinkage
{
    /// <summary>The average-linkage tree of the n×n distances (only the upper triangle i &lt; j is read).</summary>
    /// <param name="distances">Symmetric, non-negative, finite distances; n ≥ 1.</param>
    /// <exception cref="ArgumentException">The matrix is not square, empty, or has a negative, NaN or infinite entry above the diagonal.</exception>
    public static Dendrogram Cluster(ReadOnlyMatrixSpan<double> distances)
    {
        int n = distances.Rows;
        if (n != distances.Cols || n == 0) throw new ArgumentException($"The distances must be a non-empty square matrix, got {distances.Rows}×{distances.Cols}.", nameof(distances));
        var d = new double[(long)n * (n - 1) / 2];
        for (int i = 0; i < n; i++)
        {
            var row = distances.Row(i);
            for (int j = i + 1; j < n; j++)
            {
                double value = row[j];
                if (!(value >= 0) || double.IsPositiveInfinity(value))
                    throw new ArgumentException($"Distances must be finite and non-negative; [{i}, {j}] is {value}.", nameof(distances));
                d[Index(n, i, j)] = value;
            }
        }

        var size = new int[n];
        var active = new bool[n];
        Array.Fill(size, 1);
        Array.Fill(active, true);
        var chain = new int[n];
        int top = 0;
        var joins = new (int A, int B, double Height)[Math.Max(0, n - 1)];
        for (int step = 0; step < n - 1; step++)
        {
            if (top == 0) chain[top++] = Array.IndexOf(active, true);
            int a, b;
            double height;
            while (true)
            {
                a = chain[top - 1];
                int previous = top >= 2 ? chain[top - 2] : -1;
                // Nearest active neighbour of a; a tie keeps the previous chain element, which stops cycles.
                int nearest = previous;
                double nearestDistance = previous >= 0 ? d[Index(n, a, previous)] : double.PositiveInfinity;
                for (int c = 0; c < n; c++)
                {
                    if (!active[c] || c == a) continue;
                    double dc = d[Index(n, a, c)];
                    if (dc < nearestDistance)
                    {
                        nearestDistance = dc;
                        nearest = c;
                    }
                }
                if (nearest == previous)
                {
                    b = previous;
                    height = nearestDistance;
                    break;
                }
                chain[top++] = nearest;
            }
            top -= 2;

            // Join into the lower slot; Lance–Williams update of its distances to the other active clusters.
            int low = Math.Min(a, b), high = Math.Max(a, b);
            joins[step] = (low, high, height);
            double wLow = size[low], wHigh = size[high], total = wLow + wHigh;
            active[high] = false;
            for (int c = 0; c < n; c++)
            {
                if (!active[c] || c == low) continue;
                long lc = Index(n, low, c);
                d[lc] = (wLow * d[lc] + wHigh * d[Index(n, high, c)]) / total;
            }
            size[low] += size[high];
        }
        return new Dendrogram(n, Relabel(n, joins));
    }

    /// <summary>
    /// The chain finds joins out of height order; sorted by height (stably) and renamed by union–find over the slots,
    /// they become SciPy-style merges where merge s creates cluster n + s.
    /// </summary>
    private static DendrogramMerge[] Relabel(int n, (int A, int B, double Height)[] joins)
    {
        var order = new int[joins.Length];
        for (int s = 0; s < order.Length; s++) order[s] = s;
        Array.Sort(order, (x, y) => joins[x].Height != joins[y].Height ? joins[x].Height.CompareTo(joins[y].Height) : x.CompareTo(y));

        var parent = new int[n];
        var clusterOfRoot = new int[n];
        var sizeOfRoot = new int[n];
        for (int i = 0; i < n; i++)
        {
            parent[i] = i;
            clusterOfRoot[i] = i;
            sizeOfRoot[i] = 1;
        }
        var merges = new DendrogramMerge[joins.Length];
        for (int s = 0; s < order.Length; s++)
        {
            var join = joins[order[s]];
            int ra = Dendrogram.Find(parent, join.A), rb = Dendrogram.Find(parent, join.B);
            int ca = clusterOfRoot[ra], cb = clusterOfRoot[rb];
            int size = sizeOfRoot[ra] + sizeOfRoot[rb];
            merges[s] = new DendrogramMerge(Math.Min(ca, cb), Math.Max(ca, cb), join.Height, size);
            int root = Math.Min(ra, rb);
            parent[Math.Max(ra, rb)] = root;
            clusterOfRoot[root] = n + s;
            sizeOfRoot[root] = size;
        }
        return merges;
    }

    /// <summary>Position of (i, j), i ≠ j, in the row-major upper triangle without the diagonal.</summary>
    private static long Index(int n, int i, int j)
    {
        if (i > j) (i, j) = (j, i);
        return (long)i * n - (long)i * (i + 1) / 2 + (j - i - 1);
    }
}
