// Cross-validated rank selection finds the planted rank of a noisy low-rank matrix, and its hold-out pattern is balanced and reproducible.
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;

namespace Nmf.Fast.Tests.Missing;

public class RankSelectionTests
{
    /// <summary>X = max(W·H + noise, 0) with W, H uniform on [0, 1) and Gaussian noise of 5% of the mean entry.</summary>
    internal static Matrix<double> Noisy(int m, int n, int k, int seed)
    {
        var rng = new System.Random(seed);
        var w = new double[m, k];
        var h = new double[k, n];
        for (int i = 0; i < m; i++) for (int t = 0; t < k; t++) w[i, t] = rng.NextDouble();
        for (int t = 0; t < k; t++) for (int j = 0; j < n; j++) h[t, j] = rng.NextDouble();
        double mean = k / 4.0;
        var x = new Matrix<double>(m, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double v = 0;
                for (int t = 0; t < k; t++) v += w[i, t] * h[t, j];
                double gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x[i, j] = Math.Max(0, v + 0.05 * mean * gauss);
            }
        return x;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(12)]
    public void CrossValidation_FindsThePlantedRank_InAtLeast9Of10Seeds(int k0)
    {
        int found = 0;
        var misses = new List<string>();
        for (int seed = 0; seed < 10; seed++)
        {
            var x = Noisy(100, 80, k0, 1000 * k0 + seed);
            var ranks = Enumerable.Range(k0 - 1, 3).ToArray();
            var result = RankSelection.CrossValidate(x, ranks, new CrossValidationOptions { Folds = 10, Draws = 3, Seed = seed },
                new NmfOptions { Rank = 1, Init = NmfInit.Nndsvda, MaxIterations = 400, Tolerance = 1e-6, MaxDegreeOfParallelism = 1 });
            if (result.ChosenRank == k0) found++;
            else misses.Add($"seed {seed}: chose {result.ChosenRank} ({string.Join(", ", result.Scores.Select(s => $"{s.Rank}:{s.TestError:F4}±{s.TestStandardError:F4}"))})");
        }
        Assert.True(found >= 9, $"found k0 = {k0} in {found}/10 seeds; {string.Join("; ", misses)}");
    }

    [Fact]
    public void HoldOutPattern_IsBalancedOverRows_SpreadOverColumns_AndFoldsPartitionTheEntries()
    {
        const int m = 37, n = 23, folds = 4;
        var count = new int[m, n];
        for (int d = 0; d < folds; d++)
        {
            var p = new HoldOutPattern(m, n, folds, d, seed: 9);
            for (int i = 0; i < m; i++)
            {
                int perRow = Enumerable.Range(0, n).Count(j => p.IsHeldOut(i, j));
                Assert.InRange(perRow, n / folds, n / folds + 1);
            }
            for (int j = 0; j < n; j++)
            {
                int perCol = Enumerable.Range(0, m).Count(i => p.IsHeldOut(i, j));
                Assert.InRange(perCol, 1, m - 1);
            }
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) if (p.IsHeldOut(i, j)) count[i, j]++;
        }
        foreach (int c in count) Assert.Equal(1, c);
        var again = new HoldOutPattern(m, n, folds, 2, seed: 9);
        var first = new HoldOutPattern(m, n, folds, 2, seed: 9);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) Assert.Equal(first.IsHeldOut(i, j), again.IsHeldOut(i, j));
    }

    [Fact]
    public void CrossValidation_RejectsBadArguments()
    {
        var x = Noisy(10, 8, 2, 1);
        var o = new NmfOptions { Rank = 1 };
        Assert.Throws<ArgumentException>(() => RankSelection.CrossValidate(x, [], new CrossValidationOptions(), o));
        Assert.Throws<ArgumentException>(() => RankSelection.CrossValidate(x, [0, 2], new CrossValidationOptions(), o));
        Assert.Throws<ArgumentException>(() => RankSelection.CrossValidate(x, [9], new CrossValidationOptions(), o));
        Assert.Throws<ArgumentException>(() => RankSelection.CrossValidate(x, [2], new CrossValidationOptions { Folds = 1 }, o));
    }
}
