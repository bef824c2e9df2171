// `restarts` mode: the three schedules of RestartBenchmarks interleaved in one process, with wall, CPU and per-run times.
using System.Diagnostics;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// Times the 30 runs of <see cref="RestartBenchmarks"/> under each schedule, interleaved round by round so that load
/// from other processes falls on all schedules alike, and prints per schedule the median and minimum wall time, the
/// median process CPU time, and the median summed run time (each run's own <c>Elapsed</c>: when it exceeds the wall
/// time × workers, runs slowed each other; when it falls short, workers sat idle). Usage:
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- restarts [rounds]</c>. It first prints the thread CPU
/// time of one W update and one H update of this fit (single-threaded): a fit's own second thread can only share the
/// W update (its 4 row panels), since the H update of 100 columns is one column block, which bounds what
/// <c>sequential-all</c> (2 threads per fit on this machine) can gain over <c>sequential-1t</c> whatever the load (Amdahl).
/// </summary>
internal static unsafe class RestartTiming
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 9;
        string[] schedules = ["concurrent", "sequential-1t", "sequential-all"];
        var bench = new RestartBenchmarks();
        bench.Setup();
        UpdateSplit(bench.X);
        var wall = schedules.Select(_ => new List<double>()).ToArray();
        var cpu = schedules.Select(_ => new List<double>()).ToArray();
        var runSum = schedules.Select(_ => new List<double>()).ToArray();
        var pause = new double[schedules.Length];
        var bytes = new long[schedules.Length];
        var gcs = new int[schedules.Length];
        string load0 = File.ReadAllText("/proc/loadavg").Trim();
        int gc0 = GC.CollectionCount(0), gc2 = GC.CollectionCount(2);
        for (int round = -1; round < rounds; round++)   // round -1 warms up the JIT (tiered to full opt) and the pool
            for (int s = 0; s < schedules.Length; s++)
            {
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var pause0 = GC.GetTotalPauseDuration();
                long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
                int gcCount0 = GC.CollectionCount(0);
                var clock = Stopwatch.StartNew();
                double sum = bench.TimedRuns(schedules[s]);
                clock.Stop();
                process.Refresh();
                if (round < 0) continue;
                wall[s].Add(clock.Elapsed.TotalSeconds);
                cpu[s].Add((process.TotalProcessorTime - cpu0).TotalSeconds);
                runSum[s].Add(sum);
                pause[s] += (GC.GetTotalPauseDuration() - pause0).TotalSeconds / rounds;
                bytes[s] += (GC.GetTotalAllocatedBytes(precise: true) - bytes0) / rounds;
                gcs[s] += GC.CollectionCount(0) - gcCount0;
            }
        double Median(List<double> v) { var o = v.Order().ToArray(); return o.Length % 2 == 1 ? o[o.Length / 2] : 0.5 * (o[o.Length / 2 - 1] + o[o.Length / 2]); }
        Console.WriteLine($"{RestartBenchmarks.Runs} runs of 500×100 rank-3 KL MU, 200 iterations, {rounds} interleaved rounds; load average before {load0}, after {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"GCs: gen0 {GC.CollectionCount(0) - gc0}, gen2 {GC.CollectionCount(2) - gc2}");
        for (int s = 0; s < schedules.Length; s++)
            Console.WriteLine($"{schedules[s],-14} wall median {Median(wall[s]):F3} s (min {wall[s].Min():F3}, max {wall[s].Max():F3}), CPU median {Median(cpu[s]):F3} s, summed run time median {Median(runSum[s]):F3} s; per round {bytes[s] / 1e6:F1} MB allocated, {(double)gcs[s] / rounds:F1} GCs pausing {pause[s] * 1e3:F1} ms");
        // The default Frobenius solver (ANLS) keeps an m×n Xᵀ per fit: with workspace reuse it is allocated once per worker.
        var frobenius = new NmfOptions { Rank = 3, Runs = RestartBenchmarks.Runs, Seed = 0, MaxIterations = 50 };
        NonNegativeMatrixFactorization.FitRuns(bench.X, frobenius);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        NonNegativeMatrixFactorization.FitRuns(bench.X, frobenius);
        Console.WriteLine($"30 Frobenius (ANLS) runs of the same X allocate {(GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6:F1} MB (Xᵀ alone is {8e-6 * bench.X.Length:F1} MB)");
        for (int s = 1; s < schedules.Length; s++)
            Console.WriteLine($"concurrent ÷ {schedules[s]}: {Median(wall[0]) / Median(wall[s]):F2}× (median of per-round ratios {Median(wall[0].Zip(wall[s], (a, b) => a / b).ToList()):F2}×)");
    }

    /// <summary>
    /// Prints the median wall time of one fused KL MU iteration (W and H updated in one sweep over X) on 1 and on 2
    /// threads, and what that ratio bounds: concurrent runs take at best 0.5 / ratio the time of two-thread fits.
    /// </summary>
    private static void UpdateSplit(Matrix<double> x)
    {
        int m = x.Rows, n = x.Cols, k = 3;
        var random = new Random(1);
        var w = new Matrix<double>(m, k);
        var h = new Matrix<double>(k, n);
        foreach (var v in new[] { w, h })
            for (int i = 0; i < v.AsSpan().Length; i++) v.AsSpan()[i] = 0.1 + random.NextDouble();
        var step = new MultiplicativeStep<double>(0, 0, 1.0, zeroBelowFloat64Epsilon: false);
        fixed (double* px = x.AsSpan(), pw = w.AsSpan(), ph = h.AsSpan())
        {
            var xv = new PinnedMatrixView<double>(px, m, n, n);
            var wv = new PinnedMatrixView<double>(pw, m, k, k);
            var hv = new PinnedMatrixView<double>(ph, k, n, n);
            double IterationMicroseconds(int threads)
            {
                var ws = FusedSweepWorkspace<double>.Rent(m, n, k, 1.0, threads);
                var times = new List<double>();
                for (int round = 0; round < 61; round++)
                {
                    long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    for (int i = 0; i < 20; i++) FusedSweep.Iterate(xv, wv, hv, ws, step, step, threads);
                    times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMicroseconds / 20);
                }
                return times.Order().ElementAt(30);
            }
            double one = IterationMicroseconds(1), two = IterationMicroseconds(2);
            var fitTimes = new List<double>();
            var options = new NmfOptions { Rank = k, Beta = NmfLoss.KullbackLeibler, Solver = NmfSolver.MultiplicativeUpdate, MaxIterations = 200, Tolerance = 0, MaxDegreeOfParallelism = 1 };
            for (int seed = 0; seed < 21; seed++)
            {
                long t0 = ProjectionCpuTime.ThreadCpuNanoseconds();
                NonNegativeMatrixFactorization.Fit(x, options with { Seed = seed });
                fitTimes.Add((ProjectionCpuTime.ThreadCpuNanoseconds() - t0) / 1e6);
            }
            Console.WriteLine($"one fused KL iteration (wall, median): {one:F0} µs on 1 thread, {two:F0} µs on 2 threads");
            Console.WriteLine($"so a fit on 2 threads takes {two / one:F2}× its 1-thread time, and concurrent runs at best 0.5 / {two / one:F2} = {0.5 / (two / one):F2}× sequential-all on 2 cores");
            Console.WriteLine($"one whole fit at 1 thread (thread CPU time, median of 21 seeds): {fitTimes.Order().ElementAt(10):F1} ms = {fitTimes.Order().ElementAt(10) * 1e3 / 200:F0} µs per iteration");
        }
    }
}
