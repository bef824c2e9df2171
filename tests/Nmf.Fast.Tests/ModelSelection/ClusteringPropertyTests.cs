// Properties of the clustering scores on random labellings: ARI symmetry and relabelling invariance; a repeated labelling is perfectly stable.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.ModelSelection;

namespace Nmf.Fast.Tests.ModelSelection;

public class ClusteringPropertyTests
{
    private static Gen<(int[] A, int[] B, int Seed)> Labellings =>
        from n in Gen.Choose(1, 40)
        from k in Gen.Choose(1, 6)
        from seed in Gen.Choose(0, 1_000_000)
        select (Random(n, k, seed), Random(n, k, seed + 1), seed);

    private static int[] Random(int n, int k, int seed)
    {
        var random = new System.Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => random.Next(k))];
    }

    [Property(MaxTest = 100)]
    public Property AdjustedRandIndex_IsSymmetric_RelabellingInvariant_AndOneOnItself() =>
        Prop.ForAll(Labellings.ToArbitrary(), c =>
        {
            double ab = AdjustedRandIndex.Compute(c.A, c.B);
            Assert.Equal(ab, AdjustedRandIndex.Compute(c.B, c.A), 12);
            var renamed = c.B.Select(l => 100 - 7 * l).ToArray();
            Assert.Equal(ab, AdjustedRandIndex.Compute(c.A, renamed), 12);
            Assert.Equal(1.0, AdjustedRandIndex.Compute(c.A, c.A), 12);
            Assert.True(ab <= 1 + 1e-12 && double.IsFinite(ab));
        });

    [Property(MaxTest = 60)]
    public Property RepeatedLabelling_IsPerfectlyStable_AndTheTreeCutGivesItBack() =>
        Prop.ForAll(Labellings.ToArbitrary(), c =>
        {
            var consensus = ConsensusMatrix.FromLabels([c.A, c.A.Select(l => l + 3).ToArray(), c.A]);
            Assert.Equal(1.0, ConsensusMatrix.Dispersion(consensus), 12);
            if (c.A.Length >= 2)
            {
                Assert.Equal(1.0, ConsensusMatrix.CopheneticCorrelation(consensus, out var tree), 12);
                int clusters = c.A.Distinct().Count();
                Assert.Equal(1.0, AdjustedRandIndex.Compute(c.A, tree.Cut(clusters)), 12);
            }
        });

    [Property(MaxTest = 60)]
    public Property Consensus_IsSymmetric_WithUnitDiagonal_AndEntriesInZeroOne() =>
        Prop.ForAll(Labellings.ToArbitrary(), c =>
        {
            var consensus = ConsensusMatrix.FromLabels([c.A, c.B]);
            int n = c.A.Length;
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(1.0, consensus[i, i]);
                for (int j = 0; j < n; j++)
                {
                    Assert.Equal(consensus[i, j], consensus[j, i]);
                    Assert.Contains(consensus[i, j], new[] { 0.0, 0.5, 1.0 });
                }
            }
            double dispersion = ConsensusMatrix.Dispersion(consensus);
            Assert.InRange(dispersion, 0.0, 1.0);
        });
}
