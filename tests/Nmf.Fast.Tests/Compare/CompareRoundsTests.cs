// Interleaved repeats: how one library's rounds merge, and that a comparison with R repeats runs R rounds of every library.
using Nmf.Fast.Cli.Compare;
using Nmf.Fast.IO;
using Xunit.Abstractions;

namespace Nmf.Fast.Tests.Compare;

public class CompareRoundsTests(ITestOutputHelper output)
{
    private static LibraryRun Round(double seconds, double error, int tracePoints, long? peak, string? note = null)
    {
        var run = new LibraryRun { Library = "scikit-learn", Method = "cd", Iterations = 8, FinalRelativeError = error, PeakRssBytes = peak, Note = note, TraceByReruns = true };
        run.RepeatSeconds.Add(seconds);
        for (int i = 1; i <= tracePoints; i++) run.Trace.Add(new TracePoint(i, seconds * i / tracePoints, error + 1.0 / i));
        run.Info.Add(new("blas", "openblas"));
        return run;
    }

    [Fact]
    public void Merge_KeepsEveryRoundsTime_TheMedianRoundsError_TheLongestTrace_AndTheHighestPeak()
    {
        var rounds = new[] { Round(0.30, 0.13, 6, 100), Round(0.10, 0.11, 1, 120), Round(0.20, 0.12, 1, null, "slow start") };
        var merged = CompareRounds.Merge(rounds, ownProcesses: true);

        Assert.Equal(RunStatus.Ok, merged.Status);
        Assert.Equal([0.30, 0.10, 0.20], merged.RepeatSeconds);
        Assert.Equal(0.20 / 8, merged.SecondsPerIteration, 12); // the median of the three rounds
        Assert.Equal(0.12, merged.FinalRelativeError);          // the round with the median time
        Assert.Equal("slow start", merged.Note);
        Assert.Equal(6, merged.Trace.Count);                    // the first round's re-run trace
        Assert.Equal(120, merged.PeakRssBytes);
        Assert.Single(merged.Info);
        Assert.True(merged.TraceByReruns);
        // In-process (Nmf.Fast): the first round's peak, before the other solvers' rounds raised the high-water mark.
        Assert.Equal(100, CompareRounds.Merge(rounds, ownProcesses: false).PeakRssBytes);
    }

    [Fact]
    public void Merge_ReportsTheFirstRoundThatFailed_NamingIt()
    {
        var failed = Round(0.1, double.NaN, 0, null, "the peer exited with code 1");
        failed.Status = RunStatus.Failed;
        var merged = CompareRounds.Merge([Round(0.2, 0.1, 3, 10), failed, Round(0.3, 0.1, 1, 10)], ownProcesses: true);
        Assert.Equal(RunStatus.Failed, merged.Status);
        Assert.Equal("round 2 of 3: the peer exited with code 1", merged.Note);
    }

    [Fact]
    public void Merge_OfOneRound_IsThatRound_AndOfNoRounds_IsAnError()
    {
        var only = Round(0.1, 0.1, 2, 5);
        Assert.Same(only, CompareRounds.Merge([only], ownProcesses: true));
        Assert.Throws<ArgumentException>(() => CompareRounds.Merge([], ownProcesses: true));
    }

    [Fact]
    public void Compare_WithTwoRepeats_TimesEveryLibraryOncePerRound()
    {
        string dir = CompareFixtures.TempDirectory("rounds");
        var (x, _, _) = CompareFixtures.Planted();
        string input = Path.Combine(dir, "input.npy");
        MatrixFile.WriteNpy(input, x.AsReadOnlyMatrixSpan());
        bool sklearn = CompareRunTests.HasSklearn("/usr/bin/python3");
        var settings = CompareFixtures.Settings(dir, "sklearn") with
        {
            Input = input,
            OutputDirectory = Path.Combine(dir, "out"),
            Repeats = 2,
            Python = sklearn ? "/usr/bin/python3" : "/nonexistent/python3",
            OpenBlasCoreType = null,
        };
        var log = new StringWriter();
        var outcome = CompareOrchestrator.Run(settings, log);

        var hals = outcome.Runs.Single(r => r.Label == "Nmf.Fast HALS");
        Assert.Equal(2, hals.RepeatSeconds.Count);
        Assert.Equal(8, hals.Trace.Count);
        Assert.Contains("(round 2 of 2)", log.ToString());
        if (!sklearn)
        {
            output.WriteLine("SKIPPED (peer half): /usr/bin/python3 with scikit-learn is not installed; only Nmf.Fast's rounds were checked.");
            Assert.All(outcome.Runs.Where(r => r.Library == "scikit-learn"), r => Assert.Equal(RunStatus.Skipped, r.Status));
            return;
        }
        foreach (var run in outcome.Runs.Where(r => r.Library == "scikit-learn"))
        {
            Assert.True(run.Status == RunStatus.Ok, $"{run.Label}: {run.Note}");
            Assert.Equal(2, run.RepeatSeconds.Count);                          // one process per round
            Assert.Equal([1, 2, 3, 4, 6, 8], run.Trace.Select(t => t.Iteration)); // the re-run trace of round 1
        }
        // Two peer processes ran, one per round.
        Assert.Equal(2, log.ToString().Split("running scikit-learn").Length - 1);
    }
}
