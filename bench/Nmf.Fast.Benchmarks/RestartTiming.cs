// `restarts` mode: the three schedules of RestartBenchmarks interleaved in one process, with wall, CPU and per-run times.
using System.Diagnostics;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// Times the 30 runs of <see cref="RestartBenchmarks"/> under each schedule, interleaved round by round so that load
/// from other processes falls on all schedules alike, and prints per schedule the median and minimum wall time, the
/// median process CPU time, and the median summed run time (each run's own <c>Elapsed</c>: when it exceeds the wall
/// time × workers, runs slowed each other; when it falls short, workers sat idle). Usage:
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- restarts [rounds]</c>.
/// </summary>
internal static class RestartTiming
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 9;
        string[] schedules = ["concurrent", "sequential-1t", "sequential-2t"];
        var bench = new RestartBenchmarks();
        bench.Setup();
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
        for (int s = 1; s < schedules.Length; s++)
            Console.WriteLine($"concurrent ÷ {schedules[s]}: {Median(wall[0]) / Median(wall[s]):F2}× (median of per-round ratios {Median(wall[0].Zip(wall[s], (a, b) => a / b).ToList()):F2}×)");
    }
}
