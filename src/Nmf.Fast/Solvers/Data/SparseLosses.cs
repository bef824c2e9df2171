// Losses of a CSR X against W·H: Frobenius and KL from the stored entries and k-sized sums, any other β with a tiled Σ(WH)^β.
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.Data;

/// <summary>Losses of a sparse X without an m×n buffer.</summary>
internal static unsafe class SparseLosses
{
    /// <summary>D_β(X‖WH) for any β, as scikit-learn's <c>_beta_divergence</c> on a sparse X (½‖X − WH‖² for β = 2).</summary>
    public static double Divergence<T>(CsrFitData<T> data, Matrix<T> w, Matrix<T> h, double beta, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == NmfLoss.Frobenius) return 0.5 * SquaredResidual(data.Matrix, w, h, dop);
        if (beta == NmfLoss.KullbackLeibler) return KullbackLeibler(data.Matrix, w, h, dop);
        var ht = new Matrix<T>(h.Cols, w.Cols);
        CsrFitData<T>.Transpose(h.AsReadOnlyMatrixSpan(), ht.AsMatrixSpan());
        var workspace = new DivergenceWorkspace<T>(data.Rows, data.Cols, dop);
        fixed (T* pw = w.AsSpan())
        fixed (T* ph = h.AsSpan())
        {
            return BetaDivergence(data.Matrix, new PinnedMatrixView<T>(pw, w.Rows, w.Cols, w.Cols), new PinnedMatrixView<T>(ph, h.Rows, h.Cols, h.Cols),
                ht.AsReadOnlyMatrixSpan(), beta, dop, workspace);
        }
    }

    /// <summary>
    /// D_β(X‖WH) for β ∉ {1, 2} (scikit-learn 1.2.1 <c>_beta_divergence</c>, sparse branch): the terms with X are taken
    /// over the stored entries with x &gt; ε (WH = 0 read as ε there), the Σ(WH)^β term over all m×n entries by
    /// RowPanel × ColumnBlock tiles of WH (never an m×n buffer):
    /// <code>
    ///   β = 0:  Σ x/wh − Σ log(x/wh) − m·n
    ///   else:   [Σ x^β − β·Σ x·wh^(β−1) + (β − 1)·Σ_all wh^β] / (β(β − 1))
    /// </code>
    /// </summary>
    /// <param name="x">X (m×n).</param>
    /// <param name="w">W (m×k), pinned.</param>
    /// <param name="h">H (k×n), pinned.</param>
    /// <param name="ht">The same H as Hᵀ (n×k, any stride) for the sampled sums.</param>
    /// <param name="beta">β, neither 1 nor 2.</param>
    /// <param name="dop">Maximum degree of parallelism.</param>
    /// <param name="workspace">Tiles and per-panel partial sums, sized for m×n.</param>
    public static double BetaDivergence<T>(CsrMatrix<T> x, PinnedMatrixView<T> w, PinnedMatrixView<T> h, ReadOnlyMatrixSpan<T> ht,
        double beta, int dop, DivergenceWorkspace<T> workspace) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wv = new ReadOnlyMatrixSpan<T>(new ReadOnlySpan<T>(w.Origin, w.Rows == 0 ? 0 : (w.Rows - 1) * w.Stride + w.Cols), w.Rows, w.Cols, w.Stride);
        if (beta == 0.0)
        {
            double ratios = SparseKernels.SampledReduce(x.RowPointers, x.ColumnIndices, x.Values, x.Rows, x.Cols, wv, ht,
                new ItakuraSaitoReduce<T>(logarithm: false), dop, SparseTier.Auto);
            double logs = SparseKernels.SampledReduce(x.RowPointers, x.ColumnIndices, x.Values, x.Rows, x.Cols, wv, ht,
                new ItakuraSaitoReduce<T>(logarithm: true), dop, SparseTier.Auto);
            return ratios - (double)x.Rows * x.Cols - logs;
        }
        double cross = SparseKernels.SampledReduce(x.RowPointers, x.ColumnIndices, x.Values, x.Rows, x.Cols, wv, ht,
            new BetaCrossReduce<T>(beta), dop, SparseTier.Auto);
        var powBeta = new NumpyPower<T>(beta);
        T eps = T.CreateTruncating(SklearnGuards.Epsilon);
        double xPower = 0;
        foreach (T v in x.Values)
            if (v > eps) xPower += double.CreateTruncating(powBeta.Apply(v));
        double modelPower = SumOfModelPower(w, h, beta, dop, workspace);
        return (xPower - beta * cross + (beta - 1.0) * modelPower) / (beta * (beta - 1.0));
    }

    /// <summary>Σ over all m×n entries of (WH)ᵢⱼ^β, by row panels summed in panel order (thread-count independent).</summary>
    private static double SumOfModelPower<T>(PinnedMatrixView<T> w, PinnedMatrixView<T> h, double beta, int dop, DivergenceWorkspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.Rows == 0 || h.Cols == 0) return 0;
        ParallelWorkers.For(workspace.Panels, workspace.Workers, dop, new ModelPowerPanels<T>(w, h, new NumpyPower<T>(beta), workspace));
        double sum = 0;
        for (int p = 0; p < workspace.Panels; p++) sum += workspace.Partials[3 * p];
        return sum;
    }

    private readonly struct ModelPowerPanels<T>(PinnedMatrixView<T> w, PinnedMatrixView<T> h, NumpyPower<T> power, DivergenceWorkspace<T> ws) : IWorkerBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int worker, int start, int end)
        {
            int m = w.Rows, n = h.Cols, k = w.Cols;
            T* tile = ws.Tile(worker, 0);
            for (int p = start; p < end; p++)
            {
                int r0 = p * PanelTiling.RowPanel, rows = Math.Min(PanelTiling.RowPanel, m - r0);
                var wPanel = w.Slice(r0, 0, rows, k);
                double sum = 0;
                for (int c0 = 0; c0 < n; c0 += PanelTiling.ColumnBlock)
                {
                    int cols = Math.Min(PanelTiling.ColumnBlock, n - c0);
                    var wh = new PinnedMatrixView<T>(tile, rows, cols, cols);
                    TileProducts.Product(wPanel, h.Slice(0, c0, k, cols), wh);
                    for (int i = 0; i < rows; i++)
                        foreach (T v in wh.Row(i)) sum += double.CreateTruncating(power.Apply(v));
                }
                ws.Partials[3 * p] = sum;
            }
        }
    }

    /// <summary>x·g(wh)^(β−1) where x &gt; ε (else 0), g(v) = v == 0 ? ε : v.</summary>
    private readonly struct BetaCrossReduce<T>(double beta) : ISampledReduce<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly NumpyPower<T> _power = new(beta - 1.0);
        private readonly T _eps = T.CreateTruncating(SklearnGuards.Epsilon);

        public double Apply(T x, T wh) => x > _eps ? double.CreateTruncating(x * _power.Apply(wh == T.Zero ? _eps : wh)) : 0.0;
    }

    /// <summary>Itakura–Saito terms where x &gt; ε: x/g(wh), or log(x/g(wh)) with <c>logarithm</c>.</summary>
    private readonly struct ItakuraSaitoReduce<T>(bool logarithm) : ISampledReduce<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _eps = T.CreateTruncating(SklearnGuards.Epsilon);

        public double Apply(T x, T wh)
        {
            if (!(x > _eps)) return 0.0;
            T div = x / (wh == T.Zero ? _eps : wh);
            return double.CreateTruncating(logarithm ? T.Log(div) : div);
        }
    }

    /// <summary>‖X − WH‖²_F = ‖X‖² − 2·⟨X, WH⟩ + ⟨WᵀW, HHᵀ⟩, ⟨X, WH⟩ over the stored entries; clamped at 0.</summary>
    public static double SquaredResidual<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> h, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = w.Cols;
        var ht = new Matrix<T>(h.Cols, k);
        CsrFitData<T>.Transpose(h.AsReadOnlyMatrixSpan(), ht.AsMatrixSpan());
        return SquaredResidualTransposed(x, w, ht, dop);
    }

    /// <summary><see cref="SquaredResidual{T}"/> with H given as Hᵀ (n×k).</summary>
    public static double SquaredResidualTransposed<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> ht, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = w.Cols;
        double xNormSq = SparseKernels.SquaredFrobeniusNorm(x.Values);
        double inner = SparseKernels.SampledInnerProduct(x.RowPointers, x.ColumnIndices, x.Values, x.Rows, x.Cols,
            w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), dop);
        var gramW = new Matrix<T>(k, k);
        var gramH = new Matrix<T>(k, k);
        Gram.OfColumns(w.AsReadOnlyMatrixSpan(), gramW.AsMatrixSpan(), dop);
        Gram.OfColumns(ht.AsReadOnlyMatrixSpan(), gramH.AsMatrixSpan(), dop);
        double gramInner = Reductions.FrobeniusInner<T>(gramW, gramH);
        return Math.Max(0, xNormSq - 2 * inner + gramInner);
    }

    /// <summary>
    /// Generalized KL D(X‖WH) = Σ_stored x·log(x / max((WH)ᵢⱼ, ε)) − Σx + (1ᵀW)(H1) (scikit-learn's sparse β = 1 branch:
    /// missing entries contribute only their (WH)ᵢⱼ, summed through the factors' column and row sums).
    /// </summary>
    public static double KullbackLeibler<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> h, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ht = new Matrix<T>(h.Cols, w.Cols);
        CsrFitData<T>.Transpose(h.AsReadOnlyMatrixSpan(), ht.AsMatrixSpan());
        return KullbackLeiblerTransposed(x, w, ht, dop);
    }

    /// <summary><see cref="KullbackLeibler{T}"/> with H given as Hᵀ (n×k).</summary>
    public static double KullbackLeiblerTransposed<T>(CsrMatrix<T> x, Matrix<T> w, Matrix<T> ht, int dop) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double logTerm = SparseKernels.SampledKullbackLeibler(x.RowPointers, x.ColumnIndices, x.Values, x.Rows, x.Cols,
            w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), T.CreateTruncating(SklearnGuards.Epsilon), dop);
        double xSum = 0;
        foreach (T v in x.Values) xSum += double.CreateTruncating(v);
        return logTerm - xSum + SumOfProduct(w, ht);
    }

    /// <summary>Σᵢⱼ (W·H)ᵢⱼ = Σ_t (Σᵢ W[i,t])·(Σⱼ Hᵀ[j,t]).</summary>
    internal static double SumOfProduct<T>(Matrix<T> w, Matrix<T> ht) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = w.Cols;
        var wSum = new double[k];
        var hSum = new double[k];
        ColumnSums(w, wSum);
        ColumnSums(ht, hSum);
        double total = 0;
        for (int t = 0; t < k; t++) total += wSum[t] * hSum[t];
        return total;
    }

    /// <summary>sums[t] ← Σᵢ a[i, t], in double.</summary>
    internal static void ColumnSums<T>(Matrix<T> a, Span<double> sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        sums.Clear();
        for (int i = 0; i < a.Rows; i++)
        {
            var row = a.Row(i);
            for (int t = 0; t < row.Length; t++) sums[t] += double.CreateTruncating(row[t]);
        }
    }
}
