// Progress of multi-run fits: every run reports, run counts never go back, the best so far is right, nothing after return.
using Nmf.Fast.Cli.Commands;
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.ModelSelection;

public class MultiRunProgressTests
{
    private static readonly Matrix<double> X = TestData.Uniform(60, 20, 3);

    private static NmfOptions Options(int runs, int threads) => new()
    {
        Rank = 3, Runs = runs, Seed = 4, MaxDegreeOfParallelism = threads, Beta = NmfLoss.KullbackLeibler,
        Solver = NmfSolver.MultiplicativeUpdate, MaxIterations = 40,
    };

    /// <summary>Records reports; counts any that arrive while another is being handled (the library must serialise them).</summary>
    private sealed class Recorder : IProgress<NmfProgress>
    {
        private int _inside;
        public List<NmfProgress> Points { get; } = [];
        public int Overlaps { get; private set; }
        public bool Closed { get; set; }
        public int AfterClose { get; private set; }

        public void Report(NmfProgress value)
        {
            if (Interlocked.Increment(ref _inside) > 1) Overlaps++;
            if (Closed) AfterClose++;
            Points.Add(value);
            Thread.SpinWait(50); // widen the window in which an unserialised second report would overlap
            Interlocked.Decrement(ref _inside);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FitRuns_ReportsEveryRun_WithMonotoneRunCounts_AndTheBestSoFar(bool concurrent)
    {
        const int runs = 7;
        var recorder = new Recorder();
        var result = NonNegativeMatrixFactorization.FitRuns(X.AsReadOnlyMatrixSpan(), Options(runs, -1), false, null, concurrent, default, recorder);
        recorder.Closed = true;

        var points = recorder.Points;
        Assert.Equal(0, recorder.Overlaps);
        Assert.All(points, p => Assert.Equal(runs, p.Runs));
        Assert.All(points, p => Assert.InRange(p.Run, 0, runs - 1));
        Assert.Equal(Enumerable.Range(0, runs), points.Select(p => p.Run).Distinct().Order());
        for (int i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].RunsFinished >= points[i - 1].RunsFinished, $"RunsFinished went back at report {i}");
            Assert.True(points[i].Elapsed >= points[i - 1].Elapsed, $"Elapsed went back at report {i}");
            if (!double.IsNaN(points[i - 1].BestLoss)) Assert.True(points[i].BestLoss <= points[i - 1].BestLoss);
        }
        Assert.Equal(runs, points[^1].RunsFinished);
        Assert.Equal(result.Objectives.Min(), points[^1].BestLoss);
        Assert.True(double.IsNaN(points[0].BestLoss)); // nothing finished yet
        // Each run's own iterations arrive in order, and its last point is its final objective.
        foreach (var run in points.GroupBy(p => p.Run))
        {
            var iterations = run.Select(p => p.Iteration).ToList();
            Assert.Equal(iterations.Order(), iterations);
            Assert.Equal(0, iterations[0]);
            Assert.Equal(result.Objectives[run.Key], run.Last().Loss);
        }
        // Each finished run raises RunsFinished by exactly one.
        Assert.Equal(Enumerable.Range(1, runs), points.Select(p => p.RunsFinished).Where(f => f > 0).Distinct());

        Thread.Sleep(50);
        Assert.Equal(0, recorder.AfterClose);
    }

    [Fact]
    public void Fit_WithRuns_ReportsProgress_AndTheSameBestAsWithout()
    {
        var recorder = new Recorder();
        var with = NonNegativeMatrixFactorization.Fit(X, Options(4, -1), recorder);
        recorder.Closed = true;
        var without = NonNegativeMatrixFactorization.Fit(X, Options(4, -1));
        MatrixAssert.BitwiseEqual(without.W, with.W);
        Assert.Equal(4, recorder.Points[^1].RunsFinished);
        Assert.Equal(0, recorder.AfterClose);
    }

    [Fact]
    public void ConsensusFit_ReportsProgress()
    {
        var recorder = new Recorder();
        var sparse = CsrMatrix<double>.FromDense(X.AsReadOnlyMatrixSpan());
        ConsensusClustering.Fit(sparse, Options(3, -1), ClusterAxis.Rows, recorder);
        Assert.Equal(3, recorder.Points[^1].RunsFinished);
        Assert.All(recorder.Points, p => Assert.Equal(3, p.Runs));
    }

    [Fact]
    public void SingleFit_ReportsNoRunFields()
    {
        var recorder = new Recorder();
        NonNegativeMatrixFactorization.Fit(X, Options(1, 1), recorder);
        Assert.All(recorder.Points, p => Assert.Equal((-1, 1, 0), (p.Run, p.Runs, p.RunsFinished)));
        Assert.All(recorder.Points, p => Assert.True(double.IsNaN(p.BestLoss)));
    }

    [Fact]
    public void StderrProgressLine_ShowsRunsDoneCurrentRunAndBestSoFar()
    {
        var point = new NmfProgress(120, 12.5, TimeSpan.FromSeconds(6)) { Run = 8, Runs = 30, RunsFinished = 6, BestLoss = 10.25 };
        string line = StderrProgress.Line(point, 200, "rank 3: ");
        Assert.Contains("rank 3: runs    6/30 done", line, StringComparison.Ordinal);
        Assert.Contains("run    9 iteration    120/200", line, StringComparison.Ordinal);
        Assert.Contains("best loss 10.25", line, StringComparison.Ordinal);
        Assert.Contains("≈ 24 s left", line, StringComparison.Ordinal); // 6 s for 6 runs, 24 to go
        string first = StderrProgress.Line(point with { RunsFinished = 0, BestLoss = double.NaN }, 200);
        Assert.Contains("best loss -", first, StringComparison.Ordinal);
        Assert.Contains("? s left", first, StringComparison.Ordinal);
        Assert.Contains("iteration    120/200  loss 12.5", StderrProgress.Line(new NmfProgress(120, 12.5, TimeSpan.FromSeconds(6)), 200), StringComparison.Ordinal);
    }
}
