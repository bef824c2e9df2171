// `nmf rank INPUT --ranks A..B --method consensus --runs N`: rank survey by consensus clustering (Brunet et al. 2004).
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;

namespace Nmf.Fast.Cli.Commands.Rank;

internal static class ConsensusRankCommand
{
    public const string Help = """
        nmf rank INPUT --method consensus [--ranks 2..8] [--runs 30] [--cluster rows|columns] [fit options] [--out DIR]
          Consensus clustering per rank (Brunet et al., PNAS 2004): N seeded runs, each row (or column) of X labelled
          by its dominant component, the consensus matrix over runs, and its stability: the cophenetic correlation of
          its average-linkage tree and Kim & Park's dispersion (1 = every run agrees). The rank where the cophenetic
          correlation begins to fall is suggested.
          --ranks A..B | 2,3,5      ranks to survey (default 2..8)
          --runs N                  seeded runs per rank (default 30); runs use all cores, results do not depend on --threads
          --cluster rows|columns    cluster the rows (samples × features, default) or the columns (genes × samples, Brunet)
          --loss kl                 Brunet's loss (KL, with multiplicative updates); any `nmf fit` loss/solver option works
          fit options               --solver --loss --max-iter --tol --seed --threads --dtype --alpha-w --alpha-h --l1-ratio --init
          --out DIR                 write survey.png, consensus_kK.png per rank and survey.csv (refuses to overwrite without --force)
          --json                    print one JSON object on stdout
          --quiet                   no progress lines on stderr
        """;

    public static int Run(string[] args)
    {
        var cl = CommandLine.Parse(args, "json", "quiet", "header", "force", "debug", "help", "dense");
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        cl.Flag("debug");
        var arguments = ConsensusRankArguments.Parse(cl);
        cl.EnsureAllUsed();
        return arguments.Float32 ? Execute<float>(arguments) : Execute<double>(arguments);
    }

