// Shared fixtures of the compare tests: a small problem, settings and a recorded outcome with every kind of run.
using Nmf.Fast.Cli.Compare;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Compare;

internal static class CompareFixtures
{
    /// <summary>A fresh empty folder under the temp directory.</summary>
    public static string TempDirectory(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "nmf-compare-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A 12×9 planted rank-2 X (exact, non-negative) and its factors.</summary>
    public static (Matrix<double> X, Matrix<double> W, Matrix<double> H) Planted()
    {
        var w = new Matrix<double>(12, 2);
        var h = new Matrix<double>(2, 9);
        for (int i = 0; i < 12; i++) { w[i, 0] = 1 + i % 3; w[i, 1] = 0.5 * (i % 4); }
        for (int j = 0; j < 9; j++) { h[0, j] = 1 + j % 2; h[1, j] = 0.25 * j; }
        return (RelativeErrorTests.Product(w, h), w, h);
    }

    /// <summary>A 40×30 X with about 25% stored entries in (0, 1], not of low rank: a small sparse problem.</summary>
    public static CsrMatrix<double> SparseProblem()
    {
        var rng = new System.Random(6);
        var x = new Matrix<double>(40, 30);
        foreach (ref var v in x.AsSpan()) v = rng.NextDouble() < 0.25 ? 1 - rng.NextDouble() : 0;
        return CsrMatrix<double>.FromDense(x);
    }

    public static CompareSettings Settings(string dir, params string[] peers) => new()
    {
        Input = Path.Combine(dir, "x.npy"),
        OutputDirectory = dir,
        Rank = 2,
        Solvers = [NmfSolver.Hals, NmfSolver.MultiplicativeUpdate],
        Peers = peers,
        MaxIterations = 8,
        Repeats = 2,
        Threads = 1,
        CommandLine = "nmf compare x.npy --rank 2 --max-iter 8",
        PeerTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>A recorded outcome: two Ok runs with traces, one skipped, one failed, one NaN.</summary>
    public static CompareOutcome RecordedOutcome(string dir)
    {
        var outcome = new CompareOutcome
        {
            Settings = Settings(dir, "sklearn", "rcppml"),
            Machine = new MachineInfo("Test CPU", 2, "Linux", ".NET (JIT)", "0.1.0", "AVX-512", "0.10 0.20 0.30"),
            Rows = 12,
            Cols = 9,
            StartedUtc = new DateTime(2026, 11, 22, 20, 0, 0, DateTimeKind.Utc),
            InitialRelativeError = 0.8,
        };
        var hals = new LibraryRun { Library = "Nmf.Fast", Method = "HALS", Iterations = 8, FinalRelativeError = 0.0102, PeakRssBytes = 40L << 20, StartingPoint = "shared", StoppingRule = "tol = 0", TraceMethod = "every iteration", MemoryMethod = "VmHWM" };
        hals.RepeatSeconds.AddRange([0.008, 0.009, 0.010]);
        for (int i = 1; i <= 8; i++) hals.Trace.Add(new TracePoint(i, i * 0.001, 0.01 + 0.1 / (i * i)));
        hals.Info.Add(new("managed allocation per fit", "0.1 MiB"));
        var cd = new LibraryRun { Library = "scikit-learn", Method = "cd", Iterations = 8, FinalRelativeError = 0.0100, PeakRssBytes = 100L << 20, StartingPoint = "shared", StoppingRule = "tol = 0", TraceMethod = "re-runs", TraceByReruns = true, MemoryMethod = "VmHWM" };
        cd.RepeatSeconds.AddRange([0.02, 0.03, 0.025]);
        foreach (int i in new[] { 1, 2, 4, 8 }) cd.Trace.Add(new TracePoint(i, i * 0.003, 0.0100 + 0.1 / (i * i * i)));
        cd.Info.Add(new("blas", "openblas 0.3.21 kernel=SkylakeX threads=1"));
        var mu = new LibraryRun { Library = "Nmf.Fast", Method = "MU", Status = RunStatus.Skipped, Note = "not available in this build" };
        var failed = new LibraryRun { Library = "RcppML", Method = "nmf", Status = RunStatus.Failed, Note = "no results: the peer exited with code 1: Error in nmf: boom", SharedStart = false };
        var nan = new LibraryRun { Library = "scikit-learn", Method = "mu", Status = RunStatus.NonFinite, Note = "returned non-finite factors or errors (NaN or infinity)", Iterations = 8 };
        nan.RepeatSeconds.Add(0.01);
        nan.Trace.Add(new TracePoint(8, 0.01, double.NaN));
        outcome.Runs.AddRange([hals, mu, cd, nan, failed]);
        outcome.TargetRelativeError = TargetError.Of(outcome.Runs);
        return outcome;
    }
}
