// `projection-threads` mode: one vs two concurrent projection callers, each thread timed on its own after a start barrier.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;
using Nmf.Fast.Projection;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// Two-caller throughput measured so that nothing but the work is timed: two persistent worker threads (the one-caller
/// case alternates between them) are woken, meet at a spinning start barrier, and only then read their clocks; each
/// thread times its own batch (wall and thread CPU time, involuntary context switches, the CPU it ran on) and the
/// two-caller throughput is 2·batch over the span from the first start to the last end. One and two callers alternate
/// round by round, so both see the same machine; medians over the rounds are printed.
/// <para>
/// Besides the projector (<c>project</c>) the same harness runs its two halves and a control, to say which part stops
/// scaling: <c>H·x</c> (the GEMM dot-product kernel on the model's H, what a call starts with), <c>NNLS</c> (the warm-started
/// active set on precomputed b), and <c>FMA</c> (12 independent register-only FMA chains, as <c>nmf bench peak</c>: no memory
/// at all, so its ratio is what the two cores give any code — frequency, SMT siblings or a hypervisor would show here).
/// </para>
/// Linux only. Usage: <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- projection-threads [20,100] [rounds] [pin]</c>
/// (<c>pin</c>: caller i runs only on CPU i, so two callers can never share a core).
/// </summary>
internal static class ProjectionThroughput
{
    private const double TargetMilliseconds = 5;   // per thread per measurement: short, so that many rounds run without preemption

