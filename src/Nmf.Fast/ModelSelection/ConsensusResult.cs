// The consensus clustering of one rank: its runs, consensus matrix, tree, cophenetic correlation, dispersion and labels.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>What <see cref="ConsensusClustering.Fit{T}(Matrix{T}, NmfOptions, ClusterAxis, IProgress{NmfProgress}?, CancellationToken)"/> returns for one rank.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ConsensusResult<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal ConsensusResult(MultiRunResult<T> runs, ClusterAxis axis, int[][] runLabels, Matrix<double> consensus, Dendrogram tree,
        double cophenetic, double dispersion, int[] labels)
    {
        Runs = runs;
        Axis = axis;
        RunLabels = runLabels;
        Consensus = consensus;
        Tree = tree;
        CopheneticCorrelation = cophenetic;
        Dispersion = dispersion;
        Labels = labels;
    }

    /// <summary>The rank k of every run.</summary>
    public int Rank => Runs.Best.Options.Rank;

    /// <summary>The runs (best by objective, every seed and objective).</summary>
    public MultiRunResult<T> Runs { get; }

    /// <summary>Whether rows or columns of X were clustered.</summary>
    public ClusterAxis Axis { get; }

    /// <summary>The dominant-component labels of each run (<see cref="DominantComponents"/>), in run order.</summary>
    public IReadOnlyList<int[]> RunLabels { get; }

    /// <summary>The consensus matrix (items × items): the share of runs that put items i and j in one cluster.</summary>
    public Matrix<double> Consensus { get; }

    /// <summary>The average-linkage tree of 1 − <see cref="Consensus"/>; its <see cref="Dendrogram.LeafOrder"/> orders the heat map.</summary>
    public Dendrogram Tree { get; }

    /// <summary>Brunet et al.'s cophenetic correlation of the consensus matrix (1 = perfectly stable).</summary>
    public double CopheneticCorrelation { get; }

    /// <summary>Kim &amp; Park's dispersion coefficient of the consensus matrix (1 = perfectly stable).</summary>
    public double Dispersion { get; }

    /// <summary>The consensus clusters: <see cref="Tree"/> cut into min(k, items) clusters, labels numbered by first appearance.</summary>
    public IReadOnlyList<int> Labels { get; }
}
