// A hierarchical clustering as n − 1 merges: leaf order, cuts into k clusters, cophenetic distances and correlation.
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// The result of <see cref="AverageLinkage.Cluster(ReadOnlyMatrixSpan{double})"/>: n − 1 merges in order of height
/// (SciPy's linkage-matrix convention, see <see cref="DendrogramMerge"/>).
/// </summary>
public sealed class Dendrogram
{
    private readonly DendrogramMerge[] _merges;

    internal Dendrogram(int items, DendrogramMerge[] merges)
    {
        Items = items;
        _merges = merges;
        LeafOrder = ComputeLeafOrder();
    }

    /// <summary>n, the number of items clustered.</summary>
    public int Items { get; }

    /// <summary>The n − 1 merges, by non-decreasing height.</summary>
    public IReadOnlyList<DendrogramMerge> Merges => _merges;

    /// <summary>The items in dendrogram order (left subtree before right): the row and column order that shows the clusters as diagonal blocks.</summary>
    public IReadOnlyList<int> LeafOrder { get; }

    /// <summary>Labels 0..k−1 (numbered by first appearance in item order) from cutting the tree into <paramref name="clusters"/> clusters, i.e. undoing its last k − 1 merges.</summary>
    /// <param name="clusters">k, between 1 and n.</param>
    /// <exception cref="ArgumentOutOfRangeException">k is outside [1, n].</exception>
    public int[] Cut(int clusters)
    {
        if (clusters < 1 || clusters > Items) throw new ArgumentOutOfRangeException(nameof(clusters), clusters, $"The number of clusters must be between 1 and {Items}.");
        var parent = new int[Items];
        for (int i = 0; i < Items; i++) parent[i] = i;
        var representative = Representatives();
        for (int s = 0; s < Items - clusters; s++)
        {
            int a = Find(parent, representative[_merges[s].Left]), b = Find(parent, representative[_merges[s].Right]);
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }
        var labels = new int[Items];
        var labelOfRoot = new Dictionary<int, int>();
        for (int i = 0; i < Items; i++)
        {
            int root = Find(parent, i);
            if (!labelOfRoot.TryGetValue(root, out int label)) labelOfRoot[root] = label = labelOfRoot.Count;
            labels[i] = label;
        }
        return labels;
    }

    /// <summary>The cophenetic distance of every pair (n×n, zero diagonal): the height of the merge that first puts i and j in one cluster.</summary>
    public Matrix<double> CopheneticDistances()
    {
        var result = new Matrix<double>(Items, Items);
        var writer = new CopheneticWriter(result);
        ForEachCrossPair(ref writer);
        return result;
    }

    /// <summary>
    /// The cophenetic correlation coefficient (Sokal &amp; Rohlf 1962): the Pearson correlation, over all pairs i &lt; j, of
    /// <paramref name="distances"/>[i, j] and the cophenetic distance of i and j. 1 when the tree reproduces the
    /// distances exactly (also when all distances are equal); computed in O(n²) without storing the cophenetic matrix.
    /// </summary>
    /// <param name="distances">The n×n distances the tree was built from (only i &lt; j is read).</param>
    /// <exception cref="ArgumentException">The matrix is not n×n or there are fewer than two items.</exception>
    public double CopheneticCorrelation(ReadOnlyMatrixSpan<double> distances)
    {
        if (distances.Rows != Items || distances.Cols != Items)
            throw new ArgumentException($"The distances are {distances.Rows}×{distances.Cols} but the tree has {Items} items.", nameof(distances));
        if (Items < 2) throw new ArgumentException("The cophenetic correlation needs at least two items.", nameof(distances));
        long pairs = (long)Items * (Items - 1) / 2;
        double sumD = 0;
        for (int i = 0; i < Items; i++)
        {
            var row = distances.Row(i);
            for (int j = i + 1; j < Items; j++) sumD += row[j];
        }
        double sumC = 0;
        foreach (var merge in _merges) sumC += merge.Height * SizeOf(merge.Left) * (double)SizeOf(merge.Right);
        double meanD = sumD / pairs, meanC = sumC / pairs;

        // Second pass, centred (two-pass sums keep a near-perfect correlation from cancelling to noise).
        var sums = new CentredSums(distances, meanD, meanC);
        ForEachCrossPair(ref sums);
        double sdd = sums.Sdd, scc = sums.Scc, sdc = sums.Sdc;
        if (sdd == 0 || scc == 0) return sdd == 0 && scc == 0 ? 1.0 : 0.0;
        return Math.Clamp(sdc / Math.Sqrt(sdd * scc), -1.0, 1.0);
    }

