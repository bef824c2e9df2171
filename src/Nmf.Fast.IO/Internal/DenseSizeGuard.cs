// Refuses to densify a matrix whose dense form cannot be held, before anything is allocated.
namespace Nmf.Fast.IO;

internal static class DenseSizeGuard
{
    /// <summary>Throws unless a rows × cols dense matrix of <paramref name="elementSize"/>-byte elements fits in an array and in memory.</summary>
    public static void Check(string path, long rows, long cols, int elementSize)
    {
        if (rows > int.MaxValue || cols > int.MaxValue || rows * cols > Array.MaxLength - 64)
            throw new InvalidDataException($"{path}: a dense {rows}×{cols} matrix has more elements than an array can hold.");
        long bytes = rows * cols * elementSize;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available > 0 && bytes > available)
            throw new InvalidDataException(
                $"{path}: a dense {rows}×{cols} matrix needs {bytes / (1 << 20)} MiB but only {available / (1 << 20)} MiB of memory is available.");
    }
}
