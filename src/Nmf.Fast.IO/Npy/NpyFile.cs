// Public reader and writer for NumPy .npy files holding one dense matrix.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0). Reading accepts float16/32/64, int8..64,
/// uint8..64 and bool in either byte order and in C or Fortran order, converting to <c>T</c>; a 1-D array of
/// length n is read as a 1×n matrix. Writing produces version 1.0, little-endian, C order, atomically.
/// </summary>
public static class NpyFile
{
    /// <summary>Reads a dense matrix from a .npy file.</summary>
    /// <exception cref="InvalidDataException">The file is malformed, truncated, lies about its shape or has an unsupported dtype.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Matrix<T> Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = SafeFile.OpenRead(path);
        return Read<T>(stream, stream.Length, path);
    }

    /// <summary>Reads a matrix from <paramref name="stream"/>, which holds exactly <paramref name="length"/> bytes of one .npy file.</summary>
    internal static Matrix<T> Read<T>(Stream stream, long length, string where) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var header = NpyHeader.Read(stream, length, where);
        var matrix = NpyStreams.ReadMatrix<T>(stream, header, where);
        NpyStreams.EnsureAtEnd(stream, where);
        return matrix;
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> as a little-endian C-order .npy file ('&lt;f4' for float, '&lt;f8' for
    /// double, '&lt;f2' for Half). The file is written to a temporary sibling and renamed into place.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed (nothing is left behind).</exception>
    public static void Write<T>(string path, ReadOnlyMatrixSpan<T> matrix, bool overwrite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var file = AtomicFile.Create(path, overwrite);
        Write(file.Stream, matrix);
        file.Commit();
    }

    /// <summary>Writes the complete .npy encoding of <paramref name="matrix"/> to <paramref name="stream"/>.</summary>
    internal static void Write<T>(Stream stream, ReadOnlyMatrixSpan<T> matrix) where T : unmanaged
    {
        stream.Write(NpyHeader.Format(NpyStreams.DescrOf<T>(), [matrix.Rows, matrix.Cols]));
        NpyStreams.WriteMatrixData(stream, matrix);
    }

    /// <summary>Writes a 1-D array (used for the members of .npz files).</summary>
    internal static void Write1D<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged
    {
        stream.Write(NpyHeader.Format(NpyStreams.DescrOf<T>(), [values.Length]));
        NpyStreams.WriteLittleEndian(stream, values);
    }
}
