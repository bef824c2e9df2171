// The comparison's X in the form it was read: dense (.npy/.csv) or CSR (.mtx/.npz), a sparse X never densified.
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Compare;

/// <summary>
/// X as every library receives it: exactly one of <see cref="Dense"/> and <see cref="Sparse"/> is set. A sparse
/// file stays CSR for the whole comparison, so its memory is O(nnz + (m + n)·k), never m×n.
/// </summary>
internal sealed class CompareInput
{
    private CompareInput(Matrix<double>? dense, CsrMatrix<double>? sparse)
    {
        Dense = dense;
        Sparse = sparse;
    }

    /// <summary>The dense X, or null when X is sparse.</summary>
    public Matrix<double>? Dense { get; }

    /// <summary>The CSR X, or null when X is dense.</summary>
    public CsrMatrix<double>? Sparse { get; }

    /// <summary>True when X is held (and handed to every library) as a sparse matrix.</summary>
    public bool IsSparse => Sparse is not null;

    /// <summary>Rows m.</summary>
    public int Rows => Sparse?.Rows ?? Dense!.Rows;

    /// <summary>Columns n.</summary>
    public int Cols => Sparse?.Cols ?? Dense!.Cols;

    /// <summary>The stored entries of a sparse X; null for a dense X.</summary>
    public long? NonZeros => Sparse?.NonZeroCount;

    /// <summary>A dense X.</summary>
    public static CompareInput FromDense(Matrix<double> x) => new(x ?? throw new ArgumentNullException(nameof(x)), null);

    /// <summary>A sparse X.</summary>
    public static CompareInput FromSparse(CsrMatrix<double> x) => new(null, x ?? throw new ArgumentNullException(nameof(x)));

    /// <summary>Reads <paramref name="path"/>: .mtx and .npz as CSR, every other format dense.</summary>
    public static CompareInput Read(string path) => MatrixFile.IsSparseFormat(path)
        ? FromSparse(MatrixFile.ReadSparse<double>(path))
        : FromDense(MatrixFile.ReadDense<double>(path));

    /// <summary>‖X‖_F, in double.</summary>
    public double FrobeniusNorm() => Math.Sqrt(Sparse is { } csr
        ? csr.SquaredFrobeniusNorm()
        : Solvers.DenseData.SquaredNorm(Dense!.AsReadOnlyMatrixSpan()));

    /// <summary>‖X − WH‖_F / ‖X‖_F by the referee routine for X's storage (see <see cref="RelativeError"/>).</summary>
    /// <exception cref="ArgumentException">The shapes of W and H do not factor X.</exception>
    public double RelativeErrorOf(ReadOnlyMatrixSpan<double> w, ReadOnlyMatrixSpan<double> h) => Sparse is { } csr
        ? RelativeError.Of(csr, w, h)
        : RelativeError.Of(Dense!.AsReadOnlyMatrixSpan(), w, h);

    /// <summary>
    /// The first stored or dense entry that is negative, NaN or infinite, as (row, column, value); null when X is
    /// a valid NMF input.
    /// </summary>
    public (int Row, int Col, double Value)? FirstInvalidEntry()
    {
        if (Sparse is { } csr)
        {
            for (int i = 0; i < csr.Rows; i++)
            {
                var columns = csr.RowColumnIndices(i);
                var values = csr.RowValues(i);
                for (int p = 0; p < values.Length; p++)
                    if (!IsValid(values[p])) return (i, columns[p], values[p]);
            }
            return null;
        }
        var x = Dense!;
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            for (int j = 0; j < row.Length; j++)
                if (!IsValid(row[j])) return (i, j, row[j]);
        }
        return null;
    }

    private static bool IsValid(double value) => value >= 0 && !double.IsPositiveInfinity(value);
}
