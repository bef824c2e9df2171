// Whether a GEMM operand is used as stored or transposed.
namespace Nmf.Fast.Linear;

/// <summary>How a GEMM operand enters the product: <c>op(A) = A</c> or <c>op(A) = Aᵀ</c>.</summary>
public enum MatrixOp
{
    /// <summary>Use the matrix as stored.</summary>
    None = 0,

    /// <summary>Use the transpose of the stored matrix.</summary>
    Transpose = 1,
}
