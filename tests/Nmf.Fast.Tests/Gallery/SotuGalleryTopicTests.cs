// The gallery's State of the Union topics (rank 8, KL multiplicative updates): temporally coherent, like the HALS topics of SotuTopicTests.
using System.Globalization;
using Nmf.Fast.IO;
using Nmf.Fast.Tests.Solvers.Sparse;

namespace Nmf.Fast.Tests.Gallery;

/// <summary>
/// <see cref="SotuTopicTests"/> checks the Frobenius (HALS) topics; the gallery shows the Kullback–Leibler ones
/// (β = 1, the Poisson model of counts), so this checks the same coherence criterion on that configuration.
/// </summary>
public class SotuGalleryTopicTests
{
    [Fact]
    public void KullbackLeiblerRankEightTopics_HaveTopDocumentsFromANarrowSpanOfYears()
    {
        var x = MatrixFile.ReadSparse<double>(Path.Combine(SotuTopicTests.SotuFolder(), "sotu.mtx"));
        int[] years = SotuTopicTests.Years();
        var result = NonNegativeMatrixFactorization.Fit(x, new NmfOptions
        {
            Rank = 8, Solver = NmfSolver.MultiplicativeUpdate, Beta = NmfLoss.KullbackLeibler, Seed = 0, MaxIterations = 300,
        });
        var spreads = SotuTopicTests.YearSpreads(result.W, years);
        string shown = string.Join(", ", spreads.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)));
        // Ten addresses drawn at random spread about 65 years; a topic of one era spreads ≤ 25.
        Assert.True(spreads.Count(s => s <= 25) >= 7, $"year spreads of the topics' top addresses: {shown}");
        Assert.True(spreads.Max() <= 45, $"year spreads: {shown}");
    }
}
