// BenchmarkDotNet suite for GEMM and Gram on the NMF shapes and squares, with a GFLOP/s column.
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Benchmarks;

/// <summary>The GEMM shapes that matter for NMF (X·Hᵀ, Wᵀ·X, WᵀW) and a square, float and double, 1 and all threads.</summary>
[Config(typeof(GflopsConfig))]
public class GemmBenchmarks
{
    /// <summary>A shape: label, op(A) m×k times op(B) k×n, and which operands are transposed.</summary>
    public sealed record Shape(string Label, int M, int N, int K, bool TransA, bool TransB, bool Gram = false)
    {
        public double Flops => 2.0 * M * N * K;
        public override string ToString() => Label;
    }

    public static IEnumerable<Shape> Shapes =>
    [
        new("XHt k=20", 5000, 20, 2000, false, true),
        new("XHt k=50", 5000, 50, 2000, false, true),
        new("WtX k=20", 20, 2000, 5000, true, false),
        new("WtX k=50", 50, 2000, 5000, true, false),
        new("WtW k=50", 50, 50, 5000, true, false, Gram: true),
        new("square 1024", 1024, 1024, 1024, false, false),
    ];

    [ParamsSource(nameof(Shapes))]
    public Shape Case { get; set; } = Shapes.First();

    [Params(1, -1)]
    public int Threads { get; set; }

    private Matrix<float> _a32 = null!, _b32 = null!, _c32 = null!;
    private Matrix<double> _a64 = null!, _b64 = null!, _c64 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new System.Random(1);
        (_a32, _b32, _c32) = Make<float>(rng);
        (_a64, _b64, _c64) = Make<double>(rng);
    }

    [Benchmark(Description = "float32")]
    public void Float32() => Run(_a32, _b32, _c32);

    [Benchmark(Description = "float64")]
    public void Float64() => Run(_a64, _b64, _c64);

    private void Run<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Case.Gram)
            Gram.OfColumns<T>(b, c, Threads);
        else
            Gemm.Multiply(T.One, a, Case.TransA ? MatrixOp.Transpose : MatrixOp.None, b, Case.TransB ? MatrixOp.Transpose : MatrixOp.None, T.Zero, c, Threads);
    }

    private (Matrix<T>, Matrix<T>, Matrix<T>) Make<T>(System.Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = Case;
        var a = Fill(new Matrix<T>(s.TransA ? s.K : s.M, s.TransA ? s.M : s.K), rng);
        var b = s.Gram ? Fill(new Matrix<T>(s.K, s.N), rng) : Fill(new Matrix<T>(s.TransB ? s.N : s.K, s.TransB ? s.K : s.N), rng);
        return (a, b, new Matrix<T>(s.M, s.N));
    }

    private static Matrix<T> Fill<T>(Matrix<T> m, System.Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = m.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = T.CreateTruncating(rng.NextDouble());
        return m;
    }
}

/// <summary>Adds the GFLOP/s column (2·m·n·k flops over the mean time) to the default columns.</summary>
public sealed class GflopsConfig : ManualConfig
{
    public GflopsConfig()
    {
        AddColumn(new GflopsColumn());
    }
}

/// <summary>GFLOP/s = 2·m·n·k / mean time, from the benchmark's <see cref="GemmBenchmarks.Case"/> parameter.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => "GFLOPS";
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Billions of floating-point operations per second (2·m·n·k / mean)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var shape = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(GemmBenchmarks.Case))?.Value as GemmBenchmarks.Shape;
        if (report?.ResultStatistics is null || shape is null) return "-";
        double seconds = report.ResultStatistics.Mean / 1e9;
        return (shape.Flops / seconds / 1e9).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