    public static void Run(string[] args)
    {
        int[] ranks = args.Length > 0 ? args[0].Split(',').Select(int.Parse).ToArray() : [20, 100];
        int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 201;
        bool pin = args.Length > 2 && args[2] == "pin";
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} CPUs; {rounds} rounds; "
            + (pin ? "caller i pinned to CPU i" : "callers not pinned"));
        using var crew = new Crew(pin);
        foreach (int rank in ranks)
        {
            var workloads = Workloads(rank, withFma: rank == ranks[0] && Avx512F.IsSupported);   // the FMA control does not depend on k
            foreach (var (name, work) in workloads)
            {
                int perThread = Calibrate(crew, work);
                var one = new List<Measurement>();
                var two = new List<Measurement>();
                for (int round = 0; round < rounds; round++)
                {
                    one.Add(crew.Measure(work, round % 2, 1, perThread));   // the lone caller alternates between the two workers
                    two.Add(crew.Measure(work, 0, 2, perThread));
                }
                Report(rank, name, perThread, one, two);
            }
        }
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>Calls per thread so that one thread's batch takes about <see cref="TargetMilliseconds"/>.</summary>
    private static int Calibrate(Crew crew, Action<int, int> work)
    {
        // Warm-up, one and two callers, until the JIT has promoted every method on the path to optimised code (tier 1):
        // at least 2 s of wall time and 0.5 s of the first worker's CPU time (a loaded machine may run it only now and then).
        var warmUp = Stopwatch.StartNew();
        double workerCpuNs = 0;
        while (warmUp.ElapsedMilliseconds < 2000 || workerCpuNs < 0.5e9)
        {
            workerCpuNs += crew.Measure(work, 0, 1, 64).Threads[0].CpuNs;
            crew.Measure(work, 1, 1, 64);
            workerCpuNs += crew.Measure(work, 0, 2, 64).Threads[0].CpuNs;
        }
        // The least CPU time of a few short batches: the work's own cost, not a preempted or interrupted batch.
        double nsPerCall = Enumerable.Range(0, 5).Min(_ => crew.Measure(work, 0, 1, 640).Threads[0].CpuNs / 640);
        return Math.Max(64, (int)(TargetMilliseconds * 1e6 / Math.Max(1, nsPerCall)) / 64 * 64);
    }

    /// <summary>The timed bodies: work(thread, calls) runs <c>calls</c> units on behalf of caller <c>thread</c>.</summary>
    private static (string Name, Action<int, int> Work)[] Workloads(int rank, bool withFma)
    {
        var data = new ProjectionBenchmarks { Rank = rank };
        var (model, samples) = data.ModelAndSamples();
        var projector = new NmfProjector<float>(model);
        int k = rank, n = model.Features, rows = samples.Rows;
        // Private outputs per caller, 64 bytes clear of each other and of any other object.
        var outputs = new[] { new float[k + 32], new float[k + 32] };

        // Precomputed b = H·x per sample for the NNLS half (the model has no regularisation, so b is H·x itself).
        var h = model.Components.AsReadOnlyMatrixSpan();
        var products = new Matrix<float>(rows, k);
        Gemm.Multiply(1f, samples.AsReadOnlyMatrixSpan(), MatrixOp.None, h, MatrixOp.Transpose, 0f, products.AsMatrixSpan(), 1);
        var gramT = new Matrix<float>(k, k);
        Gram.OfRows(h, gramT, 1);
        var g = new double[k * k];
        for (int i = 0; i < g.Length; i++) g[i] = gramT.AsSpan()[i];
        var gram = new ProjectionGram(g, k);

        void Project(int thread, int calls)
        {
            var output = outputs[thread].AsSpan(16, k);
            var x = samples.AsReadOnlyMatrixSpan();
            for (int i = 0; i < calls; i++) projector.Project(x.Row((31 * thread + i) % rows), output);
        }

        void Product(int thread, int calls)
        {
            var output = MatrixSpanOf(outputs[thread].AsSpan(16, k));
            var x = samples.AsReadOnlyMatrixSpan();
            var components = model.Components.AsReadOnlyMatrixSpan();
            for (int i = 0; i < calls; i++)
                Gemm.Multiply(1f, x.Row((31 * thread + i) % rows).ToRowMatrix(n), MatrixOp.None, components, MatrixOp.Transpose, 0f, output, 1,
                    KernelSelector.Default, upperOnly: false);
        }

        [SkipLocalsInit]
        void Nnls(int thread, int calls)
        {
            Span<double> buffer = stackalloc double[Math.Min(ProjectionScratch.Length(k), 1 << 13)];
            var scratchArray = ProjectionScratch.Length(k) > buffer.Length ? new double[ProjectionScratch.Length(k)] : null;
            var s = new ProjectionScratch(scratchArray ?? buffer, k);
            for (int i = 0; i < calls; i++)
            {
                var b = products.Row((31 * thread + i) % rows);
                double scale = 0;
                for (int t = 0; t < k; t++) { s.B[t] = b[t]; scale = Math.Max(scale, Math.Abs(s.B[t])); }
                ActiveSetNnls.Solve(gram, warmStart: true, 1e-5 * scale, 100, s, out _, out _);
            }
        }

        return withFma ? [("project", Project), ("H·x", Product), ("NNLS", Nnls), ("FMA", FmaChains)] : [("project", Project), ("H·x", Product), ("NNLS", Nnls)];
    }

    private static MatrixSpan<float> MatrixSpanOf(Span<float> row) => new(row, 1, row.Length);

    private static ReadOnlyMatrixSpan<float> ToRowMatrix(this ReadOnlySpan<float> row, int n) => new(row, 1, n);

    /// <summary>About 2 µs of register-only work per call: 200 steps of 12 independent zmm FMA chains.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FmaChains(int thread, int calls)
    {
        var x = Vector512.Create(1.0000001f);
        var y = Vector512.Create(0.9999999f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < 200L * calls; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, y, x); a1 = Avx512F.FusedMultiplyAdd(a1, y, x); a2 = Avx512F.FusedMultiplyAdd(a2, y, x);
            a3 = Avx512F.FusedMultiplyAdd(a3, y, x); a4 = Avx512F.FusedMultiplyAdd(a4, y, x); a5 = Avx512F.FusedMultiplyAdd(a5, y, x);
            a6 = Avx512F.FusedMultiplyAdd(a6, y, x); a7 = Avx512F.FusedMultiplyAdd(a7, y, x); a8 = Avx512F.FusedMultiplyAdd(a8, y, x);
            a9 = Avx512F.FusedMultiplyAdd(a9, y, x); a10 = Avx512F.FusedMultiplyAdd(a10, y, x); a11 = Avx512F.FusedMultiplyAdd(a11, y, x);
        }
        Sink[thread * 16] = (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }

    private static readonly float[] Sink = new float[32];

    private static void Report(int rank, string name, int perThread, List<Measurement> one, List<Measurement> two)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        void Line(string label, List<Measurement> ones, List<Measurement> twos)
        {
            if (ones.Count == 0)
            {
                Console.WriteLine($"k = {rank,3} {name,-7} {label,-6} no round qualifies");
                return;
            }
            double oneWall = Median(ones.Select(m => m.Threads[0].WallNs / perThread));
            double oneCpu = Median(ones.Select(m => m.Threads[0].CpuNs / perThread));
            double aWall = Median(twos.Select(m => m.Threads[0].WallNs / perThread));
            double bWall = Median(twos.Select(m => m.Threads[1].WallNs / perThread));
            double aCpu = Median(twos.Select(m => m.Threads[0].CpuNs / perThread));
            double bCpu = Median(twos.Select(m => m.Threads[1].CpuNs / perThread));
            // Per round: two callers' calls per second over one caller's (wall clock), and the same from thread CPU time
            // (what the ratio would be if no other process ever took a core: each thread's own work rate).
            double ratio = Median(ones.Zip(twos, (o, t) => 2.0 * o.SpanNs / t.SpanNs));
            double cpuRatio = Median(ones.Zip(twos, (o, t) => 4.0 * o.Threads[0].CpuNs / (t.Threads[0].CpuNs + t.Threads[1].CpuNs)));
            double overlap = Median(twos.Select(m => m.OverlapFraction));
            Console.WriteLine(
                $"k = {rank,3} {name,-7} {label,-6} {ones.Count,3} rounds | one caller {oneWall,8:F0} ns/call (CPU {oneCpu,8:F0}) | "
                + $"two callers {aWall,8:F0} / {bWall,8:F0} ns/call (CPU {aCpu,8:F0} / {bCpu,8:F0}) | "
                + $"throughput ×{ratio:F2} (CPU-time ×{cpuRatio:F2}) | overlap {overlap:P0}");
        }

        Console.WriteLine($"k = {rank,3} {name,-7} batch {perThread} calls per thread");
        Line("all", one, two);
        // Clean rounds: every thread of both measurements was on a core for ≥ 98 % of its batch (thread CPU time over wall
        // time; a thread that never blocks is off-CPU only when another process or the hypervisor holds its core).
        // and the two callers of the pair overlapped for ≥ 95 % of their span (both really ran at once).
        var clean = one.Zip(two).Where(p => p.First.OnCpuFraction >= 0.98 && p.Second.OnCpuFraction >= 0.98 && p.Second.OverlapFraction >= 0.95).ToList();
        Line("clean", clean.Select(p => p.First).ToList(), clean.Select(p => p.Second).ToList());
        var cleanOnes = clean.Select(p => p.First).ToList();
        string PerWorker(int worker)
        {
            var own = cleanOnes.Where(m => m.Threads[0].Worker == worker).Select(m => m.Threads[0].CpuNs / perThread).ToList();
            return own.Count == 0 ? "-" : $"{Median(own):F0}";
        }
        int sameCpu = clean.Count(p => p.Second.Threads[0].CpuAtEnd == p.Second.Threads[1].CpuAtEnd);
        Console.WriteLine($"k = {rank,3} {name,-7} clean: lone caller on worker 0 / 1: CPU {PerWorker(0)} / {PerWorker(1)} ns/call; "
            + $"two callers ended on the same CPU in {sameCpu} of {clean.Count} rounds; "
            + $"preemptions per two-caller round (median, all rounds) {Median(two.Select(m => (double)m.Threads.Sum(t => t.InvoluntarySwitches))):F0}; "
            + $"hand-off (wake to start + end to waiter) median {Median(two.Select(m => m.HandOffNs)) / 1000:F0} µs");
    }

    /// <summary>One thread's batch: wall and CPU nanoseconds, involuntary context switches, the CPU it ended on, its clock span.</summary>
    private readonly record struct ThreadTiming(int Worker, double WallNs, double CpuNs, long InvoluntarySwitches, int CpuAtEnd, long StartTicks, long EndTicks);

    /// <summary>One measurement with one or two callers.</summary>
    private sealed record Measurement(ThreadTiming[] Threads, long WokenTicks, long ReturnedTicks)
    {
        /// <summary>What a hand-off harness (wake the partner, run, wait for it) pays on top of the work: from waking the
        /// callers to the first start plus from the last end to the waiter's return, in nanoseconds.</summary>
        public double HandOffNs => (Threads.Min(t => t.StartTicks) - WokenTicks + ReturnedTicks - Threads.Max(t => t.EndTicks)) * 1e9 / Stopwatch.Frequency;

        /// <summary>From the first thread's start to the last thread's end, in nanoseconds.</summary>
        public double SpanNs => (Threads.Max(t => t.EndTicks) - Threads.Min(t => t.StartTicks)) * 1e9 / Stopwatch.Frequency;

        /// <summary>The fraction of the span during which every thread was inside its batch.</summary>
        public double OnCpuFraction => Threads.Min(t => t.CpuNs / t.WallNs);

        /// <summary>The fraction of the span during which every thread was inside its batch.</summary>
        public double OverlapFraction => Math.Max(0, Threads.Min(t => t.EndTicks) - Threads.Max(t => t.StartTicks)) * 1e9 / Stopwatch.Frequency / SpanNs;
    }

    /// <summary>Two persistent workers, woken per measurement and released together by a spinning barrier.</summary>
    private sealed class Crew : IDisposable
    {
        private readonly Thread[] _threads = new Thread[2];
        private readonly SemaphoreSlim[] _wake = [new(0), new(0)];
        private readonly SemaphoreSlim _done = new(0);
        private readonly ThreadTiming[] _results = new ThreadTiming[2];
        private readonly long[] _arrived = new long[32];   // element 16: away from the array header and other objects
        private Action<int, int> _work = (_, _) => { };
        private int _participants;
        private int _calls;
        private volatile bool _stopping;

        public Crew(bool pin)
        {
            for (int t = 0; t < 2; t++)
            {
                int id = t;
                _threads[t] = new Thread(() =>
                {
                    if (pin && sched_setaffinity(0, sizeof(ulong), [1UL << id]) != 0) throw new PlatformNotSupportedException("sched_setaffinity failed");
                    Loop(id);
                }) { IsBackground = true, Name = $"caller {id}" };
                _threads[t].Start();
            }
        }

        /// <summary>Workers first .. first + participants − 1 each run <paramref name="calls"/> units of <paramref name="work"/>.</summary>
        public Measurement Measure(Action<int, int> work, int first, int participants, int calls)
        {
            _work = work;
            _participants = participants;
            _calls = calls;
            Volatile.Write(ref _arrived[16], 0);
            long woken = Stopwatch.GetTimestamp();
            for (int t = first; t < first + participants; t++) _wake[t].Release();
            for (int t = 0; t < participants; t++) _done.Wait();
            long returned = Stopwatch.GetTimestamp();
            return new Measurement(_results.AsSpan(first, participants).ToArray(), woken, returned);
        }

        private void Loop(int id)
        {
            while (true)
            {
                _wake[id].Wait();
                if (_stopping) return;
                // Start barrier: nobody reads a clock until every participant is running.
                Interlocked.Increment(ref _arrived[16]);
                var spin = new SpinWait();
                while (Volatile.Read(ref _arrived[16]) < _participants) spin.SpinOnce(sleep1Threshold: -1);
                long switches = InvoluntarySwitches();
                long cpu = ProjectionCpuTime.ThreadCpuNanoseconds();
                long start = Stopwatch.GetTimestamp();
                _work(id, _calls);
                long end = Stopwatch.GetTimestamp();
                long cpuEnd = ProjectionCpuTime.ThreadCpuNanoseconds();
                _results[id] = new ThreadTiming(id, (end - start) * 1e9 / Stopwatch.Frequency, cpuEnd - cpu, InvoluntarySwitches() - switches,
                    sched_getcpu(), start, end);
                _done.Release();
            }
        }

        public void Dispose()
        {
            _stopping = true;
            foreach (var w in _wake) w.Release();
            foreach (var t in _threads) t.Join();
        }
    }

    private static long InvoluntarySwitches()
    {
        if (getrusage(1 /* RUSAGE_THREAD */, out var usage) != 0) return 0;
        return usage.InvoluntarySwitches;
    }

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs; ru_nivcsw is the last.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, Ixrss, Idrss, Isrss, MinorFaults, MajorFaults, Swaps, BlocksIn, BlocksOut, MessagesSent, MessagesReceived,
            Signals, VoluntarySwitches, InvoluntarySwitches;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int getrusage(int who, out Rusage usage);

    [DllImport("libc", SetLastError = false)]
    private static extern int sched_getcpu();

    [DllImport("libc", SetLastError = false)]
    private static extern int sched_setaffinity(int pid, nint size, ulong[] mask);
}
