// The options of `nmf rank --method consensus`: the ranks to survey, runs, axis, outputs, and the fit options of every run.
using System.Globalization;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.ModelSelection;

namespace Nmf.Fast.Cli.Commands.Rank;

internal sealed record ConsensusRankArguments(string Input, IReadOnlyList<int> Ranks, ClusterAxis Axis, NmfOptions Options,
    bool Float32, string? OutDir, bool Json, bool Quiet, bool Force, bool Header, bool Dense)
{
    /// <summary>Runs per rank without --runs: Brunet et al. used 50; 30 keeps a survey quick and the consensus smooth.</summary>
    public const int DefaultRuns = 30;

    public static ConsensusRankArguments Parse(CommandLine cl)
    {
        if (cl.Positional.Count != 1)
            throw new UsageException(cl.Positional.Count == 0 ? "rank needs an INPUT file" : $"rank takes one INPUT file, got {cl.Positional.Count}");
        if (cl.String("rank") is not null) throw new UsageException("rank surveys several ranks: use --ranks A..B (or a list 2,3,5), not --rank");
        var ranks = ParseRanks(cl.String("ranks") ?? "2..8");
        int runs = cl.Int("runs", DefaultRuns, 2, 100_000);
        var axis = (cl.String("cluster") ?? "rows") switch
        {
            "rows" => ClusterAxis.Rows,
            "columns" or "cols" => ClusterAxis.Columns,
            var other => throw new UsageException($"--cluster must be rows or columns, got '{other}'"),
        };
        cl.String("method"); // consumed by the dispatcher
        bool f32 = FitArguments.IsFloat32(cl);
        var options = FitArguments.Parse(cl, defaultRank: ranks[0], defaultSolver: "auto") with { Runs = runs };
        if (options.Init == NmfInit.Custom) throw new UsageException("--init custom repeats one start; a consensus needs random starts");
        return new ConsensusRankArguments(cl.Positional[0], ranks, axis, options, f32, cl.String("out"), cl.Flag("json"), cl.Flag("quiet"),
            cl.Flag("force"), cl.Flag("header"), cl.Flag("dense"));
    }

    /// <summary>"A..B" (inclusive), "A-B", a comma-separated list, or one rank; each ≥ 1, returned sorted and distinct.</summary>
    public static int[] ParseRanks(string text)
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
