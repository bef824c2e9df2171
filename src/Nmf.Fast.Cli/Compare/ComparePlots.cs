// The report's charts, drawn with ScottPlot 5 as PNG: error against time, error against iteration, time per iteration.
using System.Globalization;
using ScottPlot;

namespace Nmf.Fast.Cli.Compare;

/// <summary>
/// Three charts per comparison. Errors (and times) are drawn on a log₁₀ axis (ScottPlot 5 has no log axis: the values are
/// plotted as log₁₀ and the ticks labelled with 10^y, the approach of its cookbook).
/// </summary>
internal static class ComparePlots
{
    public const int Width = 1100;
    public const int Height = 560;

    /// <summary>Writes the charts into <paramref name="directory"/> and returns their file names.</summary>
    public static IReadOnlyList<string> Write(CompareOutcome outcome, string directory)
    {
        var runs = outcome.Runs.Where(r => r.Status == RunStatus.Ok && r.Trace.Count > 0).ToList();
        var files = new List<string>();
        if (runs.Count == 0) return files;
        string title = ReportFormat.F($"{outcome.Rows}×{outcome.Cols}{(outcome.NonZeros is null ? "" : " sparse")}, rank {outcome.Settings.Rank}, {outcome.Settings.DTypeName}, {outcome.Settings.Threads} thread(s)");

        // Time on a log axis too: libraries differ by orders of magnitude in speed.
        files.Add(Lines(runs, outcome, directory, "loss_vs_time.png", p => p.Seconds, logX: true, "wall time (s, log scale)", "Relative error against time — " + title));
        files.Add(Lines(runs, outcome, directory, "loss_vs_iteration.png", p => p.Iteration, logX: false, "iteration", "Relative error against iteration — " + title));
        files.Add(Bars(runs, directory, "time_per_iteration.png", "Time per iteration (median of " + outcome.Settings.Repeats.ToString(CultureInfo.InvariantCulture) + ") — " + title));
        return files;
    }

    private static string Lines(List<LibraryRun> runs, CompareOutcome outcome, string directory, string file, Func<TracePoint, double> x,
        bool logX, string xLabel, string title)
    {
        var plot = new Plot();
        foreach (var run in runs)
        {
            var points = run.Trace.Where(p => p.RelativeError > 0 && double.IsFinite(p.RelativeError) && (!logX || x(p) > 0)).ToArray();
            if (points.Length == 0) continue;
            var xs = points.Select(p => logX ? Math.Log10(x(p)) : x(p)).ToArray();
            var scatter = plot.Add.Scatter(xs, points.Select(p => Math.Log10(p.RelativeError)).ToArray());
            scatter.LegendText = run.Label + (run.SharedStart ? "" : " (own start)") + (logX && run.TraceByReruns ? " (re-runs)" : "");
            scatter.MarkerSize = run.Trace.Count > 40 ? 0 : 5;
            scatter.LineWidth = 2;
            // Against time, each re-run point is its own measurement: noise can make a longer run finish sooner,
            // so the points are not joined into a path that would zig-zag backwards in time.
            if (logX && run.TraceByReruns)
            {
                scatter.LineWidth = 0;
                scatter.MarkerSize = 7;
            }
        }
        if (outcome.TargetRelativeError > 0)
        {
            var line = plot.Add.HorizontalLine(Math.Log10(outcome.TargetRelativeError));
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
            line.LegendText = "target (1% above best)";
        }
        plot.Axes.Left.TickGenerator = LogTicks();
        if (logX) plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        plot.XLabel(xLabel);
        plot.YLabel("‖X − WH‖ / ‖X‖");
        plot.Title(title, 14);
        plot.ShowLegend(Edge.Right); // outside the data area: no corner is reliably empty
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        return file;
    }

    private static string Bars(List<LibraryRun> runs, string directory, string file, string title)
    {
        var plot = new Plot();
        var positions = new double[runs.Count];
        var labels = new string[runs.Count];
        var bars = new List<Bar>();
        for (int i = 0; i < runs.Count; i++)
        {
            double ms = runs[i].SecondsPerIteration * 1000;
            bars.Add(new Bar
            {
                Position = i,
                Value = double.IsFinite(ms) ? ms : 0,
                FillColor = plot.Add.Palette.GetColor(i),
                Label = ReportFormat.Milliseconds(runs[i].SecondsPerIteration),
            });
            positions[i] = i;
            labels[i] = runs[i].Label;
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("milliseconds per iteration");
        plot.Title(title, 14);
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        return file;
    }

    /// <summary>Ticks for values plotted as log₁₀: majors at whole powers of ten labelled 10^v, log-spaced minors.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
    };
}
