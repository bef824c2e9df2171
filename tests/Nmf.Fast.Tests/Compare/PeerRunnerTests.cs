// Peer handling on recorded outputs: a good run, a missing library, a missing interpreter, a crash, NaN results.
using Nmf.Fast.Cli.Compare;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Compare;

public class PeerRunnerTests
{
    [Fact]
    public void RecordedGoodOutput_GivesOkRuns_WithTheErrorComputedFromTheFactors()
    {
        string dir = CompareFixtures.TempDirectory("peer-ok");
        var (x, w, h) = CompareFixtures.Planted();
        string wp = Path.Combine(dir, "W.npy"), hp = Path.Combine(dir, "H.npy");
        MatrixFile.WriteNpy(wp, w.AsReadOnlyMatrixSpan());
        MatrixFile.WriteNpy(hp, h.AsReadOnlyMatrixSpan());
        string[] lines =
        [
            "info\tsklearn\t1.2.1",
            "run\tcd\trepeat\t8\t0.01\t0.5",  // the peer's own error is replaced by the one computed from the factors
            "run\tcd\trepeat\t8\t0.03\t0.5",
            "run\tcd\trepeat\t8\t0.02\t0.5",
            $"factors\tcd\t{wp}\t{hp}",
            "run\tcd\ttrace\t4\t0.004\t0.2",
            "run\tcd\ttrace\t1\t0.001\t0.9",
            "info\tpeak_rss_kib\t1024",
        ];
        var runs = Interpret(lines, exitCode: 0);
        var cd = runs[0];
        Assert.Equal(RunStatus.Ok, cd.Status);
        Assert.Equal(0, cd.FinalRelativeError);
        Assert.Equal(0.02 / 8, cd.SecondsPerIteration, 15);
        Assert.Equal([1, 4, 8], cd.Trace.Select(t => t.Iteration));
        Assert.Equal(1024L * 1024, cd.PeakRssBytes);
        Assert.Contains(cd.Info, kv => kv.Key == "sklearn" && kv.Value == "1.2.1");
        Assert.Equal(RunStatus.Failed, runs[1].Status); // mu reported nothing
    }

    [Fact]
    public void MissingLibrary_IsSkippedWithANote()
    {
        var runs = Interpret(["missing\tModuleNotFoundError: No module named 'sklearn'"], exitCode: 3);
        Assert.All(runs, r => Assert.Equal(RunStatus.Skipped, r.Status));
        Assert.Contains("No module named 'sklearn'", runs[0].Note);
    }

    [Fact]
    public void CrashingPeer_IsFailed_WithTheTailOfItsStderr()
    {
        var result = new PeerProcessResult(true, null, 1, false, ["info\tpython\t3.11"], "Traceback (most recent call last):\nMemoryError: out of memory");
        var runs = Interpret(result);
        Assert.All(runs, r => Assert.Equal(RunStatus.Failed, r.Status));
        Assert.Contains("exited with code 1", runs[0].Note);
        Assert.Contains("MemoryError", runs[0].Note);
    }

    [Fact]
    public void PeerReportedFailure_OfOneSolver_DoesNotHideTheOther()
    {
        var runs = Interpret(["failed\tcd\tValueError: bad", "run\tmu\trepeat\t8\t0.01\t0.25"], exitCode: 0);
        Assert.Equal(RunStatus.Failed, runs[0].Status);
        Assert.Contains("ValueError: bad", runs[0].Note);
        Assert.Equal(RunStatus.Ok, runs[1].Status);
        Assert.Equal(0.25, runs[1].FinalRelativeError); // no factor files: the peer's own number, with a note
        Assert.NotNull(runs[1].Note);
    }

    [Fact]
    public void NaNResults_AreReportedAsNonFinite()
    {
        var runs = Interpret(["run\tcd\trepeat\t8\t0.01\tnan", "run\tmu\trepeat\t8\t0.01\t0.3", "run\tmu\ttrace\t4\t0.005\tNaN"], exitCode: 0);
        Assert.Equal(RunStatus.NonFinite, runs[0].Status);
        Assert.Equal(RunStatus.NonFinite, runs[1].Status);
        Assert.Equal(RunStatus.NonFinite.ToString(), runs[0].Status.ToString());
    }

