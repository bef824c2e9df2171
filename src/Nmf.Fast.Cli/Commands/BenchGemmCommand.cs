// `nmf bench gemm`: times C ← op(A)·op(B) (or a Gram matrix) and prints the median time and GFLOP/s.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Commands;

internal static class BenchGemmCommand
{
    public static readonly string[] Flags = ["transa", "transb", "json", "gram", "help", "debug"];

    private const string Help = """
        nmf bench gemm [--m M] [--n N] [--k K] [--transa] [--transb] [--gram] [--dtype float32|float64]
                       [--threads T] [--repeat R] [--kernel avx512|avx2|scalar] [--json]

        Times C ← op(A)·op(B) with op(A) M×K and op(B) K×N (random data) and prints the median of R runs.
        Defaults: the NMF product X·Hᵀ, M=5000 N=50 K=2000 --transb, float32, all threads, 20 repeats.
        --gram times Gram.OfColumns of an M×K matrix (K×K result; flops counted as 2·M·K·K);
        --gram --transa times Gram.OfRows of a K×M matrix (A·Aᵀ, same K×K result and flop count).
        --kernel forces a micro-kernel tier (as NMFFAST_KERNEL does).
        'nmf bench peak [--dtype float32|float64] [--json]' measures the one-core FMA peak for comparison.
        """;

    public static int Run(CommandLine cl)
    {
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        cl.Flag("debug");
        int m = cl.Int("m", 5000, 0, 1 << 20);
        int n = cl.Int("n", 50, 0, 1 << 20);
        int k = cl.Int("k", 2000, 0, 1 << 20);
        bool gram = cl.Flag("gram");
        bool transA = cl.Flag("transa");
        bool transB = cl.Flag("transb") || (cl.String("n") is null && cl.String("m") is null && cl.String("k") is null && !gram && !transA);
        string dtype = cl.String("dtype") ?? "float32";
        int threads = cl.Int("threads", -1, -1, 4096);
        if (threads == 0) throw new UsageException("option --threads must be -1 (all cores) or positive");
        int repeat = cl.Int("repeat", 20, 1, 1_000_000);
        string? kernelName = cl.String("kernel");
        bool json = cl.Flag("json");
        cl.EnsureAllUsed();

        KernelTier tier = kernelName is null
            ? KernelSelector.Default
            : KernelSelector.Parse(kernelName) ?? throw new UsageException($"option --kernel must be avx512, avx2 or scalar, got '{kernelName}'");
        if (!KernelSelector.IsSupported(tier)) throw new UsageException($"this CPU cannot run the {KernelSelector.Name(tier)} kernel");
        int usedThreads = threads == -1 ? Environment.ProcessorCount : Math.Min(threads, Environment.ProcessorCount);
        if (gram) n = k;

        var (seconds, cpuSeconds) = dtype switch
        {
            "float32" => Time<float>(m, n, k, transA, transB, gram, threads, repeat, tier),
            "float64" => Time<double>(m, n, k, transA, transB, gram, threads, repeat, tier),
            _ => throw new UsageException($"option --dtype must be float32 or float64, got '{dtype}'"),
        };
        double median = Median(seconds);
        double cpuMedian = Median(cpuSeconds);
        double flops = 2.0 * m * n * k;
        double gflops = median > 0 ? flops / median / 1e9 : 0;
        string kernel = KernelSelector.Name(KernelSelector.Effective<float>(tier));
        string op = gram ? (transA ? "gramrows" : "gram") : $"{(transA ? "T" : "N")}{(transB ? "T" : "N")}";

        if (json)
            JsonOutput.Write(w =>
            {
                w.WriteNumber("m", m);
                w.WriteNumber("n", n);
                w.WriteNumber("k", k);
                w.WriteString("op", op);
                w.WriteString("dtype", dtype);
                w.WriteNumber("threads", usedThreads);
                w.WriteString("kernel", kernel);
                w.WriteNumber("repeat", repeat);
                w.WriteNumber("seconds", median);
                w.WriteNumber("min_seconds", seconds[0]);
                w.WriteNumber("cpu_seconds", cpuMedian);
                w.WriteNumber("gflops", gflops);
            });
        else
            Console.WriteLine($"gemm {op} {m}×{k}·{k}×{n} {dtype} threads={usedThreads} kernel={kernel}: median {median * 1e3:F3} ms, {gflops:F1} GFLOP/s (min {seconds[0] * 1e3:F3} ms, process CPU {cpuMedian * 1e3:F3} ms, {repeat} runs)");
        return ExitCodes.Success;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int h = values.Length / 2;
        return values.Length % 2 == 1 ? values[h] : 0.5 * (values[h - 1] + values[h]);
    }

    /// <summary>Wall-clock seconds per run, and process CPU seconds per run (all threads; on a shared machine the
    /// CPU time of a one-thread run shows the work done when the wall clock is inflated by other processes).</summary>
    private static (double[] Wall, double[] Cpu) Time<T>(int m, int n, int k, bool transA, bool transB, bool gram, int threads, int repeat, KernelTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(42);
        var a = Random<T>(transA ? k : m, transA ? m : k, rng);
        var b = Random<T>(transB ? n : k, transB ? k : n, rng);
        var c = new Matrix<T>(m, n);
        var gramOut = new Matrix<T>(k, k);
        var opA = transA ? MatrixOp.Transpose : MatrixOp.None;
        var opB = transB ? MatrixOp.Transpose : MatrixOp.None;

        void Once()
        {
            if (gram && transA) Gram.OfRows<T>(a, gramOut, threads, tier);
            else if (gram) Gram.OfColumns<T>(a, gramOut, threads, tier);
            else Gemm.Multiply(T.One, a, opA, b, opB, T.Zero, c, threads, tier, upperOnly: false);
        }

        // Warm up: JIT tiers, pack buffers, worker threads, caches — at least three runs or ~0.3 s.
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || (warm.Elapsed.TotalSeconds < 0.3 && i < 50); i++) Once();

        var seconds = new double[repeat];
        var cpu = new double[repeat];
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeat; r++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            Once();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        }
        return (seconds, cpu);
    }

    private static Matrix<T> Random<T>(int rows, int cols, System.Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new Matrix<T>(rows, cols);
        var span = x.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = T.CreateTruncating(rng.NextDouble());
        return x;
    }
}
