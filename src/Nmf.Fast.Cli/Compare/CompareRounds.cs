// Interleaved repeats: every library runs once per round, and the rounds of one library are merged into one result.
namespace Nmf.Fast.Cli.Compare;

/// <summary>
/// A comparison's R timed repeats run as R rounds, each running every Nmf.Fast solver once and then each peer once
/// (a fresh process). On a shared machine a slow minute then lands on every library instead of on whichever one was
/// running its block of repeats. Each library's rounds are merged by <see cref="Merge"/>.
/// </summary>
internal static class CompareRounds
{
    /// <summary>
    /// One library's result from its rounds (one timed repeat each, in round order): the repeat times of every round;
    /// the final error and note of the round with the median time; the longest trace (a peer re-runs its trace schedule
    /// in the first round only), else the median round's; the first round's descriptions and info. Peak memory: with
    /// <paramref name="ownProcesses"/> (a peer: a fresh process per round) the highest over the rounds; otherwise (Nmf.Fast,
    /// in-process, where the high-water mark only grows and a later round would carry the other solvers' peaks) the
    /// first round's. A round that did not end Ok decides the result (the first such round, named in the note).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rounds"/> is empty.</exception>
    public static LibraryRun Merge(IReadOnlyList<LibraryRun> rounds, bool ownProcesses)
    {
        if (rounds.Count == 0) throw new ArgumentException("A library needs at least one round to merge.", nameof(rounds));
        if (rounds.Count == 1) return rounds[0];
        for (int r = 0; r < rounds.Count; r++)
        {
            if (rounds[r].Status == RunStatus.Ok) continue;
            var bad = rounds[r];
            if (r > 0 && bad.Status != RunStatus.Skipped) bad.Note = $"round {r + 1} of {rounds.Count}: {bad.Note}";
            return bad;
        }

        var first = rounds[0];
        var seconds = rounds.Select(run => run.RepeatSeconds.Count == 0 ? double.NaN : run.RepeatSeconds[0]).ToArray();
        var order = Enumerable.Range(0, rounds.Count).OrderBy(r => seconds[r]).ToArray();
        var median = rounds[order[(order.Length - 1) / 2]];
        var merged = new LibraryRun
        {
            Library = first.Library,
            Method = first.Method,
            Status = RunStatus.Ok,
            Note = median.Note,
            StartingPoint = first.StartingPoint,
            SharedStart = first.SharedStart,
            StoppingRule = first.StoppingRule,
            TraceMethod = first.TraceMethod,
            TraceByReruns = first.TraceByReruns,
            Iterations = median.Iterations,
            FinalRelativeError = median.FinalRelativeError,
            PeakRssBytes = ownProcesses ? rounds.Max(run => run.PeakRssBytes) : first.PeakRssBytes,
            MemoryMethod = first.MemoryMethod,
        };
        foreach (var run in rounds) merged.RepeatSeconds.AddRange(run.RepeatSeconds);
        // The median round's trace unless another round traced more points (a peer's re-run trace, first round only).
        var trace = rounds.Aggregate(median, (best, run) => run.Trace.Count > best.Trace.Count ? run : best).Trace;
        merged.Trace.AddRange(trace);
        merged.Info.AddRange(first.Info);
        return merged;
    }
}
