// IFitData over a CSR X: the CSR×dense kernels for both products (packed X and Xᵀ built once per fit), ‖X‖² and the mean from the stored values.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Data;

/// <summary>
/// A sparse X as <see cref="IFitData{T}"/>. The kernels take the dense operand row-major with the rank as the
/// contiguous dimension (Hᵀ n×k, W m×k), while the solvers keep factors component-major (k×m, k×n): each product
/// transposes its factor into one reusable panel (O((m + n)·k) moves against the kernel's O(nnz·k) work) and the
/// kernel writes its result component-major directly. The two products run over <see cref="PackedCsr{T}"/> copies of X
/// and Xᵀ (16-bit indices, float values where exact; the same bits, less traffic), each built on its first use and kept,
/// on the fit's threads (<see cref="CsrNarrowing"/>, <see cref="SparseTranspose.BuildParallel"/>).
/// Extra memory: packed X (nothing when nothing narrows) + packed Xᵀ (at most one unpacked Xᵀ together for count data)
/// and one max(m, n)×k panel — never m×n. The unpacked Xᵀ (<see cref="Transposed"/>, for the MU solvers and the
/// randomized SVD of the NNDSVD inits) is built only when asked for, and dropped when the HALS products start.
/// </summary>
internal sealed class CsrFitData<T> : IFitData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CsrMatrix<T> _x;
    private CsrMatrix<T>? _xTransposed;
    private PackedCsr<T>? _packed;
    private PackedCsr<T>? _asStored;
    private PackedCsr<T>? _packedTransposed;
    private Matrix<T>? _operand;   // Hᵀ (n×k) or W (m×k)
    private double _squaredNorm = double.NaN;

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

    /// <summary>‖X‖²_F, computed on first use and kept (a fit asks for it more than once).</summary>
    public double SquaredNorm() => double.IsNaN(_squaredNorm) ? _squaredNorm = SparseKernels.SquaredFrobeniusNorm(_x.Values) : _squaredNorm;

    /// <summary>nnz(X): what a product with X costs per rank (k·nnz multiply-adds), for the accelerated-HALS sweep budget.</summary>
    public double ProductEntries => _x.NonZeroCount;

    /// <summary>Σ values / (m·n): the missing entries are zeros.</summary>
    public T Mean()
    {
        double sum = 0;
        foreach (T v in _x.Values) sum += double.CreateTruncating(v);
        return T.CreateTruncating(sum / ((double)_x.Rows * _x.Cols));
    }

    public void FactorTimesTranspose(ReadOnlyMatrixSpan<T> h, MatrixSpan<T> c, int maxDegreeOfParallelism) =>
        FactorTimesTranspose(h, c, maxDegreeOfParallelism, operandReady: false);

    public void FactorTimes(ReadOnlyMatrixSpan<T> wt, MatrixSpan<T> c, int maxDegreeOfParallelism) =>
        FactorTimes(wt, c, maxDegreeOfParallelism, operandReady: false);

    /// <summary>The max(m, n)×k operand panel (see <see cref="IFitData{T}.OperandPanel"/>): a HALS sweep writes the factor's row-major copy into it.</summary>
    public Matrix<T> OperandPanel(int k)
    {
        _ = Panel(0, k);
        return _operand!;
    }

    public void FactorTimesTranspose(ReadOnlyMatrixSpan<T> h, MatrixSpan<T> c, int maxDegreeOfParallelism, bool operandReady)
    {
        var ht = Panel(_x.Cols, h.Rows);
        if (!operandReady) FactorTranspose.Transpose(h, ht, maxDegreeOfParallelism);
        SparseKernels.MultiplyTransposed(Packed(maxDegreeOfParallelism), ht, c, maxDegreeOfParallelism);
    }

    public void FactorTimes(ReadOnlyMatrixSpan<T> wt, MatrixSpan<T> c, int maxDegreeOfParallelism, bool operandReady)
    {
        var w = Panel(_x.Rows, wt.Rows);
        if (!operandReady) FactorTranspose.Transpose(wt, w, maxDegreeOfParallelism);
        SparseKernels.MultiplyTransposed(PackedColumns(maxDegreeOfParallelism), w, c, maxDegreeOfParallelism);
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

    /// <summary>X packed for H·Xᵀ, built on first use; the unpacked Xᵀ of an init is dropped then (the H step packs its own).</summary>
    private PackedCsr<T> Packed(int maxDegreeOfParallelism)
    {
        if (_packed is null)
        {
            _xTransposed = null;
            _packed = PackedCsr<T>.Pack(_x, maxDegreeOfParallelism);
        }
        return _packed;
    }

    /// <summary>The first rows×k of the reusable operand panel, sized for max(m, n)×k (allocated once per fit and rank).</summary>
    private MatrixSpan<T> Panel(int rows, int k)
    {
        int capacity = Math.Max(_x.Rows, _x.Cols);
        if (_operand is null || _operand.Cols != k) _operand = new Matrix<T>(capacity, k);
        return new MatrixSpan<T>(_operand.AsSpan()[..(rows * k)], rows, k);
    }

    /// <summary>
    /// X's rows for a fit's first iteration: the packed X when it exists, else X's own arrays (<see cref="PackedCsr{T}.AsStored"/>).
    /// Packing writes a narrowed copy of every entry (6 MB for 10⁶ entries, first touched inside the fit: ≈ 3 ms here),
    /// which pays back over later iterations (≈ 20 % per product) but not within the first one.
    /// </summary>
    internal PackedCsr<T> RowsForOnePass() => _packed ?? (_asStored ??= PackedCsr<T>.AsStored(_x));

    /// <summary>X packed, for the fused sparse HALS W step (<see cref="Hals.SparseHalsStep"/>); built on first use.</summary>
    internal PackedCsr<T> PackedRows(int maxDegreeOfParallelism) => Packed(maxDegreeOfParallelism);

    /// <summary>True once <see cref="PackedColumns"/> has built the packed Xᵀ.</summary>
    internal bool HasPackedColumns => _packedTransposed is not null;

    /// <summary>
    /// Xᵀ packed, for Wᵀ·X and the fused sparse HALS H step; built on first use. It replaces an init's unpacked Xᵀ, and
    /// its counting sort carries packed X's narrowed values.
    /// </summary>
    internal PackedCsr<T> PackedColumns(int maxDegreeOfParallelism)
    {
        if (_packedTransposed is null)
        {
            _xTransposed = null;
            var packed = Packed(maxDegreeOfParallelism);
            _packedTransposed = PackedCsr<T>.PackTransposed(_x, packed, maxDegreeOfParallelism);
        }
        return _packedTransposed;
    }

    private (PackedCsr<T> First, PackedCsr<T> Second)? _packedTransposedPieces;

    /// <summary>
    /// Xᵀ packed in two pieces cut at X's row <paramref name="boundary"/> (<see cref="PackedCsr{T}.PackTransposedRows"/>,
    /// one storage for both), for sparse HALS's H step (<see cref="Hals.SparseHalsStep.RunPieces"/>); built on first use,
    /// in place of the whole packed Xᵀ (its memory), which is dropped. One boundary per fit.
    /// </summary>
    internal (PackedCsr<T> First, PackedCsr<T> Second) PackedColumnPieces(int boundary, int maxDegreeOfParallelism)
    {
        if (_packedTransposedPieces is { } built && built.First.Cols == boundary) return built;
        _xTransposed = null;
        _packedTransposed = null;
        var packed = Packed(maxDegreeOfParallelism);
        bool narrow = Math.Max(boundary, _x.Rows - boundary) <= PackedCsr<T>.MaxNarrowColumns;
        var pieces = (PackedCsr<T>.PackTransposedRows(_x, packed, maxDegreeOfParallelism, 0, boundary, narrow),
            PackedCsr<T>.PackTransposedRows(_x, packed, maxDegreeOfParallelism, boundary, _x.Rows, narrow));
        _packedTransposedPieces = pieces;
        return pieces;
    }

    /// <summary>destination (c×r) ← sourceᵀ (r×c); see <see cref="FactorTranspose"/>.</summary>
    internal static void Transpose(ReadOnlyMatrixSpan<T> source, MatrixSpan<T> destination) =>
        FactorTranspose.Transpose(source, destination);
}
