// End-to-end runs of the comparison: Nmf.Fast in-process with missing peers, the real scikit-learn peer when installed, argument errors.
using Nmf.Fast.Cli.Commands;
using Nmf.Fast.Cli.Compare;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Xunit.Abstractions;

namespace Nmf.Fast.Tests.Compare;

public class CompareRunTests(ITestOutputHelper output)
{
    [Fact]
    public void Compare_WithMissingPeers_ReportsNmfFastAndNamesTheSkippedPeers()
    {
        string dir = CompareFixtures.TempDirectory("e2e");
        var (x, _, _) = CompareFixtures.Planted();
        string input = Path.Combine(dir, "input.npy");
        MatrixFile.WriteNpy(input, x.AsReadOnlyMatrixSpan());
        var settings = CompareFixtures.Settings(dir, "sklearn", "rcppml") with
        {
            Input = input,
            OutputDirectory = Path.Combine(dir, "out"),
            Python = "/nonexistent/python3",
            Rscript = "/nonexistent/Rscript",
        };
        var outcome = CompareOrchestrator.Run(settings, TextWriter.Null);

        var hals = outcome.Runs.Single(r => r.Label == "Nmf.Fast HALS");
        Assert.Equal(RunStatus.Ok, hals.Status);
        Assert.Equal(8, hals.Trace.Count);
        Assert.True(hals.FinalRelativeError < outcome.InitialRelativeError);
        // The trace's last point (from the loss) agrees with the error computed from the factors.
        Assert.Equal(hals.FinalRelativeError, hals.Trace[^1].RelativeError, 6);
        Assert.All(outcome.Runs.Where(r => r.Library != "Nmf.Fast"), r => Assert.Equal(RunStatus.Skipped, r.Status));
        var mu = outcome.Runs.Single(r => r.Label == "Nmf.Fast MU");
        Assert.True(mu.Status is RunStatus.Ok or RunStatus.Skipped); // skipped until the MU solver is merged
        foreach (var file in new[] { "report.md", "results.json", "loss_vs_time.png", "w0.npy", "h0.npy", "x.npy" })
            Assert.True(File.Exists(Path.Combine(settings.OutputDirectory, file)), file);
        Assert.Contains("scikit-learn skipped: cannot start '/nonexistent/python3'", File.ReadAllText(Path.Combine(settings.OutputDirectory, "report.md")));
    }

    [Fact]
    public void SklearnPeer_RunsForReal_WhenPythonWithScikitLearnIsInstalled()
    {
        const string python = "/usr/bin/python3";
        if (!HasSklearn(python))
        {
            output.WriteLine($"SKIPPED: {python} with scikit-learn is not installed here; the real scikit-learn peer was not run.");
            return;
        }
        string dir = CompareFixtures.TempDirectory("sklearn");
        var (x, _, _) = CompareFixtures.Planted();
        var settings = CompareFixtures.Settings(dir, "sklearn") with { Python = python, OpenBlasCoreType = null };
        var (w0, h0) = ProblemFiles.StartingPoint(x, 2, NmfInit.Random, 0, 1);
        var files = ProblemFiles.Write(dir, x, w0, h0);
        var peer = PeerDefinition.Sklearn(settings);
        var runs = PeerRunner.Run(peer, settings, files, CompareInput.FromDense(x), PeerScripts.Extract(peer.Script, dir), Path.Combine(dir, "factors"), TextWriter.Null);

        Assert.Equal(["cd", "mu"], runs.Select(r => r.Method));
        foreach (var run in runs)
        {
            Assert.True(run.Status == RunStatus.Ok, $"{run.Label}: {run.Note}");
            Assert.Equal(8, run.Iterations);
            Assert.Equal(2, run.RepeatSeconds.Count);
            Assert.Equal([1, 2, 3, 4, 6, 8], run.Trace.Select(t => t.Iteration));
            Assert.InRange(run.FinalRelativeError, 0, RelativeError.Of(x, w0, h0));
            Assert.NotNull(run.PeakRssBytes);
        }
        // Same start, same rule, same iterations: scikit-learn cd and Nmf.Fast HALS agree.
        var hals = NmfFastRunner.Run(CompareInput.FromDense(x), w0, h0, NmfSolver.Hals, settings);
        Assert.Equal(runs[0].FinalRelativeError, hals.FinalRelativeError, 8);
    }

