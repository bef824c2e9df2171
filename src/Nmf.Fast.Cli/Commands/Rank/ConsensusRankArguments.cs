// The options of `nmf rank --method consensus`: the ranks to survey, runs, axis, outputs, and the fit options of every run.
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
        var ranks = RankList.Parse(cl.String("ranks") ?? "2..8");
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
}
