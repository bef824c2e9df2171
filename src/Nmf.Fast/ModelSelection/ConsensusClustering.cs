// Consensus clustering of one rank (Brunet et al. 2004): many runs, their dominant-component labels, the consensus and its scores.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Runs <see cref="NmfOptions.Runs"/> seeded fits of rank <see cref="NmfOptions.Rank"/> (as
/// <see cref="NonNegativeMatrixFactorization.FitRuns{T}(Matrix{T}, NmfOptions, bool, IProgress{NmfProgress}?, CancellationToken)"/>), labels the
/// rows or columns of X by their dominant component in each run, and summarises the runs by the consensus matrix,
/// its average-linkage tree, cophenetic correlation and dispersion. Brunet et al. used the Kullback–Leibler loss with
/// multiplicative updates (<c>Beta = NmfLoss.KullbackLeibler</c>, <c>Solver = NmfSolver.MultiplicativeUpdate</c>) on
/// genes × samples data, clustering the columns (<see cref="ClusterAxis.Columns"/>). Memory: an items × items matrix
/// of double, so this is for up to a few thousand items.
/// </summary>
public static class ConsensusClustering
{
    /// <summary>The consensus clustering of a dense X at rank <c>options.Rank</c> over <c>options.Runs</c> runs.</summary>
    /// <param name="x">The data, m×n, non-negative and finite.</param>
    /// <param name="options">The options of every run; Runs ≥ 2 is the number of runs (Brunet et al. used 50).</param>
    /// <param name="axis">Cluster the rows (default) or the columns of X.</param>
    /// <param name="progress">Receives the runs' progress as from <see cref="NonNegativeMatrixFactorization.FitRuns{T}(Matrix{T}, NmfOptions, bool, IProgress{NmfProgress}?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Stops every fit between iterations.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">X or the options are invalid, Runs &lt; 2, or there are fewer than two items to cluster.</exception>
    public static ConsensusResult<T> Fit<T>(Matrix<T> x, NmfOptions options, ClusterAxis axis = ClusterAxis.Rows, IProgress<NmfProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        Check(options, axis, x.Rows, x.Cols);
        var labels = new int[options.Runs][];
        var runs = NonNegativeMatrixFactorization.FitRuns(x.AsReadOnlyMatrixSpan(), options, keepAllRuns: false,
            (run, result) => labels[run] = DominantComponents.Labels(result, axis), forceConcurrent: null, cancellationToken, progress);
        return Summarise(runs, axis, labels);
    }

    /// <summary>The consensus clustering of a sparse (CSR) X; see the dense overload.</summary>
    /// <inheritdoc cref="Fit{T}(Matrix{T}, NmfOptions, ClusterAxis, IProgress{NmfProgress}?, CancellationToken)"/>
    public static ConsensusResult<T> Fit<T>(CsrMatrix<T> x, NmfOptions options, ClusterAxis axis = ClusterAxis.Rows, IProgress<NmfProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        Check(options, axis, x.Rows, x.Cols);
        var labels = new int[options.Runs][];
        var runs = NonNegativeMatrixFactorization.FitRuns(x, options, keepAllRuns: false,
            (run, result) => labels[run] = DominantComponents.Labels(result, axis), forceConcurrent: null, cancellationToken, progress);
        return Summarise(runs, axis, labels);
    }

    /// <summary>
    /// Consensus clusterings of X for each rank in <paramref name="ranks"/> (a rank survey): the rank where the
    /// cophenetic correlation begins to fall is Brunet et al.'s choice (see <see cref="SuggestRank{T}"/>).
    /// </summary>
    /// <param name="x">The data, m×n, non-negative and finite.</param>
    /// <param name="options">The options of every run; its Rank is replaced by each surveyed rank.</param>
    /// <param name="ranks">The ranks to survey, each ≥ 1.</param>
    /// <param name="axis">Cluster the rows (default) or the columns of X.</param>
    /// <param name="cancellationToken">Stops every fit between iterations.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static IReadOnlyList<ConsensusResult<T>> Survey<T>(Matrix<T> x, NmfOptions options, IEnumerable<int> ranks,
        ClusterAxis axis = ClusterAxis.Rows, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ranks);
        return [.. ranks.Select(rank => Fit(x, options with { Rank = rank }, axis, progress: null, cancellationToken))];
    }

    /// <summary>
    /// Brunet et al.'s reading of a survey, "the value of k where the cophenetic correlation begins to fall": the first
    /// surveyed rank whose successor's correlation is lower (by more than <see cref="FallTolerance"/>); the last rank
    /// when it never falls (every surveyed rank is stable, so the survey should go higher).
    /// </summary>
    /// <param name="survey">Results in increasing rank order.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">The survey is empty.</exception>
    public static int SuggestRank<T>(IReadOnlyList<ConsensusResult<T>> survey) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(survey);
        if (survey.Count == 0) throw new ArgumentException("The survey is empty.", nameof(survey));
        for (int i = 0; i + 1 < survey.Count; i++)
            if (survey[i + 1].CopheneticCorrelation < survey[i].CopheneticCorrelation - FallTolerance) return survey[i].Rank;
        return survey[^1].Rank;
    }

    /// <summary>
    /// A fall smaller than this is rounding, not instability: a 0/1 consensus gives a correlation of 1 within about
    /// 1e-15, and one item changing cluster in one of 30 runs already lowers it by more than 1e-5.
    /// </summary>
    public const double FallTolerance = 1e-6;

    private static void Check(NmfOptions options, ClusterAxis axis, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(axis)) throw new ArgumentOutOfRangeException(nameof(axis), axis, "Unknown axis.");
        if (options.Runs < 2) throw new ArgumentException($"A consensus needs at least 2 runs, got Runs = {options.Runs}.", nameof(options));
        int items = axis == ClusterAxis.Rows ? rows : cols;
        if (items < 2) throw new ArgumentException($"Clustering the {(axis == ClusterAxis.Rows ? "rows" : "columns")} needs at least 2 of them, X is {rows}×{cols}.", nameof(axis));
        if ((long)items * items > Array.MaxLength)
            throw new ArgumentException($"The consensus matrix of {items} {(axis == ClusterAxis.Rows ? "rows" : "columns")} ({items}×{items}) is too large to hold; cluster fewer items.", nameof(axis));
    }

    private static ConsensusResult<T> Summarise<T>(MultiRunResult<T> runs, ClusterAxis axis, int[][] labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var consensus = ConsensusMatrix.FromLabels(labels);
        double cophenetic = ConsensusMatrix.CopheneticCorrelation(consensus, out var tree);
        double dispersion = ConsensusMatrix.Dispersion(consensus);
        var clusters = tree.Cut(Math.Min(runs.Best.Options.Rank, tree.Items));
        return new ConsensusResult<T>(runs, axis, labels, consensus, tree, cophenetic, dispersion, clusters);
    }
}