    [Fact]
    public void BogusInterpreterPath_IsSkipped_NotACrash()
    {
        string dir = CompareFixtures.TempDirectory("peer-bogus");
        var (x, w, h) = CompareFixtures.Planted();
        var files = ProblemFiles.Write(dir, x, w, h);
        var settings = CompareFixtures.Settings(dir, "sklearn", "rcppml") with { Python = "/nonexistent/bin/python3", Rscript = "/nonexistent/bin/Rscript" };
        foreach (var peer in new[] { PeerDefinition.Sklearn(settings), PeerDefinition.Rcppml(settings) })
        {
            var runs = PeerRunner.Run(peer, settings, files, CompareInput.FromDense(x), PeerScripts.Extract(peer.Script, dir), Path.Combine(dir, "factors"), TextWriter.Null);
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.Equal(RunStatus.Skipped, r.Status));
            Assert.Contains("/nonexistent/bin/", runs[0].Note);
        }
    }

    [Fact]
    public void ProtocolNumbers_IncludePythonAndRSpellingsOfNaNAndInfinity()
    {
        Assert.True(PeerOutput.TryNumber("nan", out double a) && double.IsNaN(a));
        Assert.True(PeerOutput.TryNumber("NaN", out double b) && double.IsNaN(b));
        Assert.True(PeerOutput.TryNumber("-Inf", out double c) && double.IsNegativeInfinity(c));
        Assert.True(PeerOutput.TryNumber("1.5e-3", out double d) && d == 1.5e-3);
        Assert.False(PeerOutput.TryNumber("fast", out _));
        var output = PeerOutput.Parse(["run\tcd\trepeat\tx\t1\t2", "garbage"]);
        Assert.Empty(output.Variants);
        Assert.Equal(2, output.Unparsed.Count);
    }

    [Fact]
    public void RecordedOutput_OnASparseX_IsScoredFromTheFactorsAgainstTheSparseX_AsOnItsDenseCopy()
    {
        string dir = CompareFixtures.TempDirectory("peer-sparse");
        var x = CompareFixtures.SparseProblem();
        var rng = new System.Random(1);
        var w = new Matrix<double>(x.Rows, 2);
        var h = new Matrix<double>(2, x.Cols);
        foreach (ref var v in w.AsSpan()) v = rng.NextDouble();
        foreach (ref var v in h.AsSpan()) v = rng.NextDouble();
        string wp = Path.Combine(dir, "W.npy"), hp = Path.Combine(dir, "H.npy");
        MatrixFile.WriteNpy(wp, w.AsReadOnlyMatrixSpan());
        MatrixFile.WriteNpy(hp, h.AsReadOnlyMatrixSpan());
        string[] lines =
        [
            "info\tinput\tscipy.sparse csr matrix, nnz=300 (sparse fit)",
            "run\tcd\trepeat\t8\t0.01\t0.5",
            $"factors\tcd\t{wp}\t{hp}",
            "run\tcd\ttrace\t4\t0.004\t0.7",
            "failed\tmu\tValueError: bad",
        ];
        var result = new PeerProcessResult(true, null, 0, false, lines, "");
        var sparse = Interpret(result, CompareInput.FromSparse(x));
        var dense = Interpret(result, CompareInput.FromDense(x.ToDense()));
        Assert.Equal(RunStatus.Ok, sparse[0].Status);
        Assert.Equal(dense[0].FinalRelativeError, sparse[0].FinalRelativeError, 12);
        Assert.Equal(RelativeError.Of(x.ToDense(), w, h), sparse[0].FinalRelativeError, 12);
        Assert.Equal([4, 8], sparse[0].Trace.Select(t => t.Iteration));
        Assert.Contains(sparse[0].Info, kv => kv.Key == "input" && kv.Value.Contains("sparse fit", StringComparison.Ordinal));
        Assert.Equal(RunStatus.Failed, sparse[1].Status);
    }

    private static List<LibraryRun> Interpret(string[] lines, int exitCode) =>
        Interpret(new PeerProcessResult(true, null, exitCode, false, lines, ""));

    private static List<LibraryRun> Interpret(PeerProcessResult result) =>
        Interpret(result, CompareInput.FromDense(CompareFixtures.Planted().X));

    private static List<LibraryRun> Interpret(PeerProcessResult result, CompareInput x)
    {
        var settings = CompareFixtures.Settings(Path.GetTempPath(), "sklearn");
        var peer = PeerDefinition.Sklearn(settings);
        var runs = peer.Variants.Select(v => new LibraryRun { Library = peer.Library, Method = v.Method, Iterations = 8 }).ToList();
        PeerRunner.Interpret(peer, result, x, runs);
        return runs;
    }
}
