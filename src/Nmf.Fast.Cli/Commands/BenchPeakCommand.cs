// `nmf bench peak`: measures the FMA peak of one core (a register-only Vector512 FMA loop), the ceiling for GEMM.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class BenchPeakCommand
{
    public static readonly string[] Flags = ["json", "debug"];

    public static int Run(CommandLine cl)
    {
        cl.Flag("debug");
        string dtype = cl.String("dtype") ?? "float32";
        int repeat = cl.Int("repeat", 300, 1, 100_000);
        bool json = cl.Flag("json");
        cl.EnsureAllUsed();
        if (dtype is not ("float32" or "float64")) throw new UsageException($"option --dtype must be float32 or float64, got '{dtype}'");
        if (!Avx512F.IsSupported) throw new UsageException("bench peak needs AVX-512F");

        const long Iterations = 100_000; // ~1 ms: short runs, best of many, so a shared machine's time slicing does not hide the peak
        var times = new double[repeat];
        Loop(1000, dtype == "float64");
        for (int r = 0; r < repeat; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Loop(Iterations, dtype == "float64");
            times[r] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        double best = times[0];
        int lanes = dtype == "float64" ? 8 : 16;
        double gflops = 2.0 * 12 * lanes * Iterations / best / 1e9;
        if (json)
            JsonOutput.Write(w =>
            {
                w.WriteString("dtype", dtype);
                w.WriteNumber("threads", 1);
                w.WriteNumber("seconds", best);
                w.WriteNumber("gflops", gflops);
            });
        else
            Console.WriteLine($"FMA peak, one core, {dtype}: {gflops:F1} GFLOP/s (best of {repeat}; 12 independent zmm FMA chains)");
        return ExitCodes.Success;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Loop(long iterations, bool isDouble)
    {
        if (isDouble)
        {
            var x = Vector512.Create(1.0000001);
            var y = Vector512.Create(0.9999999);
            Vector512<double> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Avx512F.FusedMultiplyAdd(a0, y, x); a1 = Avx512F.FusedMultiplyAdd(a1, y, x); a2 = Avx512F.FusedMultiplyAdd(a2, y, x);
                a3 = Avx512F.FusedMultiplyAdd(a3, y, x); a4 = Avx512F.FusedMultiplyAdd(a4, y, x); a5 = Avx512F.FusedMultiplyAdd(a5, y, x);
                a6 = Avx512F.FusedMultiplyAdd(a6, y, x); a7 = Avx512F.FusedMultiplyAdd(a7, y, x); a8 = Avx512F.FusedMultiplyAdd(a8, y, x);
                a9 = Avx512F.FusedMultiplyAdd(a9, y, x); a10 = Avx512F.FusedMultiplyAdd(a10, y, x); a11 = Avx512F.FusedMultiplyAdd(a11, y, x);
            }
            Sink = (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
        }
        else
        {
            var x = Vector512.Create(1.0000001f);
            var y = Vector512.Create(0.9999999f);
            Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Avx512F.FusedMultiplyAdd(a0, y, x); a1 = Avx512F.FusedMultiplyAdd(a1, y, x); a2 = Avx512F.FusedMultiplyAdd(a2, y, x);
                a3 = Avx512F.FusedMultiplyAdd(a3, y, x); a4 = Avx512F.FusedMultiplyAdd(a4, y, x); a5 = Avx512F.FusedMultiplyAdd(a5, y, x);
                a6 = Avx512F.FusedMultiplyAdd(a6, y, x); a7 = Avx512F.FusedMultiplyAdd(a7, y, x); a8 = Avx512F.FusedMultiplyAdd(a8, y, x);
                a9 = Avx512F.FusedMultiplyAdd(a9, y, x); a10 = Avx512F.FusedMultiplyAdd(a10, y, x); a11 = Avx512F.FusedMultiplyAdd(a11, y, x);
            }
            Sink = (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
        }
    }

    private static double Sink { get; set; }
}
