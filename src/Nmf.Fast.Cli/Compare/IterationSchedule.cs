// The iteration counts at which peers that only return final factors are re-run to trace their loss.
namespace Nmf.Fast.Cli.Compare;

internal static class IterationSchedule
{
    /// <summary>
    /// Geometric counts 1, 2, 3, 4, 6, 8, 11, 16, … (ratio √2, rounded, distinct) below <paramref name="maxIterations"/>;
    /// the full run itself supplies the last point. Ratio √2 keeps the re-runs to about 3.4× the full run's
    /// iterations while still placing a point every ~40% of progress, enough to locate a time to target.
    /// </summary>
    public static IReadOnlyList<int> Geometric(int maxIterations)
    {
        var counts = new List<int>();
        for (double c = 1; c < maxIterations; c *= Math.Sqrt(2))
        {
            int rounded = (int)Math.Round(c);
            if (rounded < maxIterations && (counts.Count == 0 || counts[^1] != rounded)) counts.Add(rounded);
        }
        return counts;
    }
}
