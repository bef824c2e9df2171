// Scratch for evaluating D_β tile by tile: per-worker WH tiles and per-panel partial sums, sized once.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Losses;

/// <summary>
/// Holds two RowPanel × ColumnBlock tiles per worker (pinned, so workers can address them by pointer) and
/// three partial sums per row panel, combined in panel order so the total never depends on the thread count.
/// A solver creates one per fit and passes it to every evaluation.
/// </summary>
internal sealed unsafe class DivergenceWorkspace<T> : IReusableWorkspace<(int Rows, int Cols, int Dop)> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _tiles;

    public DivergenceWorkspace(int rows, int cols, int maxDegreeOfParallelism)
    {
        Rows = rows;
        Cols = cols;
        Panels = PanelTiling.Count(rows, PanelTiling.RowPanel);
        Workers = ParallelWorkers.Count(Panels, maxDegreeOfParallelism);
        TileLength = Math.Max(1, Math.Min(PanelTiling.RowPanel, rows) * Math.Min(PanelTiling.ColumnBlock, cols));
        _tiles = GC.AllocateArray<T>(Workers * 2 * TileLength, pinned: true);
        Partials = new double[Math.Max(1, Panels) * 3];
        Shape = (rows, cols, maxDegreeOfParallelism);
    }

    /// <inheritdoc/>
    public (int Rows, int Cols, int Dop) Shape { get; }

    /// <inheritdoc/>
    public void Clear()
    {
        Array.Clear(_tiles);
        Array.Clear(Partials);
    }

    /// <summary>A zeroed workspace for these sizes: one kept by <see cref="WorkspaceReuse"/> (multi-run fits), or a new one.</summary>
    public static DivergenceWorkspace<T> Rent(int rows, int cols, int maxDegreeOfParallelism) =>
        WorkspaceReuse.TakeCleared<DivergenceWorkspace<T>, (int, int, int)>((rows, cols, maxDegreeOfParallelism))
        ?? new DivergenceWorkspace<T>(rows, cols, maxDegreeOfParallelism);

    public int Rows { get; }
    public int Cols { get; }
    public int Panels { get; }
    public int Workers { get; }
    public int TileLength { get; }

    /// <summary>Three partial sums per row panel: [3p], [3p+1], [3p+2].</summary>
    public double[] Partials { get; }

    /// <summary>Tile <paramref name="which"/> (0 or 1) of <paramref name="worker"/>.</summary>
    public T* Tile(int worker, int which) =>
        (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_tiles)) + (nint)(worker * 2 + which) * TileLength;
}
