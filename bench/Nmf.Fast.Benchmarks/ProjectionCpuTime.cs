// `projection-cpu` mode: single-sample projection timed by thread CPU time, robust on a machine shared with other jobs.
using System.Runtime.InteropServices;
using Nmf.Fast.Benchmarks.Baselines;
using Nmf.Fast.Memory;
using Nmf.Fast.Projection;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// The data of <see cref="ProjectionBenchmarks"/> timed with <c>CLOCK_THREAD_CPUTIME_ID</c> instead of wall-clock time, so
/// the time this thread spends waiting for a core another process holds is not counted (BenchmarkDotNet's wall clock
/// inflates every figure several-fold on a loaded machine). Runs 60 rounds of each method, interleaved, and prints the
/// median and the minimum microseconds per projection; then runs the default projector on one thread alone and on two
/// threads at once and prints each thread's CPU microseconds per projection (equal when callers do not contend).
/// Linux only. Usage: <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- projection-cpu [20,100]</c>.
/// </summary>
internal static class ProjectionCpuTime
{
    public static void Run(string[] args)
    {
        int[] ranks = args.Length > 0 ? args[0].Split(',').Select(int.Parse).ToArray() : [20, 100];
        foreach (int rank in ranks)
        {
            var data = new ProjectionBenchmarks { Rank = rank };
            var (model, samples) = data.ModelAndSamples();
            var w = new float[rank];
            var active = new NmfProjector<float>(model);
            var descent = new NmfProjector<float>(model, new ProjectorOptions { Method = ProjectionMethod.CoordinateDescent });
            var baseline = new ColdStartActiveSetProjector(model);
            int reps = rank <= 32 ? 2000 : 30;
            var methods = new (string Name, Action<int> Project)[]
            {
                ("active set (default)", r => active.Project(samples.AsReadOnlyMatrixSpan().Row(r % samples.Rows), w)),
                ("coordinate descent", r => descent.Project(samples.AsReadOnlyMatrixSpan().Row(r % samples.Rows), w)),
                ("cold-start baseline", r => baseline.Project(samples.AsReadOnlyMatrixSpan().Row(r % samples.Rows), w)),
            };
            var times = methods.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round < 60; round++)
                for (int m = 0; m < methods.Length; m++)
                {
                    long start = ThreadCpuNanoseconds();
                    for (int r = 0; r < reps; r++) methods[m].Project(r);
                    times[m].Add((ThreadCpuNanoseconds() - start) / 1000.0 / reps);
                }
            for (int m = 0; m < methods.Length; m++)
            {
                var sorted = times[m].Order().ToArray();
                Console.WriteLine($"k = {rank}, {methods[m].Name}: median {sorted[sorted.Length / 2]:F2} µs, min {sorted[0]:F2} µs (thread CPU time)");
            }

            int count = rank <= 32 ? 200_000 : 4_000;
            double PerProjection(int offset)
            {
                var weights = new float[rank];
                long start = ThreadCpuNanoseconds();
                for (int r = 0; r < count; r++) active.Project(samples.AsReadOnlyMatrixSpan().Row((r + offset) % samples.Rows), weights);
                return (ThreadCpuNanoseconds() - start) / 1000.0 / count;
            }
            PerProjection(0);
            double alone = PerProjection(0), first = 0, second = 0;
            var partner = new Thread(() => first = PerProjection(31));
            partner.Start();
            second = PerProjection(0);
            partner.Join();
            Console.WriteLine($"k = {rank}, CPU µs per projection: one thread {alone:F2}; two concurrent threads {first:F2} and {second:F2}");
        }
    }

    internal static long ThreadCpuNanoseconds()
    {
        if (clock_gettime(ThreadCpuClock, out var t) != 0) throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    private const int ThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out Timespec time);
}