    [Fact]
    public void SparseCompare_FitsTheCsrMatrix_AndMatchesTheDenseRunOnTheSameData()
    {
        string dir = CompareFixtures.TempDirectory("sparse-vs-dense");
        var x = CompareFixtures.SparseProblem();
        string sparseInput = Path.Combine(dir, "input.npz"), denseInput = Path.Combine(dir, "input.npy");
        MatrixFile.WriteSparse(sparseInput, x);
        MatrixFile.WriteNpy(denseInput, x.ToDense().AsReadOnlyMatrixSpan());
        var common = CompareFixtures.Settings(dir) with { Rank = 3, Init = NmfInit.Nndsvda, Repeats = 1 };
        var sparse = CompareOrchestrator.Run(common with { Input = sparseInput, OutputDirectory = Path.Combine(dir, "sparse") }, TextWriter.Null);
        var dense = CompareOrchestrator.Run(common with { Input = denseInput, OutputDirectory = Path.Combine(dir, "dense") }, TextWriter.Null);

        Assert.Equal(x.NonZeroCount, sparse.NonZeros);
        Assert.Null(dense.NonZeros);
        Assert.Empty(sparse.Notes); // no "densified" caveat any more
        Assert.True(File.Exists(Path.Combine(dir, "sparse", "x.npz")));
        Assert.False(File.Exists(Path.Combine(dir, "sparse", "x.npy")));
        Assert.Equal(dense.InitialRelativeError, sparse.InitialRelativeError, 10);
        Assert.Equal(2, sparse.Runs.Count);
        for (int r = 0; r < sparse.Runs.Count; r++)
        {
            var (s, d) = (sparse.Runs[r], dense.Runs[r]);
            Assert.True(s.Status == RunStatus.Ok, $"{s.Label}: {s.Note}");
            Assert.Contains(s.Info, kv => kv.Key == "input" && kv.Value.StartsWith("CsrMatrix", StringComparison.Ordinal));
            Assert.DoesNotContain(d.Info, kv => kv.Key == "input");
            Assert.Equal(d.FinalRelativeError, s.FinalRelativeError, 8);
            Assert.Equal(d.Trace.Select(t => t.Iteration), s.Trace.Select(t => t.Iteration));
            for (int i = 0; i < s.Trace.Count; i++) Assert.Equal(d.Trace[i].RelativeError, s.Trace[i].RelativeError, 8);
        }
        string md = File.ReadAllText(Path.Combine(dir, "sparse", "report.md"));
        Assert.Contains("(40×30, sparse: " + x.NonZeroCount + " stored", md);
        Assert.Contains("`x.npz`", md);
        Assert.Equal(x.NonZeroCount, ResultsJson.Read(File.ReadAllText(Path.Combine(dir, "sparse", "results.json"))).NonZeros);
    }

    [Fact]
    public void SparseCompare_NeverDensifies_AnXWhoseDenseFormWouldNotFitInMemory()
    {
        // 60 000 × 50 000 is 24 GB as dense float64; its 400 stored entries and the factors are a few MB.
        string dir = CompareFixtures.TempDirectory("sparse-huge");
        const int m = 60_000, n = 50_000, nnz = 400;
        var rng = new System.Random(3);
        var rows = new int[nnz];
        var cols = new int[nnz];
        var values = new double[nnz];
        for (int s = 0; s < nnz; s++) (rows[s], cols[s], values[s]) = (rng.Next(m), rng.Next(n), 1 + rng.NextDouble());
        string input = Path.Combine(dir, "huge.npz");
        MatrixFile.WriteSparse(input, CsrMatrix<double>.FromTriplets(m, n, rows, cols, values));
        var settings = CompareFixtures.Settings(dir) with { Input = input, OutputDirectory = Path.Combine(dir, "out"), MaxIterations = 3, Repeats = 1 };

        // Counted on this thread (one thread: the fits run inline), so parallel test classes cannot inflate it.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = CompareOrchestrator.Run(settings, TextWriter.Null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.All(outcome.Runs, r => Assert.True(r.Status == RunStatus.Ok, $"{r.Label}: {r.Note}"));
        Assert.All(outcome.Runs, r => Assert.InRange(r.FinalRelativeError, 0, outcome.InitialRelativeError));
        Assert.True(allocated < 1L << 30, $"allocated {allocated >> 20} MiB; a dense X alone would be {(long)m * n * 8 >> 20} MiB");
    }

