// The state of sparse HALS's loop on the issue-4 shape, set up as HalsSolver sets it up, for the stopwatch benchmarks.
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Data;
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// X 20000×5000 with 50 Poisson-like counts per row (seed 42), k = 20, double; W and H uniform (seed 1): the data, the
/// HALS workspace (Wᵀ and H from W and H, their Grams), the data's operand panel (W row-major for the products) and
/// an n×k panel for Hᵀ (holding H transposed), the per-tile slots for the loss and the tiles' partial Grams.
/// </summary>
internal sealed class SparseHalsLoop
{
    public const int M = 20000, N = 5000, K = 20;

    public SparseHalsLoop(int dop)
    {
        var (rp, ci, v) = SparseBenchmarkData.Poisson<double>(M, N, 50, seed: 42);
        Data = new CsrFitData<double>(CsrMatrix<double>.TakeOwnership(M, N, rp, ci, v));
        var random = new System.Random(1);
        W = SparseBenchmarkData.Uniform<double>(M, K, random);
        var h = SparseBenchmarkData.Uniform<double>(K, N, random);
        Workspace = new HalsWorkspace<double>(M, N, K, updateH: true);
        FactorTranspose.Transpose(W.AsReadOnlyMatrixSpan(), Workspace.Wt.AsMatrixSpan(), dop);
        h.AsReadOnlyMatrixSpan().CopyTo(Workspace.H.AsMatrixSpan());
        Panel = Data.OperandPanel(K);
        HtPanel = new Matrix<double>(N, K);
        FactorTranspose.Transpose(Workspace.H.AsReadOnlyMatrixSpan(), HtPanel.AsMatrixSpan(), dop);
        TileInner = new double[Workspace.TileViolation.Length];
        GramPartials = new TileGram<double>(Workspace.TileViolation.Length, K);
        Gram.OfRows(Workspace.H.AsReadOnlyMatrixSpan(), Workspace.GramH.AsMatrixSpan(), dop);
        Gram.OfRows(Workspace.Wt.AsReadOnlyMatrixSpan(), Workspace.GramW.AsMatrixSpan(), dop);
    }

    public CsrFitData<double> Data { get; }

    /// <summary>W as drawn (m×k, row-major).</summary>
    public Matrix<double> W { get; }

    public HalsWorkspace<double> Workspace { get; }

    /// <summary>The data's max(m, n)×k operand panel (W row-major for Wᵀ·X once a W step wrote it).</summary>
    public Matrix<double> Panel { get; }

    /// <summary>Hᵀ, n×k.</summary>
    public Matrix<double> HtPanel { get; }

    public double[] TileInner { get; }

    /// <summary>The fused steps' per-block partial Grams.</summary>
    public TileGram<double> GramPartials { get; }

    /// <summary>Runs <paramref name="iteration"/> once to warm up, then <paramref name="laps"/> times; the median lap (ms).</summary>
    public static double MedianLap(Action iteration, int laps = 5)
    {
        iteration();
        var times = new double[laps];
        for (int i = 0; i < laps; i++)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            iteration();
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[laps / 2];
    }
}
