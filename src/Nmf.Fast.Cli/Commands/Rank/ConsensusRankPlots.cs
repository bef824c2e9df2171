// The PNGs of a consensus rank survey (ScottPlot 5): stability and residual against rank, and each rank's reordered consensus matrix.
using System.Globalization;
using ScottPlot;

namespace Nmf.Fast.Cli.Commands.Rank;

/// <summary>One surveyed rank, as drawn and printed.</summary>
internal sealed record ConsensusRankRow(int Rank, double Cophenetic, double Dispersion, double BestObjective, double ReconstructionError,
    double RelativeError, int BestRun, double Seconds, bool Concurrent, double[,] OrderedConsensus);

internal static class ConsensusRankPlots
{
    private const int Width = 1000;
    private const int Height = 520;

    /// <summary>The file names <see cref="Write"/> creates for these ranks.</summary>
    public static IEnumerable<string> FileNames(IEnumerable<int> ranks) =>
        ["survey.png", .. ranks.Select(r => string.Create(CultureInfo.InvariantCulture, $"consensus_k{r}.png"))];

    /// <summary>Writes survey.png and consensus_kK.png per rank into <paramref name="directory"/>; returns the file names.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<ConsensusRankRow> rows, string title, string directory)
    {
        var files = new List<string> { Survey(rows, title, directory) };
        foreach (var row in rows) files.Add(Heatmap(row, title, directory));
        return files;
    }

    private static string Survey(IReadOnlyList<ConsensusRankRow> rows, string title, string directory)
    {
        var plot = new Plot();
        double[] ranks = [.. rows.Select(r => (double)r.Rank)];
        var cophenetic = plot.Add.Scatter(ranks, rows.Select(r => r.Cophenetic).ToArray());
        cophenetic.LegendText = "cophenetic correlation";
        cophenetic.LineWidth = 2;
        cophenetic.MarkerSize = 7;
        var dispersion = plot.Add.Scatter(ranks, rows.Select(r => r.Dispersion).ToArray());
        dispersion.LegendText = "dispersion";
        dispersion.LineWidth = 2;
        dispersion.MarkerSize = 7;

        // The residual lives on its own (right) axis: relative error, not a [0, 1]-bounded stability score.
        var residual = plot.Add.Scatter(ranks, rows.Select(r => r.RelativeError).ToArray());
        residual.LegendText = "‖X − WH‖ / ‖X‖ of the best run (right axis)";
        residual.LineWidth = 2;
        residual.MarkerSize = 7;
        residual.LinePattern = LinePattern.Dashed;
        residual.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "relative residual";

        plot.Axes.Bottom.SetTicks(ranks, [.. rows.Select(r => r.Rank.ToString(CultureInfo.InvariantCulture))]);
        plot.XLabel("rank k");
        plot.YLabel("stability (1 = every run agrees)");
        plot.Title("Consensus rank survey — " + title, 14);
        plot.ShowLegend(Edge.Bottom);
        string file = "survey.png";
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        return file;
    }

    private static string Heatmap(ConsensusRankRow row, string title, string directory)
    {
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(row.OrderedConsensus);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(heatmap);
        plot.Layout.Frameless(); // the items have no meaningful axis values; the order is the dendrogram's
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"{title}\nconsensus at k = {row.Rank}: cophenetic {row.Cophenetic:F4}, dispersion {row.Dispersion:F4}"), 12);
        string file = string.Create(CultureInfo.InvariantCulture, $"consensus_k{row.Rank}.png");
        plot.SavePng(Path.Combine(directory, file), 720, 640);
        return file;
    }
}
