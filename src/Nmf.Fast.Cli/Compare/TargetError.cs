// The comparison at equal error: the target (1% above the best final error) and when each run reached it.
namespace Nmf.Fast.Cli.Compare;

/// <summary>Time and iterations to reach a common target error.</summary>
internal static class TargetError
{
    /// <summary>How far above the best final error the target lies: within 1%.</summary>
    public const double Slack = 1.01;

    /// <summary>
    /// <see cref="Slack"/> × the smallest finite final relative error of the Ok runs; NaN when there is none.
    /// </summary>
    public static double Of(IEnumerable<LibraryRun> runs)
    {
        double best = double.PositiveInfinity;
        foreach (var run in runs)
            if (run.Status == RunStatus.Ok && double.IsFinite(run.FinalRelativeError))
                best = Math.Min(best, run.FinalRelativeError);
        return double.IsPositiveInfinity(best) ? double.NaN : best * Slack;
    }

    /// <summary>
    /// The first trace point (in iteration order) whose error is at or below <paramref name="target"/>, or null
    /// when the run never reached it (or the target is NaN). The time is that of the traced point itself: no
    /// interpolation between points.
    /// </summary>
    public static TracePoint? FirstReach(IReadOnlyList<TracePoint> trace, double target)
    {
        if (double.IsNaN(target)) return null;
        foreach (var point in trace)
            if (point.RelativeError <= target) return point;
        return null;
    }
}
