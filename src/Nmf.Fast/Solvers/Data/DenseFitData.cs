// IFitData over a dense X held pinned by the caller: GEMM products, with a one-off Xᵀ copy for the H step.
using System.Numerics;
using Nmf.Fast.Init;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Data;

/// <summary>
/// A dense X as <see cref="IFitData{T}"/>. The creator keeps X pinned (a <c>fixed</c> block) for the object's
/// lifetime. The products are <see cref="DenseData"/>'s, unchanged.
/// </summary>
internal sealed class DenseFitData<T> : IFitData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly PinnedMatrixView<T> _x;
    private readonly Matrix<T>? _xTransposed;

    /// <param name="x">X, pinned by the caller.</param>
    /// <param name="keepTranspose">True to build Xᵀ once (see <see cref="DenseData.TransposedCopy{T}"/>) for the Wᵀ·X products.</param>
    public DenseFitData(PinnedMatrixView<T> x, bool keepTranspose)
    {
        _x = x;
        _xTransposed = keepTranspose ? DenseData.TransposedCopy(x.AsReadOnly()) : null;
    }

    public int Rows => _x.Rows;

    /// <summary>Hands Xᵀ to <see cref="WorkspaceReuse"/> for the next fit on this thread (call when the fit is done).</summary>
    public void KeepForReuse()
    {
        if (_xTransposed is not null) WorkspaceReuse.Keep(_xTransposed);
    }

    public int Cols => _x.Cols;

    public double SquaredNorm() => DenseData.SquaredNorm(_x.AsReadOnly());

    public T Mean() => NumPyMean.Of(_x.AsReadOnly());

    public void FactorTimesTranspose(ReadOnlyMatrixSpan<T> h, MatrixSpan<T> c, int maxDegreeOfParallelism) =>
        DenseData.FactorTimesTranspose(_x.AsReadOnly(), h, c, maxDegreeOfParallelism);

    public void FactorTimes(ReadOnlyMatrixSpan<T> wt, MatrixSpan<T> c, int maxDegreeOfParallelism) =>
        DenseData.FactorTimes(_x.AsReadOnly(), _xTransposed, wt, c, maxDegreeOfParallelism);

    public void Multiply(MatrixOp op, ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, int maxDegreeOfParallelism) =>
        Gemm.Multiply(T.One, _x.AsReadOnly(), op, b, MatrixOp.None, T.Zero, c, maxDegreeOfParallelism);

    public void CopyTo(MatrixOp op, MatrixSpan<T> destination)
    {
        var x = _x.AsReadOnly();
        if (op == MatrixOp.None)
        {
            x.CopyTo(destination);
            return;
        }
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<T> row = x.Row(i);
            for (int j = 0; j < row.Length; j++) destination[j, i] = row[j];
        }
    }
}
