// Copies chosen rows of X (dense or CSR) or of a factor into a small dense matrix, for the reconstruction picture.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Gallery;

internal static class SampleRows
{
    /// <summary>Rows <paramref name="indices"/> of a dense matrix.</summary>
    public static Matrix<T> Take<T>(Matrix<T> x, int[] indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Matrix<T>(indices.Length, x.Cols);
        for (int r = 0; r < indices.Length; r++) x.Row(indices[r]).CopyTo(result.Row(r));
        return result;
    }

    /// <summary>Rows <paramref name="indices"/> of a CSR matrix, densified.</summary>
    public static Matrix<T> Take<T>(CsrMatrix<T> x, int[] indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Matrix<T>(indices.Length, x.Cols);
        for (int r = 0; r < indices.Length; r++)
        {
            var columns = x.RowColumnIndices(indices[r]);
            var values = x.RowValues(indices[r]);
            var target = result.Row(r);
            for (int p = 0; p < columns.Length; p++) target[columns[p]] = values[p];
        }
        return result;
    }
}