    [Fact]
    public void SklearnAndRcppmlPeers_FitASparseXAsSparse_WhenInstalled()
    {
        string dir = CompareFixtures.TempDirectory("peers-sparse");
        var x = CompareInput.FromSparse(CompareFixtures.SparseProblem());
        var settings = CompareFixtures.Settings(dir, "sklearn", "rcppml") with { Rank = 3, Repeats = 1, OpenBlasCoreType = null };
        var (w0, h0) = ProblemFiles.StartingPoint(x, 3, NmfInit.Random, 0, 1);
        var files = ProblemFiles.Write(dir, x, w0, h0);
        Assert.EndsWith("x.npz", files.X, StringComparison.Ordinal);
        var hals = NmfFastRunner.Run(x, w0, h0, NmfSolver.Hals, settings);
        foreach (var peer in new[] { PeerDefinition.Sklearn(settings), PeerDefinition.Rcppml(settings) })
        {
            var runs = PeerRunner.Run(peer, settings, files, x, PeerScripts.Extract(peer.Script, dir), Path.Combine(dir, "factors"), TextWriter.Null);
            if (runs.All(r => r.Status == RunStatus.Skipped))
            {
                output.WriteLine($"SKIPPED: {peer.Library} is not installed here ({runs[0].Note}); its sparse path was not run.");
                continue;
            }
            foreach (var run in runs)
            {
                Assert.True(run.Status == RunStatus.Ok, $"{run.Label}: {run.Note}");
                Assert.Contains(run.Info, kv => kv.Key == "input" && kv.Value.Contains("sparse fit", StringComparison.Ordinal));
                Assert.InRange(run.FinalRelativeError, 0, 1);
                // The peer's own sparse error formula agrees with the referee's at the full iteration count.
                Assert.Equal(run.FinalRelativeError, run.Trace.Last(t => t.Iteration == run.Iterations).RelativeError, 6);
            }
            // Same start, same rule, same iterations, both sparse: scikit-learn cd and Nmf.Fast HALS agree.
            if (peer.Name == "sklearn") Assert.Equal(hals.FinalRelativeError, runs[0].FinalRelativeError, 8);
        }
    }

    [Fact]
    public void Render_RebuildsTheReportAndChartsFromResultsJson()
    {
        string dir = CompareFixtures.TempDirectory("render");
        var outcome = CompareFixtures.RecordedOutcome(dir);
        string results = Path.Combine(dir, "results.json");
        File.WriteAllText(results, ResultsJson.Write(outcome));
        string target = Path.Combine(dir, "again");
        Assert.Equal(ExitCodes.Success, CompareCommand.Run(["--render", results, "--out", target]));
        Assert.Contains("| scikit-learn | cd | shared | ok |", File.ReadAllText(Path.Combine(target, "report.md")));
        Assert.True(File.Exists(Path.Combine(target, "loss_vs_time.png")));
        Assert.Equal(File.ReadAllText(results), File.ReadAllText(Path.Combine(target, "results.json")));
    }

    [Theory]
    [InlineData("x.npy --out d", "--rank is required")]
    [InlineData("x.npy --rank 2", "--out is required")]
    [InlineData("x.npy --rank 2 --out d --dtype float16", "float64 or float32")]
    [InlineData("x.npy --rank 2 --out d --peers numpy", "unknown peer 'numpy'")]
    [InlineData("x.npy --rank 2 --out d --solvers als", "unknown solver 'als'")]
    [InlineData("--rank 2 --out d", "needs an INPUT")]
    public void BadArguments_AreUsageErrors(string args, string message)
    {
        var split = args.Split(' ');
        var e = Assert.Throws<UsageException>(() => CompareCommand.Parse(CommandLine.Parse(split, "json"), split));
        Assert.Contains(message, e.Message);
    }

    internal static bool HasSklearn(string python)
    {
        if (!File.Exists(python)) return false;
        var result = PeerProcess.Run(python, ["-c", "import sklearn, numpy"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(60));
        return result.Started && result.ExitCode == 0;
    }
}
