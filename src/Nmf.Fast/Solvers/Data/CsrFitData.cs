// IFitData over a CSR X: the CSR×dense kernels for both products (Xᵀ built once per fit), ‖X‖² and the mean from the stored values.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Data;

/// <summary>
/// A sparse X as <see cref="IFitData{T}"/>. The kernels take the dense operand row-major with the rank as the
/// contiguous dimension (Hᵀ n×k, W m×k) and write m×k or n×k, while the solvers keep factors component-major
/// (k×m, k×n); the conversions are O((m + n)·k) per product against the kernels' O(nnz·k). Xᵀ (CSC of X) is built
/// on first use and kept. Extra memory: Xᵀ (nnz values + indices) and two max(m, n)×k panels — never m×n.
/// </summary>
internal sealed class CsrFitData<T> : IFitData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CsrMatrix<T> _x;
    private CsrMatrix<T>? _xTransposed;
    private Matrix<T>? _operand;   // Hᵀ (n×k) or W (m×k)
    private Matrix<T>? _product;   // X·Hᵀ (m×k) or Xᵀ·W (n×k)

    public CsrFitData(CsrMatrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        _x = x;
    }

    public int Rows => _x.Rows;

    public int Cols => _x.Cols;

    /// <summary>The CSR matrix itself.</summary>
    public CsrMatrix<T> Matrix => _x;

    /// <summary>Xᵀ as CSR (X in CSC form), built on first use.</summary>
    public CsrMatrix<T> Transposed => _xTransposed ??= _x.Transpose();

    public double SquaredNorm() => SparseKernels.SquaredFrobeniusNorm(_x.Values);

    /// <summary>Σ values / (m·n): the missing entries are zeros.</summary>
    public T Mean()
    {
        double sum = 0;
        foreach (T v in _x.Values) sum += double.CreateTruncating(v);
        return T.CreateTruncating(sum / ((double)_x.Rows * _x.Cols));
    }

    public void FactorTimesTranspose(ReadOnlyMatrixSpan<T> h, MatrixSpan<T> c, int maxDegreeOfParallelism)
    {
        int k = h.Rows;
        var ht = Panel(ref _operand, _x.Cols, k);
        var product = Panel(ref _product, _x.Rows, k);
        Transpose(h, ht);
        SparseKernels.Multiply(_x.RowPointers, _x.ColumnIndices, _x.Values, _x.Rows, _x.Cols, ht, product, maxDegreeOfParallelism);
        Transpose(product, c);
    }

    public void FactorTimes(ReadOnlyMatrixSpan<T> wt, MatrixSpan<T> c, int maxDegreeOfParallelism)
    {
        int k = wt.Rows;
        var w = Panel(ref _operand, _x.Rows, k);
        var product = Panel(ref _product, _x.Cols, k);
        Transpose(wt, w);
        var xt = Transposed;
        SparseKernels.Multiply(xt.RowPointers, xt.ColumnIndices, xt.Values, xt.Rows, xt.Cols, w, product, maxDegreeOfParallelism);
        Transpose(product, c);
    }

    public void Multiply(MatrixOp op, ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, int maxDegreeOfParallelism)
    {
        var a = op == MatrixOp.None ? _x : Transposed;
        SparseKernels.Multiply(a.RowPointers, a.ColumnIndices, a.Values, a.Rows, a.Cols, b, c, maxDegreeOfParallelism);
    }

    public void CopyTo(MatrixOp op, MatrixSpan<T> destination)
    {
        var a = op == MatrixOp.None ? _x : Transposed;
        destination.Fill(T.Zero);
        for (int i = 0; i < a.Rows; i++)
        {
            var columns = a.RowColumnIndices(i);
            var values = a.RowValues(i);
            var row = destination.Row(i);
            for (int p = 0; p < columns.Length; p++) row[columns[p]] = values[p];
        }
    }

    /// <summary>The first rows×k of a reusable panel sized for max(m, n)×k (allocated once per fit and rank).</summary>
    private MatrixSpan<T> Panel(ref Matrix<T>? panel, int rows, int k)
    {
        int capacity = Math.Max(_x.Rows, _x.Cols);
        if (panel is null || panel.Cols != k) panel = new Matrix<T>(capacity, k);
        return new MatrixSpan<T>(panel.AsSpan()[..(rows * k)], rows, k);
    }

    /// <summary>destination (c×r) ← sourceᵀ (r×c), in 32×32 blocks.</summary>
    internal static void Transpose(ReadOnlyMatrixSpan<T> source, MatrixSpan<T> destination)
    {
        const int Block = 32;
        int rows = source.Rows, cols = source.Cols;
        for (int i0 = 0; i0 < rows; i0 += Block)
        {
            int iEnd = Math.Min(i0 + Block, rows);
            for (int j0 = 0; j0 < cols; j0 += Block)
            {
                int jEnd = Math.Min(j0 + Block, cols);
                for (int i = i0; i < iEnd; i++)
                {
                    var row = source.Row(i);
                    for (int j = j0; j < jEnd; j++) destination[j, i] = row[j];
                }
            }
        }
    }
}
