// Every buffer one MU fit needs, sized once per Run: k-wide products, per-worker WH tiles, and the loss scratch.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Memory beyond X, W and H is O((m + n)·k + workers·tile):
/// <list type="bullet">
/// <item>padded Hᵀ (n×k'), k' = k rounded up to whole vectors;</item>
/// <item>β = 2: X·Hᵀ (m×k') and W·(HHᵀ) (m×k), Wᵀ·X and (WᵀW)·H (k×n), the two k×k Grams;</item>
/// <item>β ≠ 2: per worker two RowPanel × ColumnBlock tiles of WH, a panel's numerator and denominator
/// (RowPanel×k' or k×ColumnBlock) and a broadcast row; the row sums of H and column sums of W (k each);</item>
/// <item>the <see cref="DivergenceWorkspace{T}"/> for the loss (two tiles per worker).</item>
/// </list>
/// All storage is pinned so parallel workers can address it through <see cref="PinnedMatrixView{T}"/>.
/// </summary>
internal sealed unsafe class MuWorkspace<T> : IReusableWorkspace<(int M, int N, int K, double Beta, int Dop)> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _slots = [];
    private readonly int _slotLength;

    /// <summary>A zeroed workspace for these sizes: one kept by <see cref="WorkspaceReuse"/> (multi-run fits), or a new one.</summary>
    public static MuWorkspace<T> Rent(int m, int n, int k, double beta, int maxDegreeOfParallelism) =>
        WorkspaceReuse.TakeCleared<MuWorkspace<T>, (int, int, int, double, int)>((m, n, k, beta, maxDegreeOfParallelism))
        ?? new MuWorkspace<T>(m, n, k, beta, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public (int M, int N, int K, double Beta, int Dop) Shape { get; }

    /// <summary>Zeroes every buffer, so a reused workspace starts as a new one does.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        foreach (var matrix in (ReadOnlySpan<Matrix<T>?>)[HtPadded, XHt, WDenominator, HHt, WtX, HDenominator, WtW, FactorSums])
            matrix?.AsSpan().Clear();
        Divergence.Clear();
    }

    public MuWorkspace(int m, int n, int k, double beta, int maxDegreeOfParallelism)
    {
        Shape = (m, n, k, beta, maxDegreeOfParallelism);
        Divergence = new DivergenceWorkspace<T>(m, n, maxDegreeOfParallelism);
        PaddedRank = TileProducts.PaddedWidth<T>(k);
        HtPadded = new Matrix<T>(n, PaddedRank);
        if (beta == 2.0)
        {
            XHt = new Matrix<T>(m, PaddedRank);
            WDenominator = new Matrix<T>(m, k);
            HHt = new Matrix<T>(k, k);
            WtX = new Matrix<T>(k, n);
            HDenominator = new Matrix<T>(k, n);
            WtW = new Matrix<T>(k, k);
            return;
        }
        RowPanels = PanelTiling.Count(m, PanelTiling.RowPanel);
        ColumnBlocks = PanelTiling.Count(n, PanelTiling.ColumnBlock);
        RowWorkers = ParallelWorkers.Count(RowPanels, maxDegreeOfParallelism);
        ColumnWorkers = ParallelWorkers.Count(ColumnBlocks, maxDegreeOfParallelism);
        TileRows = Math.Min(PanelTiling.RowPanel, m);
        TileCols = Math.Min(PanelTiling.ColumnBlock, n);
        _slotLength = 2 * TileRows * TileCols + 2 * PanelLength(k) + TileCols;
        _slots = GC.AllocateArray<T>(Math.Max(RowWorkers, ColumnWorkers) * _slotLength, pinned: true);
        FactorSums = new Matrix<T>(1, k);
    }

    public DivergenceWorkspace<T> Divergence { get; }

    /// <summary>k rounded up to whole vectors: the row length of <see cref="HtPadded"/> and of the X·Hᵀ-like products.</summary>
    public int PaddedRank { get; }

    /// <summary>Hᵀ (n × PaddedRank) with zero padding, rebuilt from H before each W update.</summary>
    public Matrix<T> HtPadded { get; }

    private int PanelLength(int k) => Math.Max(TileRows * PaddedRank, k * TileCols);

    // β = 2 products.
    public Matrix<T>? XHt { get; }
    public Matrix<T>? WDenominator { get; }
    public Matrix<T>? HHt { get; }
    public Matrix<T>? WtX { get; }
    public Matrix<T>? HDenominator { get; }
    public Matrix<T>? WtW { get; }

    // β ≠ 2 tiling.
    public int RowPanels { get; }
    public int ColumnBlocks { get; }
    public int RowWorkers { get; }
    public int ColumnWorkers { get; }
    public int TileRows { get; }
    public int TileCols { get; }

    /// <summary>Row sums of H (W update) or column sums of W (H update) for β = 1.</summary>
    public Matrix<T>? FactorSums { get; }

    /// <summary>Copies H (k×n) transposed into <see cref="HtPadded"/>; the padding columns stay zero.</summary>
    public void TransposeH(PinnedMatrixView<T> h) => TransposeInto(h, HtPadded);

    /// <summary>Copies H (k×n) transposed into the first k columns of <paramref name="ht"/> (n × k′); the rest is untouched.</summary>
    public static void TransposeInto(PinnedMatrixView<T> h, Matrix<T> ht)
    {
        for (int c = 0; c < h.Rows; c++)
        {
            Span<T> row = h.Row(c);
            for (int j = 0; j < row.Length; j++) ht[j, c] = row[j];
        }
    }

    public PinnedMatrixView<T> HtView(int row, int rows) =>
        new((T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(HtPadded.AsSpan())) + (nint)row * PaddedRank, rows, PaddedRank, PaddedRank);

    /// <summary>Worker <paramref name="worker"/>'s scratch: [tile A | tile B | numerator | denominator | broadcast row].</summary>
    public WorkerScratch Scratch(int worker, int k)
    {
        T* start = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_slots)) + (nint)worker * _slotLength;
        int tile = TileRows * TileCols;
        int panel = PanelLength(k);
        return new WorkerScratch(start, start + tile, start + 2 * tile, start + 2 * tile + panel, start + 2 * tile + 2 * panel);
    }

    public readonly struct WorkerScratch(T* tileA, T* tileB, T* numerator, T* denominator, T* broadcastRow)
    {
        public readonly T* TileA = tileA;
        public readonly T* TileB = tileB;
        public readonly T* Numerator = numerator;
        public readonly T* Denominator = denominator;
        public readonly T* BroadcastRow = broadcastRow;
    }
}
