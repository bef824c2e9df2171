// Buffers of the fused MU iteration: panel shape, fixed panel groups, per-worker tiles and the groups' partial H sums.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// Sizes and storage for <see cref="FusedSweep"/>. The shape of the work depends only on m, n, k and T, never
/// on the thread count, so results are bitwise the same for any parallelism:
/// <list type="bullet">
/// <item>row panels of <see cref="PanelRows"/> rows, chosen so that one panel of X (PanelRows × n) fits in
/// <see cref="PanelBytes"/>: the panel is read from memory in the W pass and again, from L2, in the H pass;</item>
/// <item>at most <see cref="MaxGroups"/> groups of consecutive panels; a worker owns whole groups, and each group
/// accumulates its panels' contributions to Wᵀ·R (and Wᵀ·(WH)^(β−1), or Wᵀ·X for β = 2) into its own k×n
/// partial, in panel order; the partials are then summed in group order;</item>
/// <item>per worker: two PanelRows × ColumnBlock tiles of WH, the panel's k′-wide W numerator and denominator,
/// and a ColumnBlock-long broadcast row.</item>
/// </list>
/// Extra memory: O(n·k′ + MaxGroups·k·n + workers·tile) — the partials are what lets one pass over X serve
/// both updates.
/// </summary>
internal sealed unsafe class FusedSweepWorkspace<T> : IReusableWorkspace<(int M, int N, int K, double Beta, int Dop)> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Most groups of panels (so at most this many workers share one sweep).</summary>
    public const int MaxGroups = 16;

    /// <summary>Bytes of X one row panel may hold (half of a 1 MiB L2, leaving room for tiles and factors).</summary>
    public const int PanelBytes = 512 * 1024;

    private readonly T[] _slots;
    private readonly T[] _partials;
    private readonly int _slotLength;
    private readonly int _planeLength;

    /// <summary>A zeroed workspace for these sizes: one kept by <see cref="WorkspaceReuse"/> (multi-run fits), or a new one.</summary>
    public static FusedSweepWorkspace<T> Rent(int m, int n, int k, double beta, int maxDegreeOfParallelism) =>
        WorkspaceReuse.TakeCleared<FusedSweepWorkspace<T>, (int, int, int, double, int)>((m, n, k, beta, maxDegreeOfParallelism))
        ?? new FusedSweepWorkspace<T>(m, n, k, beta, maxDegreeOfParallelism);

    /// <inheritdoc/>
    public (int M, int N, int K, double Beta, int Dop) Shape { get; }

    /// <inheritdoc/>
    public void Clear()
    {
        Array.Clear(_slots);
        Array.Clear(_partials);
        foreach (var matrix in (ReadOnlySpan<Matrix<T>?>)[HtPadded, HHtPadded, HHt, WtW, HDenominator, FactorSums])
            matrix?.AsSpan().Clear();
    }

    public FusedSweepWorkspace(int m, int n, int k, double beta, int maxDegreeOfParallelism)
    {
        Shape = (m, n, k, beta, maxDegreeOfParallelism);
        Rows = m;
        Cols = n;
        Rank = k;
        Beta = beta;
        PanelRows = ChoosePanelRows(n, Unsafe.SizeOf<T>());
        Panels = PanelTiling.Count(m, PanelRows);
        Groups = Math.Min(Panels, MaxGroups);
        Workers = ParallelWorkers.Count(Groups, maxDegreeOfParallelism);
        ColumnBlocks = PanelTiling.Count(n, PanelTiling.ColumnBlock);
        BlockWorkers = ParallelWorkers.Count(ColumnBlocks, maxDegreeOfParallelism);
        PaddedRank = TileProducts.PaddedWidth<T>(k);
        HtPadded = new Matrix<T>(n, PaddedRank);
        TileRows = Math.Min(PanelRows, m);
        TileCols = Math.Min(PanelTiling.ColumnBlock, n);
        HasWeight = beta != 1.0 && beta != 2.0;
        int tile = TileRows * TileCols;
        _slotLength = 2 * tile + 2 * TileRows * PaddedRank + TileCols;
        _slots = GC.AllocateArray<T>(Math.Max(Workers, BlockWorkers) * _slotLength, pinned: true);
        _planeLength = k * n;
        _partials = GC.AllocateArray<T>(Groups * _planeLength * (HasWeight ? 2 : 1), pinned: true);
        if (beta == 2.0)
        {
            HHtPadded = new Matrix<T>(k, PaddedRank);
            HHt = new Matrix<T>(k, k);
            WtW = new Matrix<T>(k, k);
            HDenominator = new Matrix<T>(k, n);
        }
        if (beta == 1.0) FactorSums = new Matrix<T>(2, k);
    }

    public int Rows { get; }
    public int Cols { get; }
    public int Rank { get; }
    public double Beta { get; }

    /// <summary>Rows of one panel: a multiple of 8 in [16, 128] (fixed by n and T alone).</summary>
    public int PanelRows { get; }
    public int Panels { get; }
    public int Groups { get; }
    public int Workers { get; }
    public int ColumnBlocks { get; }

    /// <summary>Workers of the H step, which runs over column blocks.</summary>
    public int BlockWorkers { get; }
    public int PaddedRank { get; }
    public int TileRows { get; }
    public int TileCols { get; }

    /// <summary>True when the update needs the weight (WH)^(β−1) (β ∉ {1, 2}).</summary>
    public bool HasWeight { get; }

    /// <summary>Hᵀ (n × PaddedRank), zero padded, rebuilt from H before each sweep.</summary>
    public Matrix<T> HtPadded { get; }

    /// <summary>β = 2: H·Hᵀ with rows padded to PaddedRank (for the per-panel W·(H·Hᵀ)), H·Hᵀ, WᵀW and (WᵀW)·H.</summary>
    public Matrix<T>? HHtPadded { get; }
    public Matrix<T>? HHt { get; }
    public Matrix<T>? WtW { get; }
    public Matrix<T>? HDenominator { get; }

    /// <summary>β = 1: row 0 the row sums of H (W denominator), row 1 the column sums of W (H denominator).</summary>
    public Matrix<T>? FactorSums { get; }

    /// <summary>Panels [first, end) of group <paramref name="group"/>: consecutive, split as evenly as integers allow.</summary>
    public (int First, int End) GroupPanels(int group) =>
        ((int)((long)Panels * group / Groups), (int)((long)Panels * (group + 1) / Groups));

    /// <summary>Group <paramref name="group"/>'s k×n partial numerator (<paramref name="plane"/> 0) or denominator (1).</summary>
    public PinnedMatrixView<T> Partial(int group, int plane) =>
        new(Origin(_partials) + ((nint)plane * Groups + group) * _planeLength, Rank, Cols, Cols);

    public PinnedMatrixView<T> HtView(int row, int rows) =>
        new(Origin(HtPadded) + (nint)row * PaddedRank, rows, PaddedRank, PaddedRank);

    /// <summary>Copies H (k×n) transposed into <see cref="HtPadded"/>; the padding columns stay zero.</summary>
    public void TransposeH(PinnedMatrixView<T> h) => MuWorkspace<T>.TransposeInto(h, HtPadded);

    /// <summary>Worker <paramref name="worker"/>'s scratch: [tile A | tile B | W numerator | W denominator | broadcast row].</summary>
    public MuWorkspace<T>.WorkerScratch Scratch(int worker)
    {
        T* start = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_slots)) + (nint)worker * _slotLength;
        int tile = TileRows * TileCols, panel = TileRows * PaddedRank;
        return new MuWorkspace<T>.WorkerScratch(start, start + tile, start + 2 * tile, start + 2 * tile + panel, start + 2 * tile + 2 * panel);
    }

    public static T* Origin(Matrix<T> m) => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.AsSpan()));

    private static T* Origin(T[] a) => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(a));

    /// <summary>The most rows (multiple of 8, 16–128) whose X panel fits in <see cref="PanelBytes"/>.</summary>
    internal static int ChoosePanelRows(int n, int elementSize)
    {
        long fit = PanelBytes / Math.Max(1L, (long)n * elementSize);
        return (int)Math.Clamp(fit / 8 * 8, 16, PanelTiling.RowPanel);
    }
}
