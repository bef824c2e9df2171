// BenchmarkDotNet: where a dense MU iteration's time goes — each tile kernel over all of X, one thread, and the whole step.
using BenchmarkDotNet.Attributes;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// One thread, float64, the 2000×1000, k = 20 problem of <see cref="MultiplicativeUpdateBenchmarks"/>. Each phase
/// benchmark sweeps the whole of X once in the fused sweep's tiles (<see cref="FusedSweepWorkspace{T}.PanelRows"/> ×
/// <see cref="PanelTiling.ColumnBlock"/>), so it costs what that phase adds to one half of a KL iteration
/// (m·n·k multiply-adds per product); <c>Iteration</c> benchmarks are whole MU iterations (loss evaluations excluded),
/// and <c>KlLoss</c> is one evaluation of D_KL (what every 10th iteration adds when tol &gt; 0).
/// <code>
///   dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- --filter '*MuPhase*'
/// </code>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public unsafe class MuPhaseBenchmarks
{
    private double[] _x = [], _w = [], _h = [], _w0 = [], _h0 = [];
    private FusedSweepWorkspace<double> _ws = null!;
    private FusedSweepWorkspace<double> _wsFrobenius = null!;
    private PinnedMatrixView<double> _xv, _wv, _hv;

    [GlobalSetup]
    public void Setup()
    {
        var (m, n, k, x, w0, h0) = MuBenchData.Load();
        (_x, _w, _h) = (Pinned(x), Pinned(w0), Pinned(h0));
        (_w0, _h0) = (w0, h0);
        _xv = View(_x, m, n);
        _wv = View(_w, m, k);
        _hv = View(_h, k, n);
        _ws = new FusedSweepWorkspace<double>(m, n, k, 1.0, 1);
        _wsFrobenius = new FusedSweepWorkspace<double>(m, n, k, 2.0, 1);
        _ws.TransposeH(_hv);
    }

    private static double[] Pinned(double[] values)
    {
        var a = GC.AllocateArray<double>(values.Length, pinned: true);
        values.CopyTo(a, 0);
        return a;
    }

    private static PinnedMatrixView<double> View(double[] pinned, int rows, int cols)
    {
        fixed (double* p = pinned) return new PinnedMatrixView<double>(p, rows, cols, cols);
    }

    private delegate void TileAction(int r0, int rows, int c0, int cols, MuWorkspace<double>.WorkerScratch s);

    private void Sweep(TileAction action)
    {
        var s = _ws.Scratch(0);
        int m = _xv.Rows, n = _xv.Cols;
        for (int r0 = 0; r0 < m; r0 += _ws.PanelRows)
        {
            int rows = Math.Min(_ws.PanelRows, m - r0);
            for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
                action(r0, rows, c0, Math.Min(PanelTiling.ColumnBlock, n - c0), s);
        }
    }

    private PinnedMatrixView<double> Tile(double* at, int rows, int cols) => new(at, rows, cols, cols);

    /// <summary>The WH tile alone (W_p·H_b).</summary>
    [Benchmark]
    public void WhTile() => Sweep((r0, rows, c0, cols, s) =>
        TileProducts.Product(_wv.Slice(r0, 0, rows, _wv.Cols), _hv.Slice(0, c0, _hv.Rows, cols), Tile(s.TileA, rows, cols)));

    /// <summary>The KL ratio as before: the WH tile, then X ⊘ tile in a second pass over it.</summary>
    [Benchmark]
    public void WhTileThenRatio() => Sweep((r0, rows, c0, cols, s) =>
    {
        var wh = Tile(s.TileA, rows, cols);
        TileProducts.Product(_wv.Slice(r0, 0, rows, _wv.Cols), _hv.Slice(0, c0, _hv.Rows, cols), wh);
        new RatioTile<double>(1.0).Compute(_xv.Slice(r0, c0, rows, cols), wh, wh);
    });

    /// <summary>The KL ratio divided inside the product kernel.</summary>
    [Benchmark]
    public void WhQuotient() => Sweep((r0, rows, c0, cols, s) =>
        TileProducts.ProductQuotient(_wv.Slice(r0, 0, rows, _wv.Cols), _hv.Slice(0, c0, _hv.Rows, cols),
            _xv.Slice(r0, c0, rows, cols), Tile(s.TileA, rows, cols)));

    /// <summary>num_p += R·H_bᵀ (the W numerator's product; R is whatever the tile holds).</summary>
    [Benchmark]
    public void RatioTimesHt() => Sweep((r0, rows, c0, cols, s) =>
        TileProducts.ProductPadded(Tile(s.TileA, rows, cols), _ws.HtView(c0, cols), Tile(s.Numerator, rows, _ws.PaddedRank), c0 > 0));

    /// <summary>numH[:, b] += W_pᵀ·R (the H numerator's product).</summary>
    [Benchmark]
    public void WtRatio() => Sweep((r0, rows, c0, cols, s) =>
        TileProducts.TransposeProduct(_wv.Slice(r0, 0, rows, _wv.Cols), Tile(s.TileA, rows, cols), _ws.Partial(0, 0).Slice(0, c0, _wv.Cols, cols), r0 > 0));

    /// <summary>One whole KL iteration (fused sweep, H step), one thread.</summary>
    [Benchmark]
    public void KlIteration() => Iterate(_ws, 1.0);

    /// <summary>One whole Frobenius iteration (fused sweep, H step), one thread.</summary>
    [Benchmark]
    public void FrobeniusIteration() => Iterate(_wsFrobenius, 2.0);

    /// <summary>One evaluation of D_KL(X ‖ WH) (tiles of WH, log per entry), one thread.</summary>
    [Benchmark]
    public double KlLoss() => BetaDivergence.Compute<double>(_xv.AsReadOnly(), _wv.AsReadOnly(), _hv.AsReadOnly(), 1.0, 1);

    [IterationSetup(Targets = [nameof(KlIteration), nameof(FrobeniusIteration)])]
    public void ResetFactors()
    {
        _w0.CopyTo(_w, 0);
        _h0.CopyTo(_h, 0);
    }

    private void Iterate(FusedSweepWorkspace<double> ws, double beta)
    {
        var step = new MultiplicativeStep<double>(0, 0, 1.0, zeroBelowFloat64Epsilon: beta <= 1.0);
        var stepW = new MultiplicativeStep<double>(0, 0, 1.0, zeroBelowFloat64Epsilon: false);
        FusedSweep.Iterate(_xv, _wv, _hv, ws, stepW, step, 1);
    }
}
