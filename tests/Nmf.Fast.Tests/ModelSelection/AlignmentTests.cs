// Hungarian assignment against brute force, and Align on a permuted, rescaled copy of a model.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;
using Nmf.Fast.Tests.Solvers.Hals;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.ModelSelection;

public class AlignmentTests
{
    private static IEnumerable<int[]> Injections(int rows, int cols, int[] prefix)
    {
        if (prefix.Length == rows)
        {
            yield return prefix;
            yield break;
        }
        for (int j = 0; j < cols; j++)
            if (!prefix.Contains(j))
                foreach (var p in Injections(rows, cols, [.. prefix, j])) yield return p;
    }

    [Property(MaxTest = 150)]
    public Property Hungarian_FindsTheMinimumCost_OfBruteForce() =>
        Prop.ForAll(
            (from rows in Gen.Choose(0, 6)
             from cols in Gen.Choose(rows, 6)
             from seed in Gen.Choose(0, 1_000_000)
             from integers in Gen.Elements(false, true) // integer costs make many ties
             select (rows, cols, seed, integers)).ToArbitrary(),
            c =>
            {
                var random = new System.Random(c.seed);
                var cost = new double[c.rows * c.cols];
                for (int i = 0; i < cost.Length; i++) cost[i] = c.integers ? random.Next(-3, 4) : random.NextDouble() * 10 - 5;
                var assignment = new int[c.rows];
                HungarianAssignment.Solve(cost, c.rows, c.cols, assignment);
                Assert.Equal(c.rows, assignment.Distinct().Count());
                double found = Enumerable.Range(0, c.rows).Sum(i => cost[i * c.cols + assignment[i]]);
                double best = Injections(c.rows, c.cols, []).Min(p => Enumerable.Range(0, c.rows).Sum(i => cost[i * c.cols + p[i]]));
                Assert.Equal(best, found, 9);
            });

    [Property(MaxTest = 60)]
    public Property Align_PermutedRescaledCopy_GivesThePermutation_AndSimilarityOne() =>
        Prop.ForAll(
            (from k in Gen.Choose(1, 8)
             from n in Gen.Choose(2, 30)
             from seed in Gen.Choose(0, 1_000_000)
             select (k, n, seed)).ToArbitrary(),
            c =>
            {
                var random = new System.Random(c.seed);
                var h = TestData.Uniform(c.k, c.n, c.seed);
                var permutation = Enumerable.Range(0, c.k).ToArray();
                random.Shuffle(permutation);
                var copy = new Matrix<double>(c.k, c.n);
                for (int r = 0; r < c.k; r++)
                {
                    double scale = Math.Exp(random.NextDouble() * 8 - 4);
                    for (int j = 0; j < c.n; j++) copy[permutation[r], j] = h[r, j] * scale;
                }
                var options = new NmfOptions { Rank = c.k };
                var alignment = ModelAlignment.Align(new NmfModel<double>(h, options), new NmfModel<double>(copy, options));
                Assert.Equal(permutation, alignment.Permutation);
                Assert.All(alignment.Similarities, s => Assert.Equal(1.0, s, 12));
                Assert.Equal(1.0, alignment.MeanSimilarity, 12);
            });

    [Fact]
    public void Align_DifferentRanks_MatchesTheShorterSide_AndMarksTheRestUnmatched()
    {
        var h = TestData.Uniform(4, 10, 8);
        var two = new Matrix<double>(2, 10);
        for (int j = 0; j < 10; j++)
        {
            two[0, j] = 2 * h[3, j];
            two[1, j] = h[1, j];
        }
        var larger = ModelAlignment.Align<double>(h, two);
        Assert.Equal(new[] { -1, 1, -1, 0 }, larger.Permutation);
        Assert.Equal(0.0, larger.Similarities[0]);
        Assert.Equal(1.0, larger.MeanSimilarity, 12);
        var smaller = ModelAlignment.Align<double>(two, h);
        Assert.Equal(new[] { 3, 1 }, smaller.Permutation);
    }

    [Fact]
    public void Align_TwoRestartsOfAPlantedProblem_AgreeClosely()
    {
        var (x, _, _) = TestData.Planted(40, 30, 3, 4);
        var runs = NonNegativeMatrixFactorization.FitRuns(x, new NmfOptions { Rank = 3, Runs = 2, Seed = 1, MaxIterations = 400, Tolerance = 1e-8 }, keepAllRuns: true);
        var alignment = ModelAlignment.Align(runs.AllRuns![0], runs.AllRuns[1]);
        Assert.True(alignment.MeanSimilarity > 0.99, $"mean similarity {alignment.MeanSimilarity}");
    }

    [Fact]
    public void Align_RejectsDifferentFeatureCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelAlignment.Align<double>(new Matrix<double>(2, 5), new Matrix<double>(2, 6)));
        Assert.Contains("5 and 6", e.Message, StringComparison.Ordinal);
    }
}
