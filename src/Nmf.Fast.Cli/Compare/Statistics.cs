// Small statistics over timings: the median.
namespace Nmf.Fast.Cli.Compare;

internal static class Statistics
{
    /// <summary>The median (mean of the two middle values for an even count); NaN for an empty list.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
