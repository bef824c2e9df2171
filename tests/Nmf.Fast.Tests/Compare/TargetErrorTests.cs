// Tests of the comparison at equal error: the target and the first point that reaches it; and the re-run schedule.
using Nmf.Fast.Cli.Compare;

namespace Nmf.Fast.Tests.Compare;

public class TargetErrorTests
{
    [Fact]
    public void Target_Is1PercentAboveTheBestFinalError_OfOkRunsOnly()
    {
        var runs = new[]
        {
            Run("a", RunStatus.Ok, 0.020),
            Run("b", RunStatus.Ok, 0.010),
            Run("failed", RunStatus.Failed, 0.001),
            Run("nan", RunStatus.NonFinite, double.NaN),
            Run("skipped", RunStatus.Skipped, 0.0001),
        };
        Assert.Equal(0.0101, TargetError.Of(runs), 15);
    }

    [Fact]
    public void Target_IsNaN_WhenNoRunSucceeded()
    {
        Assert.True(double.IsNaN(TargetError.Of([Run("x", RunStatus.Failed, 0.1)])));
        Assert.True(double.IsNaN(TargetError.Of([])));
    }

    [Fact]
    public void FirstReach_ReturnsTheFirstPointAtOrBelowTheTarget()
    {
        TracePoint[] trace = [new(1, 0.1, 0.5), new(2, 0.2, 0.3), new(4, 0.4, 0.2), new(8, 0.8, 0.25), new(16, 1.6, 0.1)];
        Assert.Equal(new TracePoint(4, 0.4, 0.2), TargetError.FirstReach(trace, 0.2));
        Assert.Equal(new TracePoint(16, 1.6, 0.1), TargetError.FirstReach(trace, 0.15));
        Assert.Null(TargetError.FirstReach(trace, 0.05));
        Assert.Null(TargetError.FirstReach(trace, double.NaN));
        Assert.Null(TargetError.FirstReach([], 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(1000)]
    public void Schedule_IsIncreasingFrom1_BelowTheMaximum_AndCheap(int max)
    {
        var schedule = IterationSchedule.Geometric(max);
        Assert.All(schedule, c => Assert.InRange(c, 1, max - 1));
        for (int i = 1; i < schedule.Count; i++) Assert.True(schedule[i] > schedule[i - 1]);
        if (max > 1) Assert.Equal(1, schedule[0]);
        Assert.True(schedule.Sum() <= 3.5 * max, $"re-runs cost {schedule.Sum()} iterations for max {max}");
    }

    [Fact]
    public void Median_OfOddAndEvenCounts()
    {
        Assert.Equal(2, Statistics.Median([3, 1, 2]));
        Assert.Equal(2.5, Statistics.Median([4, 1, 3, 2]));
        Assert.True(double.IsNaN(Statistics.Median([])));
    }

    internal static LibraryRun Run(string method, RunStatus status, double final) =>
        new() { Library = "lib", Method = method, Status = status, FinalRelativeError = final };
}
