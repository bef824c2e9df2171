// Variants of the CSR × dense row kernel (k = 20, double, 16-bit column indices) on raw aligned memory, timed in
// interleaved rounds: what the gathered operand's residency (L1 / L2 / L3), its layout, the value encoding and software
// prefetches cost per stored entry, without the solver around the kernel. Library kernel: src/Nmf.Fast/Linear/Sparse/CsrTimesDenseKernel.cs.
// Usage (repository root):
//   dotnet run -c Release --project bench/sparse_kernel_lab -- [cols=5000] [rounds=15] [rows=20000] [perRow=50]
//   dotnet run -c Release --project bench/sparse_kernel_lab -- fma      (one core's 512-bit FMA rate: the clock check)
//   dotnet run -c Release --project bench/sparse_kernel_lab -- pingpong (a cache line handed between two threads: the round trip)
// cols=100 keeps the gathered rows in L1, 5000 (800 KB) in L2; "-- 20000 15 5000 200" swaps the roles: a 5000-row Xᵀ
// gathering from a 3.2 MB W (L3), as in Xᵀ·W. The variant marked "(library)" is the library's kernel as it is now
// (8 + 8 + 4 lanes, each gathered row's first line prefetched 16 entries ahead, byte values); "(library until
// 2026-11-23)" is the one before. The "row pieces" variants cut B's rows into pieces that fit L2 (Xᵀ·W piece by piece,
// C re-read): docs/sparse.md, "Tried and not kept: Xᵀ cut into pieces".
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
        if (args.Length > 0 && args[0] == "pingpong")
        {
            for (int r = 0; r < 5; r++) PingPong();
            return;
        }
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
            ("stride 20, 512 × 3 overlapping, prefetch 8 (library until 2026-11-23)", () => RunRows<Stride20, Prefetch8, FloatValue>()),
            ("stride 20, no prefetch", () => RunRows<Stride20, NoPrefetch, FloatValue>()),
            ("stride 24, 512 + 512 + 256, prefetch 3 lines 8 ahead", () => RunRows<Stride24, Prefetch8, FloatValue>()),
            ("stride 24, no prefetch", () => RunRows<Stride24, NoPrefetch, FloatValue>()),
            ("stride 20, byte values through a table", () => RunRows<Stride20, Prefetch8, ByteValue>()),
            ("stride 20, byte values converted", () => RunRows<Stride20, Prefetch8, ByteConverted>()),
            ("stride 20, + prefetcht1 32 ahead", () => RunRows<Stride20, TwoLevelPrefetch, FloatValue>()),
            ("stride 20, 512 + 512 + 256 (no overlap), prefetch", () => RunRows<Stride20Exact, Prefetch8, FloatValue>()),
            ("stride 20, prefetch 16 ahead", () => RunRows<Stride20, Prefetch16, FloatValue>()),
            ("stride 20, prefetch 16 ahead, first line only", () => RunRows<Stride20, Prefetch16FirstLine, FloatValue>()),
            ("stride 20, 8+8+4, prefetch 16 ahead", () => RunRows<Stride20Exact, Prefetch16, FloatValue>()),
            ("stride 20, 8+8+4, prefetch 16, bytes", () => RunRows<Stride20Exact, Prefetch16, ByteConverted>()),
            ("stride 20, 8+8+4, prefetch 16 first line, bytes (library)", () => RunRows<Stride20Exact, Prefetch16FirstLine, ByteConverted>()),
            ("stride 20, B in 2 row pieces, C re-read", () => RunPieces(2)),
            ("stride 20, B in 4 row pieces, C re-read", () => RunPieces(4)),
            ("stride 20, B in 8 row pieces, C re-read", () => RunPieces(8)),
            ("stride 20, 256 × 5 (no split loads)", () => RunRows256()),
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
            Console.WriteLine($"  {variants[v].Name,-66} median {s[s.Length / 2],7:F3}  min {s[0],7:F3}");
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

    private struct Piece
    {
        public int* Rp;
        public ushort* Cols;
        public float* Vals;
    }

    private static Piece[]?[] _pieceCsr = new Piece[]?[9];

    /// <summary>X split by column into P blocks, each packed as its own CSR (all rows' entries of a block contiguous).</summary>
    private static Piece[] Pieces(int pieces)
    {
        if (_pieceCsr[pieces] is { } cached) return cached;
        var result = new Piece[pieces];
        int nnz = _rowPointers[_rows];
        for (int b = 0; b < pieces; b++)
        {
            int lo = (int)((long)_cols * b / pieces), hi = (int)((long)_cols * (b + 1) / pieces);
            var rp = (int*)NativeMemory.AlignedAlloc((nuint)(4 * (_rows + 1)), 64);
            var cols = (ushort*)NativeMemory.AlignedAlloc((nuint)(2 * nnz), 64);
            var vals = (float*)NativeMemory.AlignedAlloc((nuint)(4 * nnz), 64);
            int q = 0;
            for (int i = 0; i < _rows; i++)
            {
                rp[i] = q;
                for (int p = _rowPointers[i]; p < _rowPointers[i + 1]; p++)
                    if (_columns[p] >= lo && _columns[p] < hi) { cols[q] = _columns[p]; vals[q] = _values[p]; q++; }
            }
            rp[_rows] = q;
            result[b] = new Piece { Rp = rp, Cols = cols, Vals = vals };
        }
        return _pieceCsr[pieces] = result;
    }

    /// <summary>Xᵀ·W blocked over W's rows: piece by piece over all rows, C's rows re-read and added to after the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPieces(int pieces)
    {
        var csr = Pieces(pieces);
        for (int b = 0; b < pieces; b++)
        {
            int* rp = csr[b].Rp; ushort* cols = csr[b].Cols; float* vals = csr[b].Vals;
            int last = rp[_rows];
            for (int i = 0; i < _rows; i++) PieceRow(i, rp[i], rp[i + 1], last, cols, vals, b > 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PieceRow(int i, int start, int end, int last, ushort* columns, float* values, bool add)
    {
        double* bBase = _b20;
        var e0 = Vector512<double>.Zero; var e1 = e0; var e2 = e0; var d0 = e0; var d1 = e0; var d2 = e0;
        int p = start;
        const int near = 16;
        for (; p + 1 < end; p += 2)
        {
            if (p + near + 1 < last)
            {
                double* ba = bBase + columns[p + near] * 20, qa = bBase + columns[p + near + 1] * 20;
                Sse.Prefetch0(ba); Sse.Prefetch0(ba + 19); Sse.Prefetch0(qa); Sse.Prefetch0(qa + 19);
            }
            var x = Vector512.Create((double)values[p]);
            var y = Vector512.Create((double)values[p + 1]);
            double* b = bBase + columns[p] * 20, q = bBase + columns[p + 1] * 20;
            e0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b), e0);
            d0 = Avx512F.FusedMultiplyAdd(y, Vector512.Load(q), d0);
            e1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 8), e1);
            d1 = Avx512F.FusedMultiplyAdd(y, Vector512.Load(q + 8), d1);
            e2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 12), e2);
            d2 = Avx512F.FusedMultiplyAdd(y, Vector512.Load(q + 12), d2);
        }
        if (p < end)
        {
            var x = Vector512.Create((double)values[p]);
            double* b = bBase + columns[p] * 20;
            e0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b), e0);
            e1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 8), e1);
            e2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 12), e2);
        }
        double* c = _c + i * 24;
        e0 += d0; e1 += d1; e2 += d2;
        if (add) { e0 += Vector512.Load(c); e1 += Vector512.Load(c + 8); e2 += Vector512.Load(c + 12); }
        e0.Store(c); e1.Store(c + 8); e2.Store(c + 12);
    }

    /// <summary>k = 20 as five 256-bit vectors at 0, 4, …, 16: every load inside one 32-byte half-line, never split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRows256()
    {
        int last = _rowPointers[_rows];
        for (int i = 0; i < _rows; i++)
        {
            int start = _rowPointers[i], end = _rowPointers[i + 1];
            double* bBase = _b20;
            var e0 = Vector256<double>.Zero; var e1 = e0; var e2 = e0; var e3 = e0; var e4 = e0;
            var d0 = e0; var d1 = e0; var d2 = e0; var d3 = e0; var d4 = e0;
            int p = start;
            for (; p + 1 < end; p += 2)
            {
                if (p + 17 < last)
                {
                    double* ba = bBase + _columns[p + 16] * 20, qa = bBase + _columns[p + 17] * 20;
                    Sse.Prefetch0(ba); Sse.Prefetch0(ba + 19); Sse.Prefetch0(qa); Sse.Prefetch0(qa + 19);
                }
                var x = Vector256.Create((double)_values[p]);
                var y = Vector256.Create((double)_values[p + 1]);
                double* b = bBase + _columns[p] * 20, q = bBase + _columns[p + 1] * 20;
                e0 = Fma.MultiplyAdd(x, Vector256.Load(b), e0); d0 = Fma.MultiplyAdd(y, Vector256.Load(q), d0);
                e1 = Fma.MultiplyAdd(x, Vector256.Load(b + 4), e1); d1 = Fma.MultiplyAdd(y, Vector256.Load(q + 4), d1);
                e2 = Fma.MultiplyAdd(x, Vector256.Load(b + 8), e2); d2 = Fma.MultiplyAdd(y, Vector256.Load(q + 8), d2);
                e3 = Fma.MultiplyAdd(x, Vector256.Load(b + 12), e3); d3 = Fma.MultiplyAdd(y, Vector256.Load(q + 12), d3);
                e4 = Fma.MultiplyAdd(x, Vector256.Load(b + 16), e4); d4 = Fma.MultiplyAdd(y, Vector256.Load(q + 16), d4);
            }
            if (p < end)
            {
                var x = Vector256.Create((double)_values[p]);
                double* b = bBase + _columns[p] * 20;
                e0 = Fma.MultiplyAdd(x, Vector256.Load(b), e0); e1 = Fma.MultiplyAdd(x, Vector256.Load(b + 4), e1);
                e2 = Fma.MultiplyAdd(x, Vector256.Load(b + 8), e2); e3 = Fma.MultiplyAdd(x, Vector256.Load(b + 12), e3);
                e4 = Fma.MultiplyAdd(x, Vector256.Load(b + 16), e4);
            }
            double* c = _c + i * 24;
            (e0 + d0).Store(c); (e1 + d1).Store(c + 4); (e2 + d2).Store(c + 8); (e3 + d3).Store(c + 12); (e4 + d4).Store(c + 16);
        }
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

    /// <summary>Stride 20 read as 8 + 8 + 4 lanes (the third vector 256 bits), not 8 + 8 + 8 overlapping.</summary>
    private readonly struct Stride20Exact : ILayout
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
        static virtual bool FirstLineOnly => false;
    }

    private readonly struct Prefetch16 : IPrefetch
    {
        public static int Near => 16;
        public static int Far => 0;
    }

    private readonly struct Prefetch16FirstLine : IPrefetch
    {
        public static int Near => 16;
        public static int Far => 0;
        public static bool FirstLineOnly => true;
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
        bool exact = typeof(TLayout) == typeof(Stride20Exact) || stride == 24; // 8 + 8 + 4 lanes
        int third = exact ? 16 : 12;
        var e0 = Vector512<double>.Zero; var e1 = e0; var e2 = e0; var d0 = e0; var d1 = e0; var d2 = e0;
        var f2 = Vector256<double>.Zero; var g2 = f2; // the 256-bit third vector of stride 24
        int p = start;
        for (; p + 1 < end; p += 2)
        {
            if (near > 0 && p + near + 1 < last)
            {
                double* ba = bBase + _columns[p + near] * stride, qa = bBase + _columns[p + near + 1] * stride;
                Sse.Prefetch0(ba); Sse.Prefetch0(qa);
                if (!TPrefetch.FirstLineOnly) { Sse.Prefetch0(ba + 19); Sse.Prefetch0(qa + 19); }
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
            if (exact)
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
            if (exact) f2 = Fma.MultiplyAdd(x.GetLower(), Vector256.Load(b + 16), f2);
            else e2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(b + 12), e2);
        }
        double* c = _c + i * 24;
        (e0 + d0).Store(c);
        (e1 + d1).Store(c + 8);
        if (exact) (f2 + g2).Store(c + 16);
        else (e2 + d2).Store(c + third);
    }

    private static long _ball;

    /// <summary>Two threads hand one cache line back and forth: the core-to-core round trip (ns).</summary>
    private static void PingPong()
    {
        const long rounds = 200_000;
        Volatile.Write(ref _ball, 0);
        var other = new Thread(() =>
        {
            for (long i = 1; i < 2 * rounds; i += 2)
            {
                while (Volatile.Read(ref _ball) != i) { }
                Volatile.Write(ref _ball, i + 1);
            }
        });
        other.Start();
        long t0 = Stopwatch.GetTimestamp();
        for (long i = 0; i < 2 * rounds; i += 2)
        {
            while (Volatile.Read(ref _ball) != i) { }
            Volatile.Write(ref _ball, i + 1);
        }
        while (Volatile.Read(ref _ball) != 2 * rounds) { }
        double ns = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / rounds;
        other.Join();
        Console.WriteLine($"core-to-core round trip: {ns:F0} ns");
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
