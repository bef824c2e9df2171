// Consensus clustering on planted block clusters: labels recovered (ARI ≥ 0.9), cophenetic correlation drops after k0; the scores' edge cases.
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;

namespace Nmf.Fast.Tests.ModelSelection;

public class ConsensusTests
{
    private static NmfOptions Options(int rank, int runs = 12) => new()
    {
        Rank = rank, Runs = runs, Seed = 3, Solver = NmfSolver.Hals, MaxIterations = 150,
    };

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Consensus_RecoversPlantedClusters_AndCopheneticDropsAfterK0(int k0)
    {
        var (x, planted) = PlantedClusters.Generate(k0, itemsPerCluster: 10, featuresPerBlock: 6, noise: 0.4, seed: 100 + k0);
        var survey = ConsensusClustering.Survey(x, Options(k0), [k0, k0 + 1]);
        var atK0 = survey[0];
        double ari = AdjustedRandIndex.Compute(planted, atK0.Labels.ToArray());
        Assert.True(ari >= 0.9, $"k0 = {k0}: ARI {ari}");
        Assert.True(atK0.CopheneticCorrelation > survey[1].CopheneticCorrelation,
            $"k0 = {k0}: cophenetic {atK0.CopheneticCorrelation} at k0, {survey[1].CopheneticCorrelation} at k0 + 1");
        Assert.True(atK0.Dispersion > survey[1].Dispersion, $"k0 = {k0}: dispersion {atK0.Dispersion} then {survey[1].Dispersion}");
        Assert.Equal(k0, ConsensusClustering.SuggestRank(survey));
    }

    [Fact]
    public void Consensus_BrunetOrientation_KullbackLeiblerMu_ClustersTheColumns()
    {
        var (x, planted) = PlantedClusters.Generate(3, itemsPerCluster: 10, featuresPerBlock: 8, noise: 0.3, seed: 7, itemsAsColumns: true);
        var options = Options(3, runs: 10) with { Beta = NmfLoss.KullbackLeibler, Solver = NmfSolver.MultiplicativeUpdate, MaxIterations = 300 };
        var result = ConsensusClustering.Fit(x, options, ClusterAxis.Columns);
        Assert.Equal(30, result.Consensus.Rows);
        Assert.True(AdjustedRandIndex.Compute(planted, result.Labels.ToArray()) >= 0.9);
        Assert.True(result.CopheneticCorrelation > 0.95, $"cophenetic {result.CopheneticCorrelation}");
        Assert.Equal(NmfSolver.MultiplicativeUpdate, result.Runs.Best.Solver);
    }

    [Fact]
    public void Consensus_SparseInput_GivesTheSameAsDense()
    {
        var (x, _) = PlantedClusters.Generate(3, itemsPerCluster: 6, featuresPerBlock: 4, noise: 0, seed: 9);
        var dense = ConsensusClustering.Fit(x, Options(3, runs: 4));
        var sparse = ConsensusClustering.Fit(CsrMatrix<double>.FromDense(x.AsReadOnlyMatrixSpan()), Options(3, runs: 4));
        Assert.Equal(dense.Labels, sparse.Labels);
        Assert.Equal(dense.CopheneticCorrelation, sparse.CopheneticCorrelation, 12);
    }

    [Fact]
    public void Consensus_IsTheSameWhateverTheThreadCount()
    {
        var (x, _) = PlantedClusters.Generate(3, itemsPerCluster: 8, featuresPerBlock: 5, noise: 0.5, seed: 4);
        var one = ConsensusClustering.Fit(x, Options(4, runs: 6) with { MaxDegreeOfParallelism = 1 });
        var all = ConsensusClustering.Fit(x, Options(4, runs: 6));
        Assert.Equal(one.Consensus.AsSpan().ToArray(), all.Consensus.AsSpan().ToArray());
        Assert.Equal(one.CopheneticCorrelation, all.CopheneticCorrelation);
    }

    [Fact]
    public void Connectivity_And_Consensus_FollowTheirDefinitions()
    {
        int[] a = [0, 0, 1, 2], b = [5, 5, 5, 1];
        var connectivity = ConsensusMatrix.Connectivity(a);
        Assert.Equal(1.0, connectivity[0, 1]);
        Assert.Equal(0.0, connectivity[1, 2]);
        Assert.Equal(1.0, connectivity[3, 3]);
        var consensus = ConsensusMatrix.FromLabels([a, b]);
        Assert.Equal(1.0, consensus[0, 1]);
        Assert.Equal(0.5, consensus[0, 2]);
        Assert.Equal(0.5, consensus[2, 0]);
        Assert.Equal(0.0, consensus[2, 3]);
        Assert.Throws<ArgumentException>(() => ConsensusMatrix.FromLabels([a, [1, 2]]));
    }

