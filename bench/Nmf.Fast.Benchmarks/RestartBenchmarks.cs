// 30 restarts of a 500×100, rank-3 KL fit: concurrent (FitRuns, one single-threaded fit per core) against 30 sequential fits.
using BenchmarkDotNet.Attributes;
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// Issue 9's bar: <c>FitRuns</c> with Runs = 30 must take ≤ 0.6× the time of the same 30 runs one after another. Three
/// schedules of the same 30 fits (bitwise the same results, see MultiRunTests):
/// <list type="bullet">
/// <item><c>concurrent</c>: what <c>FitRuns</c> does for a problem this small — one single-threaded fit per core;</item>
/// <item><c>sequential-1t</c>: the 30 fits one after another, single-threaded (the baseline the ratio is taken to);</item>
/// <item><c>sequential-all</c>: one after another, each fit using every core (a user's loop of <c>Fit</c> calls).</item>
/// </list>
/// <code>
///   dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- --filter '*RestartBenchmarks*'
///   dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- restarts 9     # interleaved, with CPU and GC figures (RestartTiming)
/// </code>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 7, invocationCount: 1)]
[MemoryDiagnoser]
public class RestartBenchmarks
{
    public const int Runs = 30;

    [Params("concurrent", "sequential-1t", "sequential-all")]
    public string Schedule { get; set; } = "concurrent";

    private Matrix<double> _x = new(1, 1);

    /// <summary>The data (after <see cref="Setup"/>).</summary>
    internal Matrix<double> X => _x;

    [GlobalSetup]
    public void Setup()
    {
        // A rank-3 non-negative product plus noise, like count-ish data for the KL loss.
        var random = new Random(9);
        const int m = 500, n = 100, k = 3;
        var w = new double[m * k];
        var h = new double[k * n];
        for (int i = 0; i < w.Length; i++) w[i] = random.NextDouble();
        for (int i = 0; i < h.Length; i++) h[i] = random.NextDouble() * 3;
        _x = new Matrix<double>(m, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int r = 0; r < k; r++) s += w[i * k + r] * h[r * n + j];
                _x[i, j] = s + 0.1 * random.NextDouble();
            }
    }

    private NmfOptions Options(int threads) => new()
    {
        Rank = 3, Beta = NmfLoss.KullbackLeibler, Solver = NmfSolver.MultiplicativeUpdate, Runs = Runs, Seed = 0,
        MaxIterations = 200, Tolerance = 0, MaxDegreeOfParallelism = threads,
    };

    [Benchmark]
    public double ThirtyRuns() => Fit(Schedule, null).Objectives[0];

    /// <summary>Runs the 30 fits under <paramref name="schedule"/> and returns the sum of the runs' own elapsed times in seconds.</summary>
    internal double TimedRuns(string schedule)
    {
        double sum = 0;
        var gate = new object();
        Fit(schedule, (_, r) => { lock (gate) sum += r.Elapsed.TotalSeconds; });
        return sum;
    }

    private MultiRunResult<double> Fit(string schedule, Action<int, NmfResult<double>>? onRun) => schedule switch
    {
        "concurrent" => NonNegativeMatrixFactorization.FitRuns(_x.AsReadOnlyMatrixSpan(), Options(-1), false, onRun, forceConcurrent: true, default),
        "sequential-1t" => NonNegativeMatrixFactorization.FitRuns(_x.AsReadOnlyMatrixSpan(), Options(1), false, onRun, forceConcurrent: false, default),
        _ => NonNegativeMatrixFactorization.FitRuns(_x.AsReadOnlyMatrixSpan(), Options(-1), false, onRun, forceConcurrent: false, default),
    };
}
