// The --ranks value of `nmf rank`: a range or a list of ranks, parsed once for every method.
using System.Globalization;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands.Rank;

internal static class RankList
{
    /// <summary>"A..B" (inclusive), "A-B", a comma-separated list, or one rank; each ≥ 1, returned sorted and distinct.</summary>
    public static int[] Parse(string text)
    {
        string[] range = text.Split("..", StringSplitOptions.TrimEntries);
        if (range.Length == 1 && !text.Contains(',', StringComparison.Ordinal)) range = text.Split('-', StringSplitOptions.TrimEntries);
        int[] ranks;
        if (range.Length == 2)
        {
            int low = RankValue(range[0], text), high = RankValue(range[1], text);
            if (high < low) throw new UsageException($"--ranks {text}: the range is empty (from {low} down to {high})");
            if (high - low > 1000) throw new UsageException($"--ranks {text}: at most 1001 ranks");
            ranks = [.. Enumerable.Range(low, high - low + 1)];
        }
        else
        {
            ranks = [.. text.Split(',', StringSplitOptions.TrimEntries).Select(r => RankValue(r, text))];
        }
        return [.. ranks.Distinct().Order()];
    }

    private static int RankValue(string value, string text) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int rank) && rank >= 1
            ? rank
            : throw new UsageException($"--ranks needs ranks ≥ 1 as A..B or a list such as 2,3,5; got '{text}'");
}
