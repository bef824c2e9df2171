// D_β(X‖WH) for any β (Frobenius, generalized KL, Itakura–Saito, general β) and the regularisation penalty.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Losses;

/// <summary>
/// The β-divergence exactly as scikit-learn 1.2.1 defines it (<c>_beta_divergence(X, W, H, β,
/// square_root=False)</c>), evaluated over RowPanel × ColumnBlock tiles of WH so no m×n buffer exists:
/// <list type="bullet">
/// <item>β = 2: ½‖X − WH‖²_F;</item>
/// <item>β = 1: Σ X·log(X/WH) − Σ X + Σ WH (generalized Kullback–Leibler);</item>
/// <item>β = 0: Σ X/WH − Σ log(X/WH) − m·n (Itakura–Saito);</item>
/// <item>else: Σ [X^β + (β−1)·WH^β − β·X·WH^(β−1)] / (β(β−1)) (Févotte &amp; Idier 2011, eq. 2).</item>
/// </list>
/// For β ≠ 2 the terms with X are summed only where X &gt; ε (2⁻²³) and WH = 0 is read as ε there, as
/// scikit-learn does. Sums are accumulated in double per tile row and combined in a fixed order.
/// </summary>
internal static unsafe class BetaDivergence
{
    /// <summary>D_β(X‖WH); see the type remarks. The same value for every degree of parallelism.</summary>
    public static double Compute<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, double beta, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(x, w, h, beta, maxDegreeOfParallelism);
        if (x.IsEmpty) return 0.0;
        var workspace = DivergenceWorkspace<T>.Rent(x.Rows, x.Cols, maxDegreeOfParallelism);
        double divergence = Compute(x, w, h, beta, maxDegreeOfParallelism, workspace);
        WorkspaceReuse.Keep(workspace);
        return divergence;
    }

    /// <summary>D_β(X‖WH) with a caller-owned workspace (no allocation); shapes are trusted.</summary>
    internal static double Compute<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, double beta, int maxDegreeOfParallelism, DivergenceWorkspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, k = w.Cols;
        if (m == 0 || n == 0) return 0.0;
        fixed (T* px = &Unsafe.AsRef(in x.Origin))
        fixed (T* pw = &Unsafe.AsRef(in w.Origin))
        fixed (T* ph = &Unsafe.AsRef(in h.Origin))
        {
            var body = new PanelSums<T>(
                new PinnedMatrixView<T>(px, m, n, x.Stride),
                new PinnedMatrixView<T>(pw, m, k, w.Stride),
                new PinnedMatrixView<T>(ph, k, n, h.Stride),
                beta, workspace);
            ParallelWorkers.For(workspace.Panels, workspace.Workers, maxDegreeOfParallelism, body);
        }

        double s0 = 0, s1 = 0, s2 = 0;
        double[] partials = workspace.Partials;
        for (int p = 0; p < workspace.Panels; p++)
        {
            s0 += partials[3 * p];
            s1 += partials[3 * p + 1];
            s2 += partials[3 * p + 2];
        }

        if (beta == 2.0) return s0 / 2.0;
        if (beta == 1.0) return s0 + SumOfProduct(w, h) - s1;
        if (beta == 0.0) return s0 - (double)m * n - s1;
        return (s2 - beta * s1 + (beta - 1.0) * s0) / (beta * (beta - 1.0));
    }

    /// <summary>scikit-learn's error measure √(2·max(D_β, 0)) (<c>square_root=True</c>): ‖X − WH‖_F for β = 2.</summary>
    public static double ErrorFromDivergence(double divergence) => Math.Sqrt(2.0 * Math.Max(divergence, 0.0));

    /// <summary>L1W·‖W‖₁ + ½·L2W·‖W‖²_F + L1H·‖H‖₁ + ½·L2H·‖H‖²_F for non-negative W and H.</summary>
    public static double Penalty<T>(ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, SolverSettings settings)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(settings);
        double penalty = 0.0;
        if (settings.L1W != 0 || settings.L2W != 0)
        {
            var (sum, squares) = SumAndSquares(w);
            penalty += settings.L1W * sum + 0.5 * settings.L2W * squares;
        }
        if (settings.L1H != 0 || settings.L2H != 0)
        {
            var (sum, squares) = SumAndSquares(h);
            penalty += settings.L1H * sum + 0.5 * settings.L2H * squares;
        }
        return penalty;
    }

    private static (double Sum, double Squares) SumAndSquares<T>(ReadOnlyMatrixSpan<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0, squares = 0;
        for (int i = 0; i < a.Rows; i++)
        {
            foreach (T v in a.Row(i))
            {
                double d = double.CreateTruncating(v);
                sum += d;
                squares += d * d;
            }
        }
        return (sum, squares);
    }

    /// <summary>Σ(WH) = Σ_c (Σ_i W_ic)(Σ_j H_cj), without WH.</summary>
    private static double SumOfProduct<T>(ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        for (int c = 0; c < w.Cols; c++)
        {
            double colSum = 0;
            for (int i = 0; i < w.Rows; i++) colSum += double.CreateTruncating(w[i, c]);
            double rowSum = 0;
            foreach (T v in h.Row(c)) rowSum += double.CreateTruncating(v);
            total += colSum * rowSum;
        }
        return total;
    }

    private static void CheckShapes<T>(ReadOnlyMatrixSpan<T> x, ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, double beta, int maxDegreeOfParallelism)
        where T : unmanaged
    {
        if (w.Rows != x.Rows || h.Cols != x.Cols || w.Cols != h.Rows)
            throw new ArgumentException($"X is {x.Rows}×{x.Cols} but W is {w.Rows}×{w.Cols} and H is {h.Rows}×{h.Cols}; need W m×k and H k×n.", nameof(w));
        if (w.Cols == 0)
            throw new ArgumentException("The rank k (columns of W) must be at least 1.", nameof(w));
        if (!double.IsFinite(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be finite.");
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for all cores or a positive thread count.");
    }

    /// <summary>Sums the divergence terms of whole row panels into the workspace's per-panel slots.</summary>
    private readonly struct PanelSums<T> : IWorkerBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly PinnedMatrixView<T> _x, _w, _h;
        private readonly double _beta;
        private readonly DivergenceWorkspace<T> _ws;

        public PanelSums(PinnedMatrixView<T> x, PinnedMatrixView<T> w, PinnedMatrixView<T> h, double beta, DivergenceWorkspace<T> ws)
        {
            _x = x; _w = w; _h = h; _beta = beta; _ws = ws;
        }

        public void Run(int worker, int start, int end)
        {
            int m = _x.Rows, n = _x.Cols, k = _w.Cols;
            T* tile = _ws.Tile(worker, 0);
            T* scratch = _ws.Tile(worker, 1);
            var powBeta = new NumpyPower<T>(_beta);
            var powBetaMinus1 = new NumpyPower<T>(_beta - 1.0);
            T eps = T.CreateTruncating(SklearnGuards.Epsilon);
            for (int p = start; p < end; p++)
            {
                int r0 = p * PanelTiling.RowPanel, rows = Math.Min(PanelTiling.RowPanel, m - r0);
                var wPanel = _w.Slice(r0, 0, rows, k);
                double s0 = 0, s1 = 0, s2 = 0;
                for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
                {
                    int cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                    var wh = new PinnedMatrixView<T>(tile, rows, cols, cols);
                    TileProducts.Product(wPanel, _h.Slice(0, c0, k, cols), wh);
                    for (int i = 0; i < rows; i++)
                    {
                        ReadOnlySpan<T> xr = _x.Slice(r0 + i, c0, 1, cols).Row(0);
                        Span<T> t = wh.Row(i);
                        Span<T> s = new(scratch, cols);
                        if (_beta == 2.0)
                        {
                            ElementwiseMap.Apply(xr, t, t, default(ResidualMap<T>));
                            s0 += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(t));
                        }
                        else if (_beta == 1.0)
                        {
                            ElementwiseMap.Apply(xr, t, t, default(MaskedRatioMap<T>));
                            TensorPrimitives.Log<T>(t, t);
                            s0 += double.CreateTruncating(TensorPrimitives.Dot<T>(xr, t));
                            ElementwiseMap.Apply(xr, xr, s, default(AboveEpsilonMap<T>));
                            s1 += double.CreateTruncating(TensorPrimitives.Sum<T>(s));
                        }
                        else if (_beta == 0.0)
                        {
                            for (int j = 0; j < cols; j++)
                            {
                                T xv = xr[j];
                                if (!(xv > eps)) continue;
                                T v = t[j];
                                T div = xv / (v == T.Zero ? eps : v);
                                s0 += double.CreateTruncating(div);
                                s1 += double.CreateTruncating(T.Log(div));
                            }
                        }
                        else
                        {
                            for (int j = 0; j < cols; j++)
                            {
                                T v = t[j];
                                s0 += double.CreateTruncating(powBeta.Apply(v));
                                T xv = xr[j];
                                if (!(xv > eps)) continue;
                                s1 += double.CreateTruncating(xv * powBetaMinus1.Apply(v == T.Zero ? eps : v));
                                s2 += double.CreateTruncating(powBeta.Apply(xv));
                            }
                        }
                    }
                }
                _ws.Partials[3 * p] = s0;
                _ws.Partials[3 * p + 1] = s1;
                _ws.Partials[3 * p + 2] = s2;
            }
        }
    }
}
