// Rank-8 topics of the State of the Union matrix (sparse HALS) are coherent in time: each topic's top addresses come from a narrow span of years.
using System.Globalization;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Xunit;

namespace Nmf.Fast.Tests.Solvers.Sparse;

public class SotuTopicTests
{
    private const int TopDocuments = 10;

    internal static string SotuFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NmfFast.sln"))) return Path.Combine(dir.FullName, "data", "sotu");
        throw new DirectoryNotFoundException("repository root (NmfFast.sln) not found above the test binaries");
    }

    internal static int[] Years() =>
        File.ReadAllLines(Path.Combine(SotuFolder(), "documents.txt"))
            .Where(l => l.Length > 0)
            .Select(l => int.Parse(l.Split('\t')[0], CultureInfo.InvariantCulture))
            .ToArray();

    /// <summary>For each component, the standard deviation of the years of its <see cref="TopDocuments"/> highest-weighted addresses.</summary>
    internal static double[] YearSpreads(Matrix<double> w, int[] years)
    {
        var spreads = new double[w.Cols];
        for (int t = 0; t < w.Cols; t++)
        {
            var top = Enumerable.Range(0, w.Rows).OrderByDescending(i => w[i, t]).ThenBy(i => i).Take(TopDocuments).Select(i => (double)years[i]).ToArray();
            double mean = top.Average();
            spreads[t] = Math.Sqrt(top.Sum(y => (y - mean) * (y - mean)) / top.Length);
        }
        return spreads;
    }

    [Fact]
    public void RankEightTopicsHaveTopDocumentsFromANarrowSpanOfYears()
    {
        var x = MatrixFile.ReadSparse<double>(Path.Combine(SotuFolder(), "sotu.mtx"));
        int[] years = Years();
        Assert.Equal(x.Rows, years.Length);
        var result = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 8, Seed = 0, MaxIterations = 300 });

        // The addresses span 1790–2021: ten years drawn at random have a spread of about 65 years.
        // A coherent topic's top addresses come from one era (spread ≤ 25 years); allow one looser topic.
        var spreads = YearSpreads(result.W, years);
        Assert.True(spreads.Count(s => s <= 25) >= 7, $"year spreads of the topics' top addresses: {string.Join(", ", spreads.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))}");
        Assert.True(spreads.Max() <= 45, $"largest spread {spreads.Max():F1} years");
    }

    [Fact]
    public void ShuffledFactorizationFailsTheCoherenceCriterion()
    {
        // The same criterion on W with its rows permuted (a factorization unrelated to time) must fail: the test can fail.
        var x = MatrixFile.ReadSparse<double>(Path.Combine(SotuFolder(), "sotu.mtx"));
        int[] years = Years();
        var w = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 8, Seed = 0, MaxIterations = 300 }).W;
        var permutation = Enumerable.Range(0, w.Rows).OrderBy(_ => 0).ToArray();
        new System.Random(1).Shuffle(permutation);
        var shuffled = new Matrix<double>(w.Rows, w.Cols);
        for (int i = 0; i < w.Rows; i++) w.Row(permutation[i]).CopyTo(shuffled.Row(i));
        var spreads = YearSpreads(shuffled, years);
        Assert.False(spreads.Count(s => s <= 25) >= 7 && spreads.Max() <= 45, $"spreads {string.Join(", ", spreads)}");
    }
}
