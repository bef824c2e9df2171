// AverageLinkage (NN-chain UPGMA) and Dendrogram against the definition and against SciPy's linkage/cophenet.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;

namespace Nmf.Fast.Tests.ModelSelection;

public class AverageLinkageTests
{
    private static Matrix<double> RandomDistances(int n, int seed, bool coarse)
    {
        var random = new System.Random(seed);
        var d = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                d[i, j] = d[j, i] = coarse ? random.Next(0, 4) / 4.0 : random.NextDouble();
        return d;
    }

    [Property(MaxTest = 60)]
    public Property Cluster_MatchesTheDefinition_HeightsAndCopheneticCorrelation() =>
        Prop.ForAll(
            (from n in Gen.Choose(2, 18)
             from seed in Gen.Choose(0, 1_000_000)
             select (n, seed)).ToArbitrary(),
            c =>
            {
                var d = RandomDistances(c.n, c.seed, coarse: false);
                var tree = AverageLinkage.Cluster(d);
                var (heights, cophenetic) = NaiveAverageLinkage.Cluster(d);
                Assert.Equal(c.n - 1, tree.Merges.Count);
                var ours = tree.Merges.Select(m => m.Height).ToArray();
                var expected = heights.Order().ToArray();
                for (int s = 0; s < ours.Length; s++) Assert.Equal(expected[s], ours[s], 1e-12);
                var coph = tree.CopheneticDistances();
                var pairsD = new List<double>();
                var pairsC = new List<double>();
                for (int i = 0; i < c.n; i++)
                    for (int j = i + 1; j < c.n; j++)
                    {
                        Assert.Equal(cophenetic[i, j], coph[i, j], 1e-12);
                        pairsD.Add(d[i, j]);
                        pairsC.Add(cophenetic[i, j]);
                    }
                if (c.n > 2) Assert.Equal(NaiveAverageLinkage.Pearson(pairsD, pairsC), tree.CopheneticCorrelation(d), 1e-10);
                Assert.Equal(Enumerable.Range(0, c.n), tree.LeafOrder.Order());
                Assert.Equal(c.n, tree.Merges[^1].Size);
            });

    [Property(MaxTest = 60)]
    public Property Cluster_WithManyTiedDistances_StillGivesAValidTree() =>
        Prop.ForAll(
            (from n in Gen.Choose(1, 25)
             from seed in Gen.Choose(0, 1_000_000)
             select (n, seed)).ToArbitrary(),
            c =>
            {
                var d = RandomDistances(c.n, c.seed, coarse: true);
                var tree = AverageLinkage.Cluster(d);
                Assert.Equal(Enumerable.Range(0, c.n), tree.LeafOrder.Order());
                for (int s = 1; s < tree.Merges.Count; s++) Assert.True(tree.Merges[s - 1].Height <= tree.Merges[s].Height);
                for (int k = 1; k <= c.n; k++) Assert.Equal(k, tree.Cut(k).Distinct().Count());
                if (c.n >= 2)
                {
                    double r = tree.CopheneticCorrelation(d);
                    Assert.True(r >= -1 && r <= 1 && double.IsFinite(r));
                }
            });

    [Fact]
    public void Cluster_MatchesScipyLinkageAndCophenet()
    {
        // scipy.cluster.hierarchy.linkage(squareform(D), 'average'), cophenet(Z, squareform(D)), leaves_list(Z) for
        // D = np.round(distances of np.random.RandomState(3).rand(7, 2), 6).
        double[,] values =
        {
            { 0, 0.326312, 0.390467, 0.657048, 0.566393, 0.578376, 0.440772 },
            { 0.326312, 0, 0.71487, 0.345679, 0.249465, 0.266554, 0.426986 },
            { 0.390467, 0.71487, 0, 1.031326, 0.956845, 0.968512, 0.664172 },
            { 0.657048, 0.345679, 1.031326, 0, 0.245045, 0.267312, 0.528384 },
            { 0.566393, 0.249465, 0.956845, 0.245045, 0, 0.026887, 0.619327 },
            { 0.578376, 0.266554, 0.968512, 0.267312, 0.026887, 0, 0.644438 },
            { 0.440772, 0.426986, 0.664172, 0.528384, 0.619327, 0.644438, 0 },
        };
        var d = Matrix<double>.FromArray(values);
        var tree = AverageLinkage.Cluster(d);
        DendrogramMerge[] scipy =
        [
            new(4, 5, 0.026887, 2), new(3, 7, 0.2561785, 3), new(1, 8, 0.2872326666666667, 4),
            new(0, 2, 0.390467, 2), new(6, 10, 0.552472, 3), new(9, 11, 0.66823475, 7),
        ];
        for (int s = 0; s < scipy.Length; s++)
        {
            Assert.Equal(scipy[s].Left, tree.Merges[s].Left);
            Assert.Equal(scipy[s].Right, tree.Merges[s].Right);
            Assert.Equal(scipy[s].Height, tree.Merges[s].Height, 12);
            Assert.Equal(scipy[s].Size, tree.Merges[s].Size);
        }
        Assert.Equal(0.7738971716268586, tree.CopheneticCorrelation(d), 12);
        Assert.Equal(new[] { 1, 3, 4, 5, 6, 0, 2 }, tree.LeafOrder);
        Assert.Equal(new[] { 0, 1, 0, 1, 1, 1, 2 }, tree.Cut(3));
    }

    [Fact]
    public void Cluster_RejectsNonSquareAndNegativeDistances()
    {
        Assert.Throws<ArgumentException>(() => AverageLinkage.Cluster(new Matrix<double>(2, 3)));
        var d = new Matrix<double>(3, 3);
        d[0, 2] = -1;
        var e = Assert.Throws<ArgumentException>(() => AverageLinkage.Cluster(d));
        Assert.Contains("[0, 2]", e.Message, StringComparison.Ordinal);
        d[0, 2] = double.NaN;
        Assert.Throws<ArgumentException>(() => AverageLinkage.Cluster(d));
    }
}
