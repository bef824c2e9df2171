// MU per-iteration time on the dense 2000×1000, k = 20 problem that bench/compare/mu_sklearn.py times in scikit-learn.
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// Each invocation runs <see cref="Iterations"/> MU iterations (tol 0) from the same W0/H0, so the reported time
/// divided by <see cref="Iterations"/> is the time per iteration (loss evaluations every 10 iterations included).
/// Data: set NMF_MU_BENCH_DATA to the folder mu_sklearn.py wrote (X.f64, W0.f64, H0.f64, shape.json) to use
/// exactly scikit-learn's input; otherwise a synthetic problem of the same shape is generated.
/// <code>
///   OPENBLAS_NUM_THREADS=2 OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/compare/mu_sklearn.py
///   NMF_MU_BENCH_DATA=$PWD/out/mu-bench dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- --filter '*MultiplicativeUpdate*'
/// </code>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7, invocationCount: 1)]
public class MultiplicativeUpdateBenchmarks
{
    public const int Iterations = 20;

    [Params("frobenius", "kl")]
    public string Loss { get; set; } = "frobenius";

    [Params("float64", "float32")]
    public string Dtype { get; set; } = "float64";

    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    private double[] _x = [], _w0 = [], _h0 = [];
    private int _m, _n, _k;
    private Matrix<double>? _xd, _wd, _hd;
    private Matrix<float>? _xf, _wf, _hf;

    [GlobalSetup]
    public void Setup()
    {
        (_m, _n, _k, _x, _w0, _h0) = MuBenchData.Load();
        if (Dtype == "float64")
        {
            _xd = new Matrix<double>(_m, _n, _x);
            _wd = new Matrix<double>(_m, _k);
            _hd = new Matrix<double>(_k, _n);
        }
        else
        {
            _xf = new Matrix<float>(_m, _n, _x.Select(v => (float)v).ToArray());
            _wf = new Matrix<float>(_m, _k);
            _hf = new Matrix<float>(_k, _n);
        }
    }

    [IterationSetup]
    public void Reset()
    {
        if (Dtype == "float64")
        {
            _w0.CopyTo(_wd!.AsSpan());
            _h0.CopyTo(_hd!.AsSpan());
        }
        else
        {
            for (int i = 0; i < _w0.Length; i++) _wf![i / _k, i % _k] = (float)_w0[i];
            for (int i = 0; i < _h0.Length; i++) _hf![i / _n, i % _n] = (float)_h0[i];
        }
    }

    private SolverSettings Settings => new()
    {
        MaxIterations = Iterations,
        Tolerance = 0,
        Beta = Loss == "kl" ? 1.0 : 2.0,
        MaxDegreeOfParallelism = Threads,
    };

    /// <summary>
    /// Runs 200 iterations once from W0/H0 and prints wall and CPU time per iteration and ‖X − WH‖_F / ‖X‖_F,
    /// the figures mu_sklearn.py prints (CPU time is the steadier measure on a contended machine).
    /// </summary>
    [GlobalCleanup]
    public void ReportRelativeError()
    {
        Reset();
        var settings = Settings with { MaxIterations = 200 };
        var monitor = new IterationMonitor(null, CancellationToken.None, null, Stopwatch.StartNew());
        double sum = 0, norm = 0;
        var process = Process.GetCurrentProcess();
        TimeSpan cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        if (Dtype == "float64") MultiplicativeUpdateSolver.Run<double>(_xd!, _wd!, _hd!, settings, monitor);
        else MultiplicativeUpdateSolver.Run<float>(_xf!, _wf!, _hf!, settings, monitor);
        double wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
        for (int i = 0; i < _m; i++)
            for (int j = 0; j < _n; j++)
            {
                double wh = 0;
                for (int c = 0; c < _k; c++)
                    wh += Dtype == "float64" ? _wd![i, c] * _hd![c, j] : (double)_wf![i, c] * _hf![c, j];
                double x = _x[i * _n + j];
                sum += (x - wh) * (x - wh);
                norm += x * x;
            }
        Console.WriteLine($"// MU {Loss} {Dtype} threads={Threads}: 200 iterations, {wall / 200:F3} ms/iteration wall, " +
            $"{cpu / 200:F3} ms/iteration CPU (all threads), relative error {Math.Sqrt(sum / norm):R}");
    }

    [Benchmark]
    public int Mu()
    {
        var monitor = new IterationMonitor(null, CancellationToken.None, null, Stopwatch.StartNew());
        return Dtype == "float64"
            ? MultiplicativeUpdateSolver.Run<double>(_xd!, _wd!, _hd!, Settings, monitor).Iterations
            : MultiplicativeUpdateSolver.Run<float>(_xf!, _wf!, _hf!, Settings, monitor).Iterations;
    }
}

/// <summary>Reads the raw float64 files of mu_sklearn.py, or makes a synthetic problem of the same shape.</summary>
internal static class MuBenchData
{
    public static (int M, int N, int K, double[] X, double[] W0, double[] H0) Load()
    {
        string? folder = Environment.GetEnvironmentVariable("NMF_MU_BENCH_DATA");
        if (folder is not null && File.Exists(Path.Combine(folder, "X.f64")))
        {
            string shape = File.ReadAllText(Path.Combine(folder, "shape.json"));
            int Get(string key)
            {
                int at = shape.IndexOf($"\"{key}\"", StringComparison.Ordinal);
                int colon = shape.IndexOf(':', at) + 1;
                int end = shape.IndexOfAny([',', '}'], colon);
                return int.Parse(shape.AsSpan(colon, end - colon).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            return (Get("rows"), Get("cols"), Get("rank"), Read(folder, "X"), Read(folder, "W0"), Read(folder, "H0"));
        }
        const int m = 2000, n = 1000, k = 20;
        var rng = new System.Random(42);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble()).ToArray();
        var x = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0.1 * rng.NextDouble();
                for (int c = 0; c < k; c++) s += a[i * k + c] * b[c * n + j];
                x[i * n + j] = s;
            }
        double scale = Math.Sqrt(x.Average() / k);
        return (m, n, k, x, Enumerable.Range(0, m * k).Select(_ => scale * rng.NextDouble()).ToArray(),
            Enumerable.Range(0, k * n).Select(_ => scale * rng.NextDouble()).ToArray());
    }

    private static double[] Read(string folder, string name)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(folder, name + ".f64"));
        var values = new double[bytes.Length / sizeof(double)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