    [Fact]
    public void StableConsensus_ScoresOne_AndHalfConsensus_ScoresLow()
    {
        var stable = ConsensusMatrix.FromLabels([[0, 0, 1, 1, 2], [1, 1, 0, 0, 2]]);
        Assert.Equal(1.0, ConsensusMatrix.Dispersion(stable), 12);
        Assert.Equal(1.0, ConsensusMatrix.CopheneticCorrelation(stable, out var tree), 12);
        Assert.Equal(new[] { 0, 0, 1, 1, 2 }, tree.Cut(3));

        var halves = new Matrix<double>(4, 4);
        halves.AsSpan().Fill(0.5);
        for (int i = 0; i < 4; i++) halves[i, i] = 1;
        Assert.Equal(0.25, ConsensusMatrix.Dispersion(halves), 12); // only the diagonal is decided
        Assert.Equal(1.0, ConsensusMatrix.CopheneticCorrelation(halves, out _), 12); // constant distances are reproduced exactly
    }

    [Fact]
    public void AdjustedRandIndex_MatchesScikitLearn_AndIgnoresLabelNames()
    {
        // sklearn.metrics.adjusted_rand_score([0,0,1,1,2,2,2], [1,1,0,0,0,2,2]) = 0.475
        Assert.Equal(0.475, AdjustedRandIndex.Compute([0, 0, 1, 1, 2, 2, 2], [1, 1, 0, 0, 0, 2, 2]), 12);
        Assert.Equal(1.0, AdjustedRandIndex.Compute([0, 0, 1, 2], [7, 7, 3, 9]), 12);
        Assert.Equal(1.0, AdjustedRandIndex.Compute([0, 0, 0], [1, 1, 1]));
        Assert.True(AdjustedRandIndex.Compute([0, 0, 1, 1], [0, 1, 0, 1]) < 0);
        Assert.Throws<ArgumentException>(() => AdjustedRandIndex.Compute([0, 1], [0]));
    }

    [Fact]
    public void DominantComponents_IgnoreHowTheScaleIsSplitBetweenWAndH()
    {
        var w = Matrix<double>.FromArray(new double[,] { { 1, 1 }, { 3, 1 } });
        var h = Matrix<double>.FromArray(new double[,] { { 1, 1, 0 }, { 0, 3, 9 } });
        Assert.Equal(new[] { 1, 1 }, DominantComponents.Labels<double>(w, h, ClusterAxis.Rows)); // 1·2 < 1·12; 3·2 < 1·12
        Assert.Equal(new[] { 0, 1, 1 }, DominantComponents.Labels<double>(w, h, ClusterAxis.Columns)); // ‖w‖₁ = (4, 2)
        var scaledW = Matrix<double>.FromArray(new double[,] { { 10, 0.1 }, { 30, 0.1 } });
        var scaledH = Matrix<double>.FromArray(new double[,] { { 0.1, 0.1, 0 }, { 0, 30, 90 } });
        Assert.Equal(new[] { 1, 1 }, DominantComponents.Labels<double>(scaledW, scaledH, ClusterAxis.Rows));
        Assert.Equal(new[] { 0, 1, 1 }, DominantComponents.Labels<double>(scaledW, scaledH, ClusterAxis.Columns));
    }

    [Fact]
    public void Consensus_RejectsOneRun_TooFewItems_AndTooManyItems()
    {
        var x = new Matrix<double>(1, 5);
        x.AsSpan().Fill(1);
        Assert.Throws<ArgumentException>(() => ConsensusClustering.Fit(x, Options(2, runs: 1)));
        Assert.Throws<ArgumentException>(() => ConsensusClustering.Fit(x, Options(2, runs: 3), ClusterAxis.Rows));
        var tall = new Matrix<double>(50_000, 2);
        var e = Assert.Throws<ArgumentException>(() => ConsensusClustering.Fit(tall, Options(2, runs: 3)));
        Assert.Contains("50000×50000", e.Message, StringComparison.Ordinal);
    }
}
