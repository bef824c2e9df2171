// Refuses matrices whose in-memory form cannot be held, before anything is allocated.
namespace Nmf.Fast.IO;

internal static class DenseSizeGuard
{
    /// <summary>Throws unless a rows × cols dense matrix of <paramref name="elementSize"/>-byte elements fits in an array and in memory.</summary>
    public static void Check(string path, long rows, long cols, int elementSize)
    {
        if (rows > int.MaxValue || cols > int.MaxValue || rows * cols > Array.MaxLength - 64)
            throw new InvalidDataException($"{path}: a dense {rows}×{cols} matrix has more elements than an array can hold.");
        CheckBytes(path, rows * cols * elementSize, $"a dense {rows}×{cols} matrix");
    }

    /// <summary>
    /// Throws unless a CSR matrix with this shape and entry count fits in memory: row pointers, column
    /// indices and values, plus the column pointers of the transposed companion a solver builds.
    /// </summary>
    public static void CheckSparse(string path, long rows, long cols, long entries, int elementSize) =>
        CheckBytes(path, 4 * (rows + 1) + 4 * (cols + 1) + entries * (4 + elementSize), $"a sparse {rows}×{cols} matrix with {entries} entries");

    /// <summary>Throws when <paramref name="bytes"/> exceeds the memory available to this process.</summary>
    public static void CheckBytes(string path, long bytes, string what)
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available > 0 && bytes > available)
            throw new InvalidDataException(
                $"{path}: {what} needs {bytes / (1 << 20)} MiB but only {available / (1 << 20)} MiB of memory is available.");
    }
}
