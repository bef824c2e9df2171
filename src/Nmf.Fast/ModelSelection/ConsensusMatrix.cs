// Connectivity of one clustering, the consensus of many, and the two stability scores of a consensus matrix.
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Brunet et al. (PNAS 2004, "Metagenes and molecular pattern discovery using matrix factorization"): the
/// connectivity matrix of one clustering has C[i,j] = 1 when items i and j share a cluster and 0 otherwise; the
/// consensus matrix is the mean connectivity over runs, the share of runs that put i and j together. A stable
/// clustering gives a consensus of 0s and 1s; its cophenetic correlation and Kim &amp; Park's dispersion are then 1.
/// </summary>
public static class ConsensusMatrix
{
    /// <summary>The n×n connectivity matrix of one labelling: 1 where labels[i] = labels[j], else 0.</summary>
    /// <param name="labels">A cluster label per item.</param>
    public static Matrix<double> Connectivity(ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        var result = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++)
        {
            var row = result.Row(i);
            for (int j = 0; j < n; j++) row[j] = labels[i] == labels[j] ? 1.0 : 0.0;
        }
        return result;
    }

    /// <summary>The n×n consensus matrix: the mean of the connectivity matrices of <paramref name="labelings"/>.</summary>
    /// <param name="labelings">At least one labelling, all of the same length n.</param>
    /// <exception cref="ArgumentException">No labelling, or labellings of different lengths.</exception>
    public static Matrix<double> FromLabels(IReadOnlyList<int[]> labelings)
    {
        ArgumentNullException.ThrowIfNull(labelings);
        if (labelings.Count == 0) throw new ArgumentException("The consensus needs at least one labelling.", nameof(labelings));
        int n = labelings[0].Length;
        var counts = new int[(long)n * n];
        for (int r = 0; r < labelings.Count; r++)
        {
            var labels = labelings[r] ?? throw new ArgumentException($"Labelling {r} is null.", nameof(labelings));
            if (labels.Length != n) throw new ArgumentException($"Labelling {r} has {labels.Length} labels but labelling 0 has {n}.", nameof(labelings));
            for (int i = 0; i < n; i++)
            {
                int li = labels[i];
                long offset = (long)i * n;
                for (int j = i; j < n; j++) counts[offset + j] += li == labels[j] ? 1 : 0;
            }
        }
        var consensus = new Matrix<double>(n, n);
        double runs = labelings.Count;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                consensus[i, j] = consensus[j, i] = counts[(long)i * n + j] / runs;
        return consensus;
    }

    /// <summary>
    /// Kim &amp; Park's dispersion coefficient ρ = (1/n²)·Σ_ij 4·(C_ij − ½)² (Bioinformatics 23(12):1495–1502, 2007):
    /// 1 for a consensus of 0s and 1s (a perfectly stable clustering), lower as entries drift towards ½.
    /// </summary>
    /// <param name="consensus">An n×n consensus matrix with entries in [0, 1].</param>
    /// <exception cref="ArgumentException">The matrix is not square or empty.</exception>
    public static double Dispersion(ReadOnlyMatrixSpan<double> consensus)
    {
        RequireSquare(consensus);
        int n = consensus.Rows;
        double sum = 0;
        for (int i = 0; i < n; i++)
            foreach (double c in consensus.Row(i)) sum += 4 * (c - 0.5) * (c - 0.5);
        return sum / ((double)n * n);
    }

    /// <summary>1 − consensus: the distance matrix the consensus tree is built from.</summary>
    /// <param name="consensus">An n×n consensus matrix with entries in [0, 1].</param>
    public static Matrix<double> Distances(ReadOnlyMatrixSpan<double> consensus)
    {
        RequireSquare(consensus);
        int n = consensus.Rows;
        var distances = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++)
        {
            var from = consensus.Row(i);
            var to = distances.Row(i);
            for (int j = 0; j < n; j++) to[j] = i == j ? 0.0 : Math.Clamp(1.0 - from[j], 0.0, 1.0);
        }
        return distances;
    }

    /// <summary>
    /// Brunet et al.'s cophenetic correlation of a consensus matrix: the average-linkage tree of the distances 1 − C and
    /// the Pearson correlation of its cophenetic distances with 1 − C (see <see cref="Dendrogram.CopheneticCorrelation"/>).
    /// </summary>
    /// <param name="consensus">An n×n consensus matrix, n ≥ 2.</param>
    /// <param name="tree">The average-linkage tree, for the leaf order and cuts.</param>
    /// <exception cref="ArgumentException">The matrix is not square or has fewer than two rows.</exception>
    public static double CopheneticCorrelation(ReadOnlyMatrixSpan<double> consensus, out Dendrogram tree)
    {
        var distances = Distances(consensus);
        tree = AverageLinkage.Cluster(distances);
        return tree.CopheneticCorrelation(distances);
    }

    private static void RequireSquare(ReadOnlyMatrixSpan<double> consensus)
    {
        if (consensus.Rows != consensus.Cols || consensus.Rows == 0)
            throw new ArgumentException($"A consensus matrix is square and non-empty, got {consensus.Rows}×{consensus.Cols}.", nameof(consensus));
    }
}
