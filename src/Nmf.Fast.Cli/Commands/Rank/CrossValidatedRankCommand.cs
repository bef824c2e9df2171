// `nmf rank INPUT --ranks A..B --method cv`: cross-validated rank selection (held-out entries), a table, JSON and a PNG of test error against rank.
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Missing;
using ScottPlot;

namespace Nmf.Fast.Cli.Commands.Rank;

internal static class CrossValidatedRankCommand
{
    public const string Help = """
        nmf rank INPUT --ranks A..B --method cv [--folds F] [--draws D] [--rule 1se|min] [--out DIR] [--json] [fit options]
          For each draw, holds out 1/F of the entries (scattered, balanced over rows), fits every rank to the rest with
          the weighted solvers and measures the relative error on the held-out entries; picks the smallest rank within one
          standard error of the lowest mean test error (--rule 1se, default) or the lowest (--rule min).
          --ranks A..B | K1,K2,…   candidate ranks (required)
          --folds F                hold out 1/F of the entries per draw (default 5)
          --draws D                draws per rank (default F: the F disjoint folds)
          --warm-start             start rank k+1 from the rank-k factors plus one small random component
          --missing nan | --weights FILE   INPUT's own missing entries (never held out or scored)
          --out DIR                write DIR/rank_cv.png (test and train error against rank)
          Fit options as 'nmf fit' (defaults here: --solver hals --max-iter 1000 --tol 1e-6; --seed also seeds the draws).
        """;

    public static int Run(string[] args)
    {
        var cl = CommandLine.Parse(args, "json", "quiet", "header", "force", "debug", "help", "warm-start");
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        cl.String("method");
        if (cl.Positional.Count != 1)
            throw new UsageException(cl.Positional.Count == 0 ? "rank needs an INPUT file" : $"rank takes one INPUT file, got {cl.Positional.Count}");
        string input = cl.Positional[0];
        var ranks = RankList.Parse(cl.RequiredString("ranks"));
        int folds = cl.Int("folds", 5, 2, 255);
        int draws = cl.Int("draws", folds, 1);
        var rule = (cl.String("rule") ?? "1se") switch
        {
            "1se" => RankChoiceRule.OneStandardError,
            "min" => RankChoiceRule.MinimumTestError,
            var other => throw new UsageException($"--rule must be 1se or min, got '{other}'"),
        };
        bool warm = cl.Flag("warm-start");
        string? outDir = cl.String("out");
        bool json = cl.Flag("json"), quiet = cl.Flag("quiet"), header = cl.Flag("header"), force = cl.Flag("force");
        cl.Flag("debug");
        var missing = MissingArguments.Parse(cl);
        if (missing.StoredOnly) throw new UsageException("rank --method cv works on dense INPUT; use --missing nan or --weights");
        bool f32 = FitArguments.IsFloat32(cl);
        bool iterationsGiven = cl.String("max-iter") is not null, toleranceGiven = cl.String("tol") is not null;
        var options = FitArguments.Parse(cl, defaultRank: 1, defaultSolver: "hals");
        // Held-out error judges the optimum of each rank: an unconverged small rank looks worse than it is, so the
        // defaults here run longer than a fit's (1000 iterations, tol 1e-6; docs/missing-values.md).
        if (!iterationsGiven) options = options with { MaxIterations = 1000 };
        if (!toleranceGiven) options = options with { Tolerance = 1e-6 };
        cl.EnsureAllUsed();
        var cv = new CrossValidationOptions { Folds = folds, Draws = draws, Rule = rule, WarmStart = warm, Seed = options.Seed ?? 0 };
        string? png = outDir is null ? null : Path.Combine(outDir, "rank_cv.png");
        if (png is not null && !force && File.Exists(png)) throw new UsageException($"{png} exists; use --force to overwrite it");
        return f32 ? Execute<float>(input, ranks, cv, options, missing, header, quiet, json, png)
                   : Execute<double>(input, ranks, cv, options, missing, header, quiet, json, png);
    }

