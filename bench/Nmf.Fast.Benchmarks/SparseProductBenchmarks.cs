// BenchmarkDotNet: the sparse products of one NMF iteration (X·Hᵀ, Xᵀ·W, sampled WH) on a 20000×5000 1%-dense count matrix.
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// X (20000×5000, exactly 50 stored entries per row = 1%, Poisson-like counts) times the rank-20 factors, the shape
/// of the sparse bar in issue 4. Compare with <c>bench/compare/sparse_products.py</c> (SciPy) on the same shape.
/// </summary>
[Config(typeof(Config))]
public class SparseProductBenchmarks
{
    internal const int Rows = 20000;
    internal const int Cols = 5000;
    internal const int PerRow = 50;
    internal const int Rank = 20;

    private sealed class Config : ManualConfig
    {
        // The machines are shared: the minimum shows what the kernel does when it gets a core, the median what it gets.
        public Config() => AddColumn(StatisticColumn.Min, new GflopsColumn(atMinimum: true), new GflopsColumn(atMinimum: false));
    }

    /// <summary>Element type.</summary>
    [Params("float", "double")]
    public string Type { get; set; } = "float";

    /// <summary>Threads (max degree of parallelism).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    private IProducts _products = null!;

    [GlobalSetup]
    public void Setup() => _products = Type == "float" ? new Products<float>() : new Products<double>();

    /// <summary>X·Hᵀ: 20000×20 output.</summary>
    [Benchmark]
    public void XHt() => _products.XHt(Threads);

    /// <summary>Xᵀ·W through the transposed CSR: 5000×20 output.</summary>
    [Benchmark]
    public void XtW() => _products.XtW(Threads);

    /// <summary>(WH)ᵢⱼ at the stored entries (the sampled product of KL/β updates and losses).</summary>
    [Benchmark]
    public void SampledWH() => _products.Sampled(Threads);

    /// <summary>(X ⊘ WH)·Hᵀ fused in one pass (the KL numerator for W; twice the flops of the column's 2·nnz·k).</summary>
    [Benchmark]
    public void RatioTimesHt() => _products.RatioTimesHt(Threads);

    private interface IProducts
    {
        void XHt(int threads);
        void XtW(int threads);
        void Sampled(int threads);
        void RatioTimesHt(int threads);
    }

    private sealed class Products<T> : IProducts where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int[] _rp, _ci, _tRp, _tCi;
        private readonly T[] _v, _tV, _sampled;
        private readonly Matrix<T> _w, _ht, _xht, _xtw;

        public Products()
        {
            (_rp, _ci, _v) = SparseBenchmarkData.Poisson<T>(Rows, Cols, PerRow, seed: 42);
            _tRp = new int[Cols + 1];
            _tCi = new int[_ci.Length];
            _tV = new T[_v.Length];
            SparseTranspose.Build<T>(_rp, _ci, _v, Rows, Cols, _tRp, _tCi, _tV, default);
            var random = new System.Random(7);
            _w = SparseBenchmarkData.Uniform<T>(Rows, Rank, random);
            _ht = SparseBenchmarkData.Uniform<T>(Cols, Rank, random);
            _xht = new Matrix<T>(Rows, Rank);
            _xtw = new Matrix<T>(Cols, Rank);
            _sampled = new T[_v.Length];
        }

        public void XHt(int threads) =>
            SparseKernels.Multiply<T>(_rp, _ci, _v, Rows, Cols, _ht.AsReadOnlyMatrixSpan(), _xht.AsMatrixSpan(), threads);

        public void XtW(int threads) =>
            SparseKernels.Multiply<T>(_tRp, _tCi, _tV, Cols, Rows, _w.AsReadOnlyMatrixSpan(), _xtw.AsMatrixSpan(), threads);

        public void RatioTimesHt(int threads) =>
            SparseKernels.MultiplyRatio<T>(_rp, _ci, _v, Rows, Cols, _w.AsReadOnlyMatrixSpan(), _ht.AsReadOnlyMatrixSpan(), T.CreateTruncating(1e-9), _xht.AsMatrixSpan(), threads);

        public void Sampled(int threads) =>
            SparseKernels.SampledProduct<T>(_rp, _ci, _v, Rows, Cols, _w.AsReadOnlyMatrixSpan(), _ht.AsReadOnlyMatrixSpan(), _sampled, threads);
    }

    /// <summary>GFLOP/s = 2·nnz·k / time (each stored entry is one multiply-add per rank component), at the median or minimum.</summary>
    private sealed class GflopsColumn(bool atMinimum) : IColumn
    {
        public string Id => nameof(GflopsColumn) + (atMinimum ? "Min" : "Median");
        public string ColumnName => atMinimum ? "GFLOP/s (min)" : "GFLOP/s (median)";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"2·nnz·k floating-point operations per second, 1e9, at the {(atMinimum ? "minimum" : "median")} time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is null) return "-";
            double flops = 2.0 * Rows * PerRow * Rank;
            double ns = atMinimum ? report.ResultStatistics.Min : report.ResultStatistics.Median;
            return (flops / ns).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