    /// <summary>Calls <paramref name="visitor"/> once for every pair of items, with the height of the merge that joins them.</summary>
    private void ForEachCrossPair<TVisitor>(ref TVisitor visitor) where TVisitor : IPairVisitor, allows ref struct
    {
        // Members of each cluster as a linked list over the items: head/tail per cluster id, next per item.
        int clusters = 2 * Items - 1;
        var head = new int[clusters];
        var tail = new int[clusters];
        var next = new int[Items];
        for (int i = 0; i < Items; i++)
        {
            head[i] = tail[i] = i;
            next[i] = -1;
        }
        for (int s = 0; s < _merges.Length; s++)
        {
            var merge = _merges[s];
            for (int i = head[merge.Left]; i >= 0; i = next[i])
                for (int j = head[merge.Right]; j >= 0; j = next[j])
                    visitor.Visit(i, j, merge.Height);
            next[tail[merge.Left]] = head[merge.Right];
            head[Items + s] = head[merge.Left];
            tail[Items + s] = tail[merge.Right];
        }
    }

    private int SizeOf(int cluster) => cluster < Items ? 1 : _merges[cluster - Items].Size;

    /// <summary>An item of each cluster id (its first leaf), so union–find over items can replay the merges.</summary>
    private int[] Representatives()
    {
        var representative = new int[2 * Items - 1];
        for (int i = 0; i < Items; i++) representative[i] = i;
        for (int s = 0; s < _merges.Length; s++) representative[Items + s] = representative[_merges[s].Left];
        return representative;
    }

    private int[] ComputeLeafOrder()
    {
        if (Items == 1) return [0];
        var order = new int[Items];
        int count = 0;
        var stack = new Stack<int>();
        stack.Push(2 * Items - 2);
        while (stack.Count > 0)
        {
            int cluster = stack.Pop();
            if (cluster < Items)
            {
                order[count++] = cluster;
                continue;
            }
            var merge = _merges[cluster - Items];
            stack.Push(merge.Right); // popped after the whole left subtree
            stack.Push(merge.Left);
        }
        return order;
    }

    /// <summary>Receives (i, j, cophenetic distance) for each pair.</summary>
    private interface IPairVisitor
    {
        void Visit(int i, int j, double height);
    }

    private readonly struct CopheneticWriter(Matrix<double> result) : IPairVisitor
    {
        public void Visit(int i, int j, double height)
        {
            result[i, j] = height;
            result[j, i] = height;
        }
    }

    /// <summary>Σ(d − d̄)², Σ(c − c̄)² and Σ(d − d̄)(c − c̄) over the pairs.</summary>
    private ref struct CentredSums(ReadOnlyMatrixSpan<double> distances, double meanD, double meanC) : IPairVisitor
    {
        private readonly ReadOnlyMatrixSpan<double> _distances = distances;
        public double Sdd;
        public double Scc;
        public double Sdc;

        public void Visit(int i, int j, double height)
        {
            double d = _distances[Math.Min(i, j), Math.Max(i, j)] - meanD, c = height - meanC;
            Sdd += d * d;
            Scc += c * c;
            Sdc += d * c;
        }
    }

    internal static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