    private static int Execute<T>(string input, int[] ranks, CrossValidationOptions cv, NmfOptions options, MissingArguments missing,
        bool header, bool quiet, bool json, string? png)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = MatrixFile.ReadDense<T>(input, header);
        var weights = missing.Any ? missing.WeightsFor(x) : null;
        if (!quiet)
            Console.Error.WriteLine($"nmf: cross-validating ranks {string.Join(",", ranks)} on {x.Rows}×{x.Cols}, {cv.EffectiveDraws} draw(s) holding out 1/{cv.Folds} of the entries");
        var progress = quiet ? null : new Progress<RankScore>(s => Console.Error.WriteLine($"nmf: rank {s.Rank}: test error {F(s.TestError)}"));
        RankSelectionResult result;
        try
        {
            result = RankSelection.CrossValidate(x, ranks, cv, options, weights, progress);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{input}: {Messages.WithoutParameter(e)}");
        }
        catch (NotSupportedException e)
        {
            throw new UsageException($"{input}: {e.Message}");
        }
        if (png is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
            Plot(result, png, $"{Path.GetFileName(input)} ({x.Rows}×{x.Cols})");
        }
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteString("input", input);
                w.WriteString("method", "cv");
                w.WriteNumber("rows", x.Rows);
                w.WriteNumber("cols", x.Cols);
                w.WriteNumber("folds", result.Folds);
                w.WriteNumber("draws", result.Draws);
                w.WriteString("rule", result.Rule == RankChoiceRule.OneStandardError ? "1se" : "min");
                w.WriteNumber("chosen_rank", result.ChosenRank);
                w.WriteNumber("lowest_error_rank", result.LowestErrorRank);
                w.WriteStartArray("scores");
                foreach (var s in result.Scores)
                {
                    w.WriteStartObject();
                    w.WriteNumber("rank", s.Rank);
                    w.WriteNumber("train_error", s.TrainError);
                    w.WriteNumber("train_standard_error", s.TrainStandardError);
                    w.WriteNumber("test_error", s.TestError);
                    w.WriteNumber("test_standard_error", s.TestStandardError);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (png is not null) w.WriteString("plot", png);
            });
        }
        else
        {
            Console.WriteLine($"cross-validated rank selection for {input} ({x.Rows}×{x.Cols}): {result.Draws} draw(s), 1/{result.Folds} held out");
            Console.WriteLine("  rank   train error       test error ± s.e.");
            foreach (var s in result.Scores)
            {
                string mark = s.Rank == result.ChosenRank ? "  ← chosen" : s.Rank == result.LowestErrorRank ? "  (lowest)" : "";
                Console.WriteLine($"  {s.Rank,4}   {F(s.TrainError),-12}   {F(s.TestError)} ± {F(s.TestStandardError)}{mark}");
            }
            Console.WriteLine($"  chosen rank {result.ChosenRank} ({(result.Rule == RankChoiceRule.OneStandardError ? "smallest within one standard error of the lowest" : "lowest test error")})");
            if (png is not null) Console.WriteLine($"  wrote {png}");
        }
        return ExitCodes.Success;
    }

    /// <summary>Test error (with ± one standard error bars) and train error against rank, the chosen rank marked.</summary>
    private static void Plot(RankSelectionResult result, string path, string what)
    {
        var plot = new Plot();
        double[] ks = result.Scores.Select(s => (double)s.Rank).ToArray();
        var test = plot.Add.Scatter(ks, result.Scores.Select(s => s.TestError).ToArray());
        test.LegendText = "test error (held-out entries)";
        test.LineWidth = 2;
        test.MarkerSize = 7;
        var bars = plot.Add.ErrorBar(ks, result.Scores.Select(s => s.TestError).ToArray(), result.Scores.Select(s => s.TestStandardError).ToArray());
        bars.Color = test.Color;
        var train = plot.Add.Scatter(ks, result.Scores.Select(s => s.TrainError).ToArray());
        train.LegendText = "train error";
        train.LinePattern = LinePattern.Dashed;
        train.MarkerSize = 5;
        var chosen = plot.Add.VerticalLine(result.ChosenRank);
        chosen.LinePattern = LinePattern.Dotted;
        chosen.Color = Colors.Gray;
        chosen.LegendText = $"chosen rank {result.ChosenRank}";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("rank k");
        plot.YLabel("relative error √(Σ(x − WH)² / Σx²)");
        plot.Title($"Cross-validated rank selection — {what}, {result.Draws} draw(s) of 1/{result.Folds}", 14);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1000, 520);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
