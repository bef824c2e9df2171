// Reads and writes matrix files, choosing the format from the file extension.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>Format-independent entry points for the CLI: .npy, .csv (and, for sparse data, .mtx / .npz).</summary>
public static class MatrixFile
{
    /// <summary>
    /// Reads a dense matrix from <paramref name="path"/> (.npy of any supported numeric dtype, C or
    /// Fortran order; .csv), converting to <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed; the message names the file and the problem.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Matrix<T> ReadDense<T>(string path, bool csvHeader = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        throw new NotSupportedException($"{path}: reading is not implemented yet.");
    }

    /// <summary>Writes <paramref name="matrix"/> as a little-endian C-order .npy file.</summary>
    public static void WriteNpy<T>(string path, ReadOnlyMatrixSpan<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        throw new NotSupportedException($"{path}: writing is not implemented yet ({matrix.Rows}×{matrix.Cols}).");
    }
}
