// Dense transposes between the solvers' component-major factors (k×rows) and the sparse kernels' row-major panels (rows×k).
using System.Runtime.CompilerServices;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// destination ← sourceᵀ for the skinny shapes of NMF (one side is the rank). The solvers keep factors
/// component-major (Wᵀ k×m, H k×n) and the CSR kernels gather row-major rows (W m×k, Hᵀ n×k), so a sparse fit
/// transposes a factor once per product: O((m + n)·k) moves against the product's O(nnz·k) work.
/// </summary>
/// <remarks>
/// The copy runs in <see cref="Block"/>×<see cref="Block"/> tiles (8 KB of double on each side, in L1), so both
/// the strided reads and the contiguous writes reuse every cache line they touch. Pure moves: the bits are the
/// source's, whatever the split among threads. Copies of at least <see cref="MinElementsPerWorker"/> elements per
/// worker are split over the tiles of the longer side.
/// <code>
///   source (k × rows)            destination (rows × k)
///   t=0: [a0 a1 a2 … ]           row 0: [a0 b0 c0 …]
///   t=1: [b0 b1 b2 … ]    →      row 1: [a1 b1 c1 …]
///   t=2: [c0 c1 c2 … ]           row 2: [a2 b2 c2 …]
/// </code>
/// </remarks>
internal static unsafe class FactorTranspose
{
    /// <summary>Tile side: 32×32 elements are 4 or 8 KB per side.</summary>
    private const int Block = 32;

    /// <summary>Elements per worker below which a copy stays on the calling thread (about 0.1 ms of moves).</summary>
    internal const int MinElementsPerWorker = 1 << 18;

    /// <summary>destination (source.Cols × source.Rows) ← sourceᵀ.</summary>
    /// <exception cref="ArgumentException">The destination's shape is not the transposed shape.</exception>
    public static void Transpose<T>(ReadOnlyMatrixSpan<T> source, MatrixSpan<T> destination, int maxDegreeOfParallelism = 1)
        where T : unmanaged
    {
        if (destination.Rows != source.Cols || destination.Cols != source.Rows)
            throw new ArgumentException($"The transpose of a {source.Rows}×{source.Cols} matrix is {source.Cols}×{source.Rows}, not {destination.Rows}×{destination.Cols}.", nameof(destination));
        if (source.Rows == 0 || source.Cols == 0) return;
        fixed (T* s = &source.Origin)
        fixed (T* d = &destination.Origin)
        {
            var action = new TileAction<T>(s, source.Stride, d, destination.Stride, source.Rows, source.Cols);
            long elements = (long)source.Rows * source.Cols;
            int bands = (Math.Max(source.Rows, source.Cols) + Block - 1) / Block;
            int workers = maxDegreeOfParallelism == 1 ? 1
                : ParallelRange.WorkerCount((int)Math.Min(int.MaxValue, elements / MinElementsPerWorker), 1, maxDegreeOfParallelism);
            if (workers <= 1 || bands < 2) action.Invoke(0, bands);
            else ParallelRange.For(bands, 1, workers, action);
        }
    }

    /// <summary>Bands [start, end) of <see cref="Block"/> indices along the longer side of the source, all tiles of each.</summary>
    private readonly struct TileAction<T>(T* source, int sourceStride, T* destination, int destinationStride, int rows, int cols) : IRangeAction
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            bool alongColumns = cols >= rows;
            int across = alongColumns ? rows : cols;
            for (int band = start; band < end; band++)
            {
                for (int other = 0; other < across; other += Block)
                {
                    int i0 = alongColumns ? other : band * Block, j0 = alongColumns ? band * Block : other;
                    int i1 = Math.Min(i0 + Block, rows), j1 = Math.Min(j0 + Block, cols);
                    for (int j = j0; j < j1; j++)
                    {
                        T* d = destination + (nint)j * destinationStride;
                        T* s = source + j;
                        for (int i = i0; i < i1; i++) d[i] = s[(nint)i * sourceStride];
                    }
                }
            }
        }
    }
}