    private static int Execute<T>(ConsensusRankArguments a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string[] outputs = a.OutDir is null ? [] : [.. ConsensusRankPlots.FileNames(a.Ranks).Append("survey.csv").Select(f => Path.Combine(a.OutDir, f))];
        if (!a.Force)
            foreach (var path in outputs)
                if (File.Exists(path)) throw new UsageException($"{path} exists; use --force to overwrite it");

        bool sparse = !a.Dense && MatrixFile.IsSparseFormat(a.Input);
        Func<NmfOptions, IProgress<NmfProgress>?, ConsensusResult<T>> fit;
        int rows, cols;
        if (sparse)
        {
            var xs = MatrixFile.ReadSparse<T>(a.Input);
            (rows, cols) = (xs.Rows, xs.Cols);
            fit = (options, progress) => ConsensusClustering.Fit(xs, options, a.Axis, progress);
        }
        else
        {
            var xd = MatrixFile.ReadDense<T>(a.Input, a.Header);
            (rows, cols) = (xd.Rows, xd.Cols);
            fit = (options, progress) => ConsensusClustering.Fit(xd, options, a.Axis, progress);
        }

        var survey = new List<ConsensusRankRow>();
        var results = new List<ConsensusResult<T>>();
        foreach (int rank in a.Ranks)
        {
            ConsensusResult<T> result;
            try
            {
                // The runs' progress line, on a terminal only (as `nmf fit`); the summary line below is printed either way.
                var progress = a.Quiet || Console.IsErrorRedirected ? null : new StderrProgress(a.Options.MaxIterations, $"rank {rank}: ");
                result = fit(a.Options with { Rank = rank }, progress);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{a.Input}: rank {rank}: {Messages.WithoutParameter(e)}");
            }
            catch (NotSupportedException e)
            {
                throw new UsageException($"{a.Input}: {e.Message}");
            }
            results.Add(result);
            var row = RowOf(result);
            survey.Add(row);
            if (!a.Quiet)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"nmf: rank {rank}: cophenetic {row.Cophenetic:F4}, dispersion {row.Dispersion:F4}, {a.Options.Runs} runs in {row.Seconds:F2} s"));
        }
        int suggested = ConsensusClustering.SuggestRank(results);

        IReadOnlyList<string> files = [];
        if (a.OutDir is not null)
        {
            Directory.CreateDirectory(a.OutDir);
            string title = string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(a.Input)} {rows}×{cols}, {AxisName(a.Axis)}, {a.Options.Runs} runs, {LossName(a.Options.Beta)}");
            files = [.. ConsensusRankPlots.Write(survey, title, a.OutDir), WriteCsv(survey, Path.Combine(a.OutDir, "survey.csv"))];
        }

        if (a.Json) WriteJson(a, rows, cols, sparse, survey, suggested, files);
        else PrintTable(a, rows, cols, survey, suggested, files);
        return ExitCodes.Success;
    }

    private static ConsensusRankRow RowOf<T>(ConsensusResult<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var order = result.Tree.LeafOrder;
        int n = order.Count;
        var ordered = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) ordered[i, j] = result.Consensus[order[i], order[j]];
        var runs = result.Runs;
        return new ConsensusRankRow(result.Rank, result.CopheneticCorrelation, result.Dispersion, runs.Objectives[runs.BestRun],
            runs.Best.ReconstructionError, runs.Best.RelativeError, runs.BestRun, runs.Elapsed.TotalSeconds, runs.Concurrent, ordered);
    }

    private static void PrintTable(ConsensusRankArguments a, int rows, int cols, List<ConsensusRankRow> survey, int suggested, IReadOnlyList<string> files)
    {
        var o = Console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"consensus rank survey of {a.Input} ({rows}×{cols}), clustering the {AxisName(a.Axis)}: {a.Options.Runs} runs per rank, {LossName(a.Options.Beta)} loss"));
        o.WriteLine("  rank  cophenetic  dispersion  best objective  residual ‖X−WH‖  relative   time (s)");
        foreach (var r in survey)
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Rank,4}  {r.Cophenetic,10:F4}  {r.Dispersion,10:F4}  {r.BestObjective,14:G6}  {r.ReconstructionError,15:G6}  {r.RelativeError,8:F5}  {r.Seconds,9:F2}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  suggested rank: {suggested} (where the cophenetic correlation begins to fall)"));
        if (files.Count > 0) o.WriteLine($"  wrote {string.Join(", ", files.Select(f => Path.Combine(a.OutDir!, f)))}");
    }

    private static void WriteJson(ConsensusRankArguments a, int rows, int cols, bool sparse, List<ConsensusRankRow> survey, int suggested, IReadOnlyList<string> files) =>
        JsonOutput.Write(w =>
        {
            w.WriteString("input", a.Input);
            w.WriteNumber("rows", rows);
            w.WriteNumber("cols", cols);
            w.WriteBoolean("sparse", sparse);
            w.WriteString("method", "consensus");
            w.WriteString("cluster", AxisName(a.Axis));
            w.WriteNumber("runs", a.Options.Runs);
            w.WriteNumber("beta", a.Options.Beta);
            w.WriteString("solver", FitArguments.SolverName(a.Options.Solver));
            if (a.Options.Seed is { } seed) w.WriteNumber("seed", seed);
            w.WriteStartArray("ranks");
            foreach (var r in survey)
            {
                w.WriteStartObject();
                w.WriteNumber("rank", r.Rank);
                // What `auto` resolved to for this rank and data (it depends on the shape, the rank and sparsity).
                w.WriteString("solver", FitArguments.SolverName(
                    NonNegativeMatrixFactorization.ResolveSolver(a.Options.Solver, a.Options.Beta, rows, cols, r.Rank, sparse)));
                w.WriteNumber("cophenetic", r.Cophenetic);
                w.WriteNumber("dispersion", r.Dispersion);
                w.WriteNumber("best_objective", r.BestObjective);
                w.WriteNumber("reconstruction_error", r.ReconstructionError);
                w.WriteNumber("relative_error", r.RelativeError);
                w.WriteNumber("best_run", r.BestRun);
                w.WriteNumber("seconds", r.Seconds);
                w.WriteBoolean("concurrent_runs", r.Concurrent);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("suggested_rank", suggested);
            if (a.OutDir is not null)
            {
                w.WriteString("out", a.OutDir);
                w.WriteStartArray("files");
                foreach (var f in files) w.WriteStringValue(f);
                w.WriteEndArray();
            }
        });

    private static string WriteCsv(List<ConsensusRankRow> survey, string path)
    {
        using var writer = new StreamWriter(path, append: false);
        writer.WriteLine("rank,cophenetic,dispersion,best_objective,reconstruction_error,relative_error,best_run,seconds");
        foreach (var r in survey)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Rank},{r.Cophenetic:R},{r.Dispersion:R},{r.BestObjective:R},{r.ReconstructionError:R},{r.RelativeError:R},{r.BestRun},{r.Seconds:R}"));
        return Path.GetFileName(path);
    }

    private static string AxisName(ClusterAxis axis) => axis == ClusterAxis.Rows ? "rows" : "columns";

    private static string LossName(double beta) => beta switch
    {
        NmfLoss.Frobenius => "frobenius",
        NmfLoss.KullbackLeibler => "kl",
        NmfLoss.ItakuraSaito => "is",
        _ => "β = " + beta.ToString("G", CultureInfo.InvariantCulture),
    };
}
