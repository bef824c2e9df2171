// Structural checks of CSR arrays, with messages that name the offending row and position.
namespace Nmf.Fast.Memory;

internal static class CsrValidation
{
    public static void CheckDimensions(int rows, int cols)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "The number of rows must be non-negative.");
        if (cols < 0) throw new ArgumentOutOfRangeException(nameof(cols), cols, "The number of columns must be non-negative.");
        if (rows == int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "Too many rows: the row pointer array would need rows + 1 entries.");
    }

    /// <summary>
    /// Checks the CSR structure: rows + 1 pointers starting at 0, never decreasing, ending at nnz; as many
    /// values as column indices; every column index in [0, cols).
    /// </summary>
    public static void Validate(int rows, int cols, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, int valueCount)
    {
        CheckDimensions(rows, cols);
        if (rowPointers.Length != rows + 1)
            throw new ArgumentException(
                $"rowPointers has {rowPointers.Length} entries but a matrix with {rows} rows needs {rows + 1}.", nameof(rowPointers));
        if (columnIndices.Length != valueCount)
            throw new ArgumentException(
                $"columnIndices has {columnIndices.Length} entries but values has {valueCount}.", nameof(columnIndices));
        if (rowPointers[0] != 0)
            throw new ArgumentException($"rowPointers[0] is {rowPointers[0]} but must be 0.", nameof(rowPointers));
        for (int i = 0; i < rows; i++)
        {
            if (rowPointers[i + 1] < rowPointers[i])
                throw new ArgumentException(
                    $"rowPointers is not monotone at row {i}: rowPointers[{i + 1}] = {rowPointers[i + 1]} < rowPointers[{i}] = {rowPointers[i]}.",
                    nameof(rowPointers));
        }
        if (rowPointers[rows] != columnIndices.Length)
            throw new ArgumentException(
                $"rowPointers[{rows}] = {rowPointers[rows]} but there are {columnIndices.Length} stored entries.", nameof(rowPointers));
        for (int i = 0; i < rows; i++)
        {
            for (int k = rowPointers[i]; k < rowPointers[i + 1]; k++)
            {
                int c = columnIndices[k];
                if ((uint)c >= (uint)cols)
                    throw new ArgumentException(
                        $"columnIndices[{k}] = {c} (row {i}) is outside [0, {cols}).", nameof(columnIndices));
            }
        }
    }
}
