// In-process, interleaved A/B timing of GEMM tuning knobs: each configuration sets internal static fields of
// Nmf.Fast by reflection, and rounds alternate the configurations so they share the machine's load and caches.
// Usage (from the repository root):
//   dotnet run -c Release --project bench/compare/gemm_ab -- DTYPE M N K OPA OPB THREADS ROUNDS REPEAT CONFIG...
//   CONFIG = Type.Field=value[+Type.Field=value...], e.g. Nmf.Fast.Linear.Kernels.Avx512DotKernel.PrefetchBytes=0
// Prints, per configuration, wall-time and CPU-time rates (GFLOP/s = 2·m·n·k / time): the median and best wall
// time, and the median and 25th-percentile CPU time (the calling thread's CPU time with 1 thread, the process's
// otherwise). On a shared machine compare the CPU columns of configurations from the same run only.
using System.Diagnostics;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

internal static partial class Program
{
    private static void Main(string[] args)
    {
        if (args.Length < 10)
        {
            Console.Error.WriteLine("usage: DTYPE M N K OPA(N|T) OPB(N|T) THREADS ROUNDS REPEAT CONFIG...");
            Environment.Exit(2);
        }
        if (args[0] == "float32") Run<float>(args); else Run<double>(args);
    }

    private static void Run<T>(string[] a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = int.Parse(a[1]), n = int.Parse(a[2]), k = int.Parse(a[3]);
        var opA = a[4] == "T" ? MatrixOp.Transpose : MatrixOp.None;
        var opB = a[5] == "T" ? MatrixOp.Transpose : MatrixOp.None;
        int threads = int.Parse(a[6]), rounds = int.Parse(a[7]), repeat = int.Parse(a[8]);
        var defaults = new Dictionary<FieldInfo, object?>();
        var configs = a.Skip(9).Select(c => (Name: c, Apply: Parse(c, defaults))).ToList();
        var rng = new Random(1);
        var am = Filled<T>(opA == MatrixOp.Transpose ? k : m, opA == MatrixOp.Transpose ? m : k, rng);
        var bm = Filled<T>(opB == MatrixOp.Transpose ? n : k, opB == MatrixOp.Transpose ? k : n, rng);
        var cm = new Matrix<T>(m, n);
        void Multiply() => Gemm.Multiply(T.One, am.AsReadOnlyMatrixSpan(), opA, bm.AsReadOnlyMatrixSpan(), opB, T.Zero, cm.AsMatrixSpan(), threads);
        var wall = configs.Select(_ => new List<double>()).ToArray();
        var cpu = configs.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int c = 0; c < configs.Count; c++)
            {
                configs[c].Apply();
                Multiply();
                Multiply();
                for (int i = 0; i < repeat; i++)
                {
                    double c0 = CpuSeconds(threads);
                    long t0 = Stopwatch.GetTimestamp();
                    Multiply();
                    wall[c].Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
                    cpu[c].Add(CpuSeconds(threads) - c0);
                }
            }
        double gflop = 2.0 * m * n * k / 1e9;
        for (int c = 0; c < configs.Count; c++)
        {
            wall[c].Sort();
            cpu[c].Sort();
            Console.WriteLine($"{a[0]} {m}×{n}×{k} {a[4]}{a[5]} threads={threads} {configs[c].Name}: wall median {gflop / wall[c][wall[c].Count / 2]:F1} best {gflop / wall[c][0]:F1} | CPU median {gflop / cpu[c][cpu[c].Count / 2]:F1} p25 {gflop / cpu[c][cpu[c].Count / 4]:F1} GFLOP/s");
        }
    }

    private static Matrix<T> Filled<T>(int rows, int cols, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new Matrix<T>(rows, cols);
        var s = x.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = T.CreateChecked(rng.NextDouble());
        return x;
    }

    /// <summary>
    /// The action that sets <paramref name="config"/>'s fields, after putting every field any configuration names back
    /// to its start-up value (so a configuration never inherits what the one before it set).
    /// </summary>
    private static Action Parse(string config, Dictionary<FieldInfo, object?> defaults)
    {
        var assembly = typeof(Gemm).Assembly;
        var steps = new List<Action>();
        foreach (string assignment in config.Split('+'))
        {
            string[] parts = assignment.Split('=');
            int dot = parts[0].LastIndexOf('.');
            var type = assembly.GetType(parts[0][..dot]) ?? throw new ArgumentException($"no type {parts[0][..dot]}");
            var field = type.GetField(parts[0][(dot + 1)..], BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new ArgumentException($"no static field {parts[0]}");
            long value = long.Parse(parts[1]);
            object boxed = field.FieldType == typeof(nint) ? (nint)value : Convert.ChangeType(value, field.FieldType);
            defaults.TryAdd(field, field.GetValue(null));
            steps.Add(() => field.SetValue(null, boxed));
        }
        return () =>
        {
            foreach (var (field, value) in defaults) field.SetValue(null, value);
            steps.ForEach(s => s());
        };
    }

    private static double CpuSeconds(int threads)
    {
        if (threads == 1 && ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var ts) == 0) return ts.Seconds + ts.Nanoseconds * 1e-9;
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime.TotalSeconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
