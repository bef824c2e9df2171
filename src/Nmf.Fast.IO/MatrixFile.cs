// Reads and writes matrix files, choosing the format from the file extension.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// Format-independent entry points for the CLI, dispatching on the file extension (case-insensitive):
/// <c>.npy</c> and <c>.csv</c> (also <c>.txt</c>/<c>.tsv</c>, read as CSV) are dense; <c>.mtx</c> and <c>.npz</c>
/// are sparse. See docs/formats.md for every accepted variant and every rejection.
/// </summary>
public static class MatrixFile
{
    /// <summary>
    /// Reads a dense matrix from <paramref name="path"/> (.npy of any supported numeric dtype, C or
    /// Fortran order; .csv), converting to <typeparamref name="T"/>. Sparse files (.mtx, .npz) are densified
    /// when the dense matrix fits in memory.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="csvHeader">For CSV files: skip the first non-blank, non-comment line.</param>
    /// <exception cref="InvalidDataException">The file is malformed, or is a directory; the message names the file and the problem.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Matrix<T> ReadDense<T>(string path, bool csvHeader = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        return FormatOf(path) switch
        {
            Format.Npy => NpyFile.Read<T>(path),
            Format.Csv => CsvFile.Read<T>(path, csvHeader),
            Format.MatrixMarket => MatrixMarketFile.ReadDense<T>(path),
            Format.Npz => NpzFile.ReadDense<T>(path),
            _ => throw UnknownExtension(path),
        };
    }

    /// <summary>
    /// Reads a sparse matrix from a .mtx or .npz file. Dense files (.npy, .csv) are accepted too and compressed,
    /// dropping exact zeros.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, or is a directory; the message names the file and the problem.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <param name="path">The file to read.</param>
    /// <param name="csvHeader">For CSV files: skip the first non-blank, non-comment line.</param>
    public static CsrMatrix<T> ReadSparse<T>(string path, bool csvHeader = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        return FormatOf(path) switch
        {
            Format.MatrixMarket => MatrixMarketFile.ReadSparse<T>(path),
            Format.Npz => NpzFile.ReadSparse<T>(path),
            Format.Npy or Format.Csv => CsrMatrix<T>.FromDense(ReadDense<T>(path, csvHeader)),
            _ => throw UnknownExtension(path),
        };
    }

    /// <summary>True when the extension names a sparse format (.mtx, .npz), i.e. when the CLI should read with <see cref="ReadSparse{T}"/>.</summary>
    public static bool IsSparseFormat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FormatOf(path) is Format.MatrixMarket or Format.Npz;
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> as a little-endian C-order .npy file, atomically: the data goes to a
    /// temporary file in the same folder that is renamed into place only when complete.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, its folder is missing, or writing failed.</exception>
    public static void WriteNpy<T>(string path, ReadOnlyMatrixSpan<T> matrix, bool overwrite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        NpyFile.Write(path, matrix, overwrite);
    }

    /// <summary>Writes a dense matrix in the format named by the extension (.npy, .csv, .mtx as array), atomically.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    /// <exception cref="ArgumentException">The extension names no dense format this library writes.</exception>
    public static void WriteDense<T>(string path, ReadOnlyMatrixSpan<T> matrix, bool overwrite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (FormatOf(path))
        {
            case Format.Npy: NpyFile.Write(path, matrix, overwrite); break;
            case Format.Csv: CsvFile.Write(path, matrix, overwrite); break;
            case Format.MatrixMarket: MatrixMarketFile.Write(path, matrix, overwrite); break;
            default: throw new ArgumentException($"{path}: cannot write a dense matrix with this extension (use .npy, .csv or .mtx).", nameof(path));
        }
    }

    /// <summary>Writes a sparse matrix as SciPy .npz (CSR) or MatrixMarket coordinate .mtx, by extension, atomically.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    /// <exception cref="ArgumentException">The extension names no sparse format.</exception>
    public static void WriteSparse<T>(string path, CsrMatrix<T> matrix, bool overwrite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (FormatOf(path))
        {
            case Format.Npz: NpzFile.WriteSparse(path, matrix, overwrite); break;
            case Format.MatrixMarket: MatrixMarketFile.Write(path, matrix, overwrite); break;
            default: throw new ArgumentException($"{path}: cannot write a sparse matrix with this extension (use .npz or .mtx).", nameof(path));
        }
    }

    private enum Format
    {
        Unknown,
        Npy,
        Csv,
        MatrixMarket,
        Npz,
    }

    private static Format FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => Format.Npy,
        ".csv" or ".txt" or ".tsv" => Format.Csv,
        ".mtx" => Format.MatrixMarket,
        ".npz" => Format.Npz,
        _ => Format.Unknown,
    };

    private static Exception UnknownExtension(string path)
    {
        if (Directory.Exists(path)) return new InvalidDataException($"{path}: is a directory, not a file.");
        if (!File.Exists(path)) return new FileNotFoundException($"{path}: no such file.", path);
        return new InvalidDataException($"{path}: unknown file type '{Path.GetExtension(path)}' (expected .npy, .csv, .mtx or .npz).");
    }
}
