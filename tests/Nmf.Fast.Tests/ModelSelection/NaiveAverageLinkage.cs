// Test oracle: UPGMA by its definition, O(n³) — recompute every cluster pair's mean distance from the original distances.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.ModelSelection;

internal static class NaiveAverageLinkage
{
    /// <summary>The join heights in order and the cophenetic matrix.</summary>
    public static (List<double> Heights, double[,] Cophenetic) Cluster(Matrix<double> d)
    {
        int n = d.Rows;
        var clusters = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToList();
        var heights = new List<double>();
        var cophenetic = new double[n, n];
        while (clusters.Count > 1)
        {
            int bestA = -1, bestB = -1;
            double best = double.PositiveInfinity;
            for (int a = 0; a < clusters.Count; a++)
                for (int b = a + 1; b < clusters.Count; b++)
                {
                    double mean = clusters[a].SelectMany(i => clusters[b].Select(j => d[i, j])).Average();
                    if (mean < best)
                    {
                        best = mean;
                        bestA = a;
                        bestB = b;
                    }
                }
            foreach (int i in clusters[bestA])
                foreach (int j in clusters[bestB])
                    cophenetic[i, j] = cophenetic[j, i] = best;
            heights.Add(best);
            clusters[bestA].AddRange(clusters[bestB]);
            clusters.RemoveAt(bestB);
        }
        return (heights, cophenetic);
    }

    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average(), mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
