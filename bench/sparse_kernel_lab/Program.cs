// Variants of the CSR × dense row kernel (k = 20, double, 16-bit column indices) on raw aligned memory, timed in
// interleaved rounds: what the gathered operand's residency (L1 / L2 / L3), its layout, the value encoding and software
// prefetches cost per stored entry, without the solver around the kernel. Library kernel: src/Nmf.Fast/Linear/Sparse/CsrTimesDenseKernel.cs.
// Usage (repository root):
//   dotnet run -c Release --project bench/sparse_kernel_lab -- [cols=5000] [rounds=15] [rows=20000] [perRow=50]
//   dotnet run -c Release --project bench/sparse_kernel_lab -- fma      (one core's 512-bit FMA rate: the clock check)
// cols=100 keeps the gathered rows in L1, 5000 (800 KB) in L2; "5000 … 20000 … 200" swaps the roles: a 5000-row Xᵀ
// gathering from a 3.2 MB W (L3), as in Xᵀ·W.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

internal static unsafe class Program
{
    private const int K = 20;
    private static int _rows = 20000, _cols = 5000, _perRow = 50;
    private static int* _rowPointers;
    private static ushort* _columns;
    private static float* _values;
    private static byte* _byteValues;
    private static double* _byteTable;
    private static double* _b20; // B row-major, stride 20 (the library's layout)
    private static double* _b24; // the same rows at stride 24: every row starts a 64-byte line
    private static double* _c;   // C, stride 24

    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "fma")
        {
            for (int r = 0; r < 5; r++) FmaRate();
            return;
        }
        if (args.Length > 0) _cols = int.Parse(args[0]);
        int rounds = args.Length > 1 ? int.Parse(args[1]) : 15;
        if (args.Length > 2) _rows = int.Parse(args[2]);
        if (args.Length > 3) _perRow = int.Parse(args[3]);
        Fill();
        var variants = new (string Name, Action Run)[]
        {
            ("stride 20, 512 × 3 overlapping, prefetch 8 ahead (library)", () => RunRows<Stride20, Prefetch8, FloatValue>()),
            ("stride 20, no prefetch", () => RunRows<Stride20, NoPrefetch, FloatValue>()),
            ("stride 24, 512 + 512 + 256, prefetch 3 lines 8 ahead", () => RunRows<Stride24, Prefetch8, FloatValue>()),
            ("stride 24, no prefetch", () => RunRows<Stride24, NoPrefetch, FloatValue>()),
            ("stride 20, byte values through a table", () => RunRows<Stride20, Prefetch8, ByteValue>()),
            ("stride 20, byte values converted", () => RunRows<Stride20, Prefetch8, ByteConverted>()),
            ("stride 20, + prefetcht1 32 ahead", () => RunRows<Stride20, TwoLevelPrefetch, FloatValue>()),
        };
        var reference = new double[_rows * K];
        var times = variants.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r <= rounds; r++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                long t0 = Stopwatch.GetTimestamp();
                variants[v].Run();
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (r > 0) times[v].Add(ms);
                else CheckAgainst(reference, v == 0, variants[v].Name); // round 0: warm-up, and every variant gives the same C
            }
        }
        Console.WriteLine($"X {_rows}×{_cols}, {_perRow} entries per row, k = {K}, double, one thread, {rounds} rounds (ms per product)");
        for (int v = 0; v < variants.Length; v++)
        {
            var s = times[v].Order().ToArray();
            Console.WriteLine($"  {variants[v].Name,-58} median {s[s.Length / 2],7:F3}  min {s[0],7:F3}");
        }
    }

    private static void Fill()
    {
        var random = new Random(42);
        int nnz = _rows * _perRow;
        _rowPointers = (int*)NativeMemory.AlignedAlloc((nuint)(4 * (_rows + 1)), 64);
        _columns = (ushort*)NativeMemory.AlignedAlloc((nuint)(2 * nnz), 64);
        _values = (float*)NativeMemory.AlignedAlloc((nuint)(4 * nnz), 64);
        _byteValues = (byte*)NativeMemory.AlignedAlloc((nuint)nnz, 64);
        var row = new SortedSet<int>();
        int p = 0;
        for (int i = 0; i < _rows; i++)
        {
            _rowPointers[i] = p;
            row.Clear();
            while (row.Count < Math.Min(_perRow, _cols)) row.Add(random.Next(_cols));
            foreach (int j in row)
            {
                _columns[p] = (ushort)j;
                _byteValues[p] = (byte)(1 + random.Next(5));
                _values[p] = _byteValues[p];
                p++;
            }
        }
        _rowPointers[_rows] = p;
        _byteTable = (double*)NativeMemory.AlignedAlloc(256 * 8, 64);
        for (int t = 0; t < 256; t++) _byteTable[t] = t;
        _b20 = (double*)NativeMemory.AlignedAlloc((nuint)(8 * _cols * 20), 64);
        _b24 = (double*)NativeMemory.AlignedAlloc((nuint)(8 * _cols * 24), 64);
        for (int j = 0; j < _cols; j++)
            for (int t = 0; t < K; t++) _b20[j * 20 + t] = _b24[j * 24 + t] = random.NextDouble();
        _c = (double*)NativeMemory.AlignedAlloc((nuint)(8 * _rows * 24), 64);
    }

    private static void CheckAgainst(double[] reference, bool record, string name)
    {
        double worst = 0;
        for (int i = 0; i < _rows; i++)
            for (int t = 0; t < K; t++)
            {
                if (record) reference[i * K + t] = _c[i * 24 + t];
                else worst = Math.Max(worst, Math.Abs(reference[i * K + t] - _c[i * 24 + t]));
            }
        if (worst > 1e-9 * _perRow) throw new InvalidOperationException($"{name} differs from the library layout by {worst}");
    }

    private interface ILayout
    {
        static abstract int Stride { get; }
        static abstract double* B { get; }
    }

    private readonly struct Stride20 : ILayout
    {
        public static int Stride => 20;
        public static double* B => _b20;
    }

    private readonly struct Stride24 : ILayout
    {
        public static int Stride => 24;
        public static double* B => _b24;
    }

    private interface IPrefetch
    {
        static abstract int Near { get; }
        static abstract int Far { get; }
    }

    private readonly struct Prefetch8 : IPrefetch
    {
        public static int Near => 8;
        public static int Far => 0;
    }

    private readonly struct NoPrefetch : IPrefetch
    {
        public static int Near => 0;
        public static int Far => 0;
    }

    private readonly struct TwoLevelPrefetch : IPrefetch
    {
        public static int Near => 8;
        public static int Far => 32;
    }

    private interface IValue
    {
        static abstract Vector512<double> Broadcast(int p);
    }

    private readonly struct FloatValue : IValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Broadcast(int p) => Vector512.Create((double)_values[p]);
    }

    private readonly struct ByteValue : IValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Broadcast(int p) => Vector512.Create(_byteTable[_byteValues[p]]);
    }

    private readonly struct ByteConverted : IValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Broadcast(int p) => Vector512.Create((double)_byteValues[p]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRows<TLayout, TPrefetch, TValue>()
        where TLayout : ILayout where TPrefetch : IPrefetch where TValue : IValue
    {
        for (int i = 0; i < _rows; i++) Row<TLayout, TPrefetch, TValue>(i);
    }

    /// <summary>
    /// Row i of C: even and odd entries in separate accumulators (as the library). Stride 20 covers k = 20 with three
    /// 512-bit vectors at 0, 8, 12 (overlapping; rows start at 0 or 32 mod 64, so two of three loads may split a line);
    /// stride 24 with 512 + 512 + 256 bits at 0, 8, 16 (no split).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TLayout, TPrefetch, TValue>(int i)
        where TLayout : ILayout where TPrefetch : IPrefetch where TValue : IValue
    {
        int start = _rowPointers[i], end = _rowPointers[i + 1], last = _rowPointers[_rows];
        int stride = TLayout.Stride, near = TPrefetch.Near, far = TPrefetch.Far;
        double* bBase = TLayout.B;
        int third = stride == 24 ? 16 : 12;
        var e0 = Vector512<double>.Zero; var e1 = e0; var e2 = e0; var d0 = e0; var d1 = e0; var d2 = e0;
        var f2 = Vector256<double>.Zero; var g2 = f2; // the 256-bit third vector of stride 24
        int p = start;
        for (; p + 1 < end; p += 2)
        {
            if (near > 0 && p + near + 1 < last)
            {
                double* ba = bBase + _columns[p + near] * stride, qa = bBase + _columns[p + near + 1] * stride;
                Sse.Prefetch0(ba); Sse.Prefetch0(ba + 19); Sse.Prefetch0(qa); Sse.Prefetch0(qa + 19);
                if (stride == 24) { Sse.Prefetch0(ba + 8); Sse.Prefetch0(qa + 8); }
            }
            if (far > 0 && p + far + 1 < last)
            {
                double* ba = bBase + _columns[p + far] * stride, qa = bBase + _columns[p + far + 1] * stride;
                Sse.Prefetch1(ba); Sse.Prefetch1(ba + 10); Sse.Prefetch1(ba + 19); Sse.Prefetch1(qa); Sse.Prefetch1(qa + 10); Sse.Prefetch1(qa + 19);
            }
            var x = TValue.Broadcast(p);
            var y = TValue.Broadcast(p + 1);
            double* b = bBase + _columns[p] * stride, q = bBase + _columns[p + 1] * stride;
            e0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b), e0);
            d0 = Avx512F.FusedMultiplyAdd(y, Vector512.Load(q), d0);
            e1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 8), e1);
            d1 = Avx512F.FusedMultiplyAdd(y, Vector512.Load(q + 8), d1);
            if (stride == 24)
            {
                f2 = Fma.MultiplyAdd(x.GetLower(), Vector256.Load(b + 16), f2);
                g2 = Fma.MultiplyAdd(y.GetLower(), Vector256.Load(q + 16), g2);
            }
            else
            {
                e2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 12), e2);
                d2 = Avx512F.FusedMultiplyAdd(y, Vector512.Load(q + 12), d2);
            }
        }
        if (p < end)
        {
            var x = TValue.Broadcast(p);
            double* b = bBase + _columns[p] * stride;
            e0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b), e0);
            e1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 8), e1);
            if (stride == 24) f2 = Fma.MultiplyAdd(x.GetLower(), Vector256.Load(b + 16), f2);
            else e2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 12), e2);
        }
        double* c = _c + i * 24;
        (e0 + d0).Store(c);
        (e1 + d1).Store(c + 8);
        if (stride == 24) (f2 + g2).Store(c + 16);
        else (e2 + d2).Store(c + third);
    }

    private static void FmaRate()
    {
        const long iterations = 100_000_000;
        long t0 = Stopwatch.GetTimestamp();
        double sink = FmaLoop(iterations);
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        Console.WriteLine($"512-bit FMAs per ns: {iterations * 8 / seconds / 1e9:F2} (≈ GHz at one per cycle) [{sink:F3}]");
    }

    /// <summary>Eight independent FMA chains (latency 4, so enough to fill one 512-bit FMA per cycle).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double FmaLoop(long iterations)
    {
        var a0 = Vector512.Create(1.0); var a1 = a0; var a2 = a0; var a3 = a0; var a4 = a0; var a5 = a0; var a6 = a0; var a7 = a0;
        var x = Vector512.Create(0.999999); var y = Vector512.Create(1e-9);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, x, y); a1 = Avx512F.FusedMultiplyAdd(a1, x, y);
            a2 = Avx512F.FusedMultiplyAdd(a2, x, y); a3 = Avx512F.FusedMultiplyAdd(a3, x, y);
            a4 = Avx512F.FusedMultiplyAdd(a4, x, y); a5 = Avx512F.FusedMultiplyAdd(a5, x, y);
            a6 = Avx512F.FusedMultiplyAdd(a6, x, y); a7 = Avx512F.FusedMultiplyAdd(a7, x, y);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7).GetElement(0);
    }
}
