// BenchmarkDotNet: the time of one iteration of every solver (HALS, MU Frobenius/KL, accelerated HALS, ANLS), float32
// and float64, on a dense 2000×1000 and a sparse 20000×5000 (1%) X at rank 20.
using System.Diagnostics;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.Accelerated;
using Nmf.Fast.Solvers.Data;
using Nmf.Fast.Solvers.Hals;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// Each invocation runs <see cref="Iterations"/> iterations of one solver (tol 0, one thread) from the same W₀/H₀ and
/// reports the time per iteration (<c>OperationsPerInvoke</c>): the per-fit set-up of the solver loop (workspace,
/// first Grams) is amortised over the <see cref="Iterations"/>, while X's one-off preparation (the Xᵀ copy of a dense
/// X, the transposed CSR) is made once in the global set-up, as a long fit amortises it. The allocation column shows
/// the workspace per fit divided by <see cref="Iterations"/>: nothing is allocated per iteration.
/// Dense: the 2000×1000 planted problem of <see cref="MultiplicativeUpdateBenchmarks"/> (<see cref="MuBenchData"/>);
/// sparse: the 20000×5000 count matrix of <see cref="SparseProductBenchmarks"/>.
/// <code>
///   dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- --filter '*SolverIteration*' --job short
/// </code>
/// </summary>
[MemoryDiagnoser]
public class SolverIterationBenchmarks
{
    /// <summary>Solver iterations per invocation.</summary>
    public const int Iterations = 20;

    /// <summary>The solver: hals, mu-frobenius, mu-kl, hals-accelerated, anls.</summary>
    [Params("hals", "mu-frobenius", "mu-kl", "hals-accelerated", "anls")]
    public string Solver { get; set; } = "hals";

    /// <summary>Element type.</summary>
    [Params("float64", "float32")]
    public string Dtype { get; set; } = "float64";

    /// <summary>X stored dense (2000×1000) or CSR (20000×5000, 1%).</summary>
    [Params("dense", "sparse")]
    public string Storage { get; set; } = "dense";

    private IRunner _runner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runner = Dtype == "float64" ? new Runner<double>(Solver, Storage == "sparse") : new Runner<float>(Solver, Storage == "sparse");
        // A solver that stopped early would make the per-iteration time a lie: check once that every iteration runs.
        _runner.Reset();
        int done = _runner.Run();
        if (done != Iterations) throw new InvalidOperationException($"{Solver} ran {done} of {Iterations} iterations with tol 0.");
    }

    [IterationSetup]
    public void Reset() => _runner.Reset();

    /// <summary><see cref="Iterations"/> iterations; the reported time is per iteration.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public int Iteration() => _runner.Run();

    private interface IRunner
    {
        void Reset();

        int Run();
    }

    private sealed unsafe class Runner<T> : IRunner where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int Threads = 1;
        private readonly string _solver;
        private readonly Matrix<T>? _dense;
        private readonly CsrFitData<T>? _sparse;
        private readonly IFitData<T> _data;
        private readonly Matrix<T> _w0, _h0, _w, _h;
        private readonly SolverSettings _settings;

        public Runner(string solver, bool sparse)
        {
            _solver = solver;
            int m, n, k;
            if (sparse)
            {
                (m, n, k) = (SparseProductBenchmarks.Rows, SparseProductBenchmarks.Cols, SparseProductBenchmarks.Rank);
                var (rp, ci, v) = SparseBenchmarkData.Poisson<T>(m, n, SparseProductBenchmarks.PerRow, seed: 1);
                _sparse = new CsrFitData<T>(CsrMatrix<T>.TakeOwnership(m, n, rp, ci, v));
                _ = _sparse.Transposed; // built once, as in a fit
                _data = _sparse;
                var random = new System.Random(2);
                _w0 = SparseBenchmarkData.Uniform<T>(m, k, random);
                _h0 = SparseBenchmarkData.Uniform<T>(k, n, random);
                Scale(_w0, _h0, double.CreateTruncating(_sparse.Mean()), k);
            }
            else
            {
                var (dm, dn, dk, x, w0, h0) = MuBenchData.Load();
                (m, n, k) = (dm, dn, dk);
                _dense = new Matrix<T>(m, n, x.Select(T.CreateTruncating).ToArray());
                _w0 = new Matrix<T>(m, k, w0.Select(T.CreateTruncating).ToArray());
                _h0 = new Matrix<T>(k, n, h0.Select(T.CreateTruncating).ToArray());
                // Matrix<T> storage is a pinned array, so the pointer stays valid after the fixed block.
                fixed (T* origin = _dense.AsSpan())
                    _data = new DenseFitData<T>(new PinnedMatrixView<T>(origin, m, n, n), keepTranspose: true);
            }
            _w = new Matrix<T>(m, k);
            _h = new Matrix<T>(k, n);
            _settings = new SolverSettings
            {
                MaxIterations = Iterations,
                Tolerance = 0,
                Beta = solver == "mu-kl" ? 1.0 : 2.0,
                MaxDegreeOfParallelism = Threads,
            };
        }

        public void Reset()
        {
            _w0.AsSpan().CopyTo(_w.AsSpan());
            _h0.AsSpan().CopyTo(_h.AsSpan());
        }

        public int Run()
        {
            var monitor = new IterationMonitor(null, CancellationToken.None, null, Stopwatch.StartNew());
            var (iterations, _) = _solver switch
            {
                "hals" => HalsSolver.Run(_data, _w.AsMatrixSpan(), _h.AsMatrixSpan(), _settings, monitor),
                "hals-accelerated" => AcceleratedHalsSolver.Run(_data, _w.AsMatrixSpan(), _h.AsMatrixSpan(), _settings, monitor, exact: false, extrapolate: true),
                "anls" => AcceleratedHalsSolver.Run(_data, _w.AsMatrixSpan(), _h.AsMatrixSpan(), _settings, monitor, exact: true, extrapolate: true),
                "mu-frobenius" or "mu-kl" => _sparse is not null
                    ? SparseMultiplicativeUpdate.Run(_sparse, _w, _h, _settings, monitor)
                    : MultiplicativeUpdateSolver.Run(_dense!.AsReadOnlyMatrixSpan(), _w.AsMatrixSpan(), _h.AsMatrixSpan(), _settings, monitor),
                _ => throw new InvalidOperationException($"unknown solver '{_solver}'"),
            };
            return iterations;
        }

        /// <summary>Uniform factors scaled as scikit-learn's random init: √(mean(X)/k)·U[0, 1).</summary>
        private static void Scale(Matrix<T> w, Matrix<T> h, double mean, int k)
        {
            T scale = T.CreateTruncating(Math.Sqrt(mean / k));
            foreach (ref T v in w.AsSpan()) v *= scale;
            foreach (ref T v in h.AsSpan()) v *= scale;
        }
    }
}
