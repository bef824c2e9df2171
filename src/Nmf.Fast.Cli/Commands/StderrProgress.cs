// The progress line on stderr of `nmf fit` (one fit, or --runs N) and `nmf rank --method consensus`.
using System.Diagnostics;
using System.Globalization;

namespace Nmf.Fast.Cli.Commands;

/// <summary>
/// At most about one line a second (and one for the last report), nothing for work under a second. A single fit
/// shows its iteration, loss and an upper bound on the time left; a multi-run fit (<see cref="NmfProgress.Runs"/> &gt; 1)
/// shows the runs finished, the iteration of the run that reported, the best objective so far and the time left at
/// the rate runs have finished. The library serialises a multi-run fit's reports, so no locking is needed here.
/// </summary>
/// <param name="maxIterations">The iteration limit of a fit.</param>
/// <param name="label">Text put before each line (e.g. "rank 3: ").</param>
internal sealed class StderrProgress(int maxIterations, string label = "") : IProgress<NmfProgress>
{
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _printedAny;

    public void Report(NmfProgress value)
    {
        bool last = value.Runs > 1 ? value.RunsFinished == value.Runs : value.Iteration == maxIterations;
        if (value.Elapsed < TimeSpan.FromSeconds(1)) return;
        if (_printedAny && !last && _sinceLast.Elapsed < TimeSpan.FromSeconds(1)) return;
        _printedAny = true;
        _sinceLast.Restart();
        Console.Error.WriteLine(Line(value, maxIterations, label));
    }

    /// <summary>The line printed for <paramref name="value"/>.</summary>
    public static string Line(NmfProgress value, int maxIterations, string label = "")
    {
        double elapsed = value.Elapsed.TotalSeconds;
        if (value.Runs <= 1)
        {
            // Remaining time if the fit runs to the iteration limit (an upper bound: it may converge sooner).
            double remaining = value.Iteration == 0 ? 0 : elapsed / value.Iteration * Math.Max(0, maxIterations - value.Iteration);
            return string.Create(CultureInfo.InvariantCulture,
                $"  {label}iteration {value.Iteration,6}/{maxIterations}  loss {value.Loss,-14:G8}  {elapsed,8:F2} s  ≤ {remaining:F0} s left");
        }
        string best = double.IsNaN(value.BestLoss) ? "-" : value.BestLoss.ToString("G8", CultureInfo.InvariantCulture);
        string left = value.RunsFinished == 0 ? "?" : (elapsed / value.RunsFinished * (value.Runs - value.RunsFinished)).ToString("F0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"  {label}runs {value.RunsFinished,4}/{value.Runs} done  run {value.Run + 1,4} iteration {value.Iteration,6}/{maxIterations}  best loss {best,-14}  {elapsed,8:F2} s  ≈ {left} s left");
    }
}
