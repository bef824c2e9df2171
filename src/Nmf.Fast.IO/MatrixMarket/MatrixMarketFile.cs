// Public reader and writer for MatrixMarket (.mtx) files, coordinate and array formats.
using System.Globalization;
using System.Numerics;
using System.Text;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// MatrixMarket exchange files (<c>.mtx</c>): <c>coordinate</c> (sparse) and <c>array</c> (dense, column-major)
/// formats; <c>real</c>, <c>integer</c> and <c>pattern</c> fields; <c>general</c>, <c>symmetric</c> and
/// <c>skew-symmetric</c> symmetry (expanded to the full matrix on reading). Indices are 1-based; duplicates in
/// a coordinate file are summed. Complex and hermitian files are rejected as unsupported.
/// </summary>
public static class MatrixMarketFile
{
    /// <summary>Reads a MatrixMarket file as a CSR matrix (an array-format file is compressed, dropping zeros).</summary>
    /// <exception cref="InvalidDataException">The file is malformed; the message names the file and the line.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static CsrMatrix<T> ReadSparse<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = SafeFile.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return MatrixMarketReader<T>.Read(reader, path, stream.Length, densify: false).Sparse!;
    }

    /// <summary>Reads a MatrixMarket file as a dense matrix (a coordinate file is densified if it fits in memory).</summary>
    /// <exception cref="InvalidDataException">The file is malformed or too large to densify; the message names the file and the line.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Matrix<T> ReadDense<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = SafeFile.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return MatrixMarketReader<T>.Read(reader, path, stream.Length, densify: true).Dense!;
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> as a <c>coordinate real general</c> file (1-based indices, round-trip
    /// precision, rows in order), atomically: a temporary sibling is renamed into place.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void Write<T>(string path, CsrMatrix<T> matrix, bool overwrite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var file = AtomicFile.Create(path, overwrite);
        using (var writer = CreateWriter(file.Stream))
        {
            writer.WriteLine("%%MatrixMarket matrix coordinate real general");
            writer.WriteLine("% written by Nmf.Fast");
            writer.WriteLine(FormattableString.Invariant($"{matrix.Rows} {matrix.Cols} {matrix.NonZeroCount}"));
            Span<char> buffer = stackalloc char[64];
            for (int i = 0; i < matrix.Rows; i++)
            {
                var columns = matrix.RowColumnIndices(i);
                var values = matrix.RowValues(i);
                for (int k = 0; k < columns.Length; k++)
                {
                    writer.Write(FormattableString.Invariant($"{i + 1} {columns[k] + 1} "));
                    WriteValue(writer, values[k], buffer);
                    writer.WriteLine();
                }
            }
        }
        file.Commit();
    }

    /// <summary>Writes a dense matrix as an <c>array real general</c> file (column-major values), atomically.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void Write<T>(string path, ReadOnlyMatrixSpan<T> matrix, bool overwrite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var file = AtomicFile.Create(path, overwrite);
        using (var writer = CreateWriter(file.Stream))
        {
            writer.WriteLine("%%MatrixMarket matrix array real general");
            writer.WriteLine("% written by Nmf.Fast");
            writer.WriteLine(FormattableString.Invariant($"{matrix.Rows} {matrix.Cols}"));
            Span<char> buffer = stackalloc char[64];
            for (int j = 0; j < matrix.Cols; j++)
            {
                for (int i = 0; i < matrix.Rows; i++)
                {
                    WriteValue(writer, matrix[i, j], buffer);
                    writer.WriteLine();
                }
            }
        }
        file.Commit();
    }

    private static StreamWriter CreateWriter(Stream stream) =>
        new(stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };

    private static void WriteValue<T>(StreamWriter writer, T value, Span<char> buffer) where T : IFloatingPointIeee754<T>
    {
        value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }
}
