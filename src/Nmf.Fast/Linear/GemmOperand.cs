// A pinned GEMM operand: base pointer, row stride and whether it enters the product transposed.
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Linear;

/// <summary>
/// op(X) as seen by the GEMM internals: element (i, j) of op(X) is <c>Ptr[i·Stride + j]</c> when not transposed
/// and <c>Ptr[j·Stride + i]</c> when transposed. Only valid while the caller keeps the memory pinned.
/// </summary>
internal readonly unsafe struct GemmOperand<T> where T : unmanaged
{
    public GemmOperand(T* ptr, nint stride, bool transposed)
    {
        Ptr = ptr;
        Stride = stride;
        Transposed = transposed;
    }

    /// <summary>Element (0, 0) of the stored matrix.</summary>
    public T* Ptr { get; }

    /// <summary>Row stride of the stored matrix.</summary>
    public nint Stride { get; }

    /// <summary>True when op(X) = Xᵀ.</summary>
    public bool Transposed { get; }

    /// <summary>Element (i, j) of op(X).</summary>
    public T this[int i, int j]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Transposed ? Ptr[j * Stride + i] : Ptr[i * Stride + j];
    }
}

/// <summary>Everything one GEMM call needs, as plain pointers so that worker threads can carry it.</summary>
internal readonly unsafe struct GemmProblem<T> where T : unmanaged
{
    public GemmProblem(GemmOperand<T> a, GemmOperand<T> b, T* c, nint ldc, int m, int n, int k, T alpha, T beta, bool upperOnly)
    {
        A = a;
        B = b;
        C = c;
        Ldc = ldc;
        M = m;
        N = n;
        K = k;
        Alpha = alpha;
        Beta = beta;
        UpperOnly = upperOnly;
    }

    public GemmOperand<T> A { get; }
    public GemmOperand<T> B { get; }
    public T* C { get; }
    public nint Ldc { get; }
    public int M { get; }
    public int N { get; }
    public int K { get; }
    public T Alpha { get; }
    public T Beta { get; }

    /// <summary>Only tiles that touch the upper triangle (row ≤ col) need be computed (Gram matrices).</summary>
    public bool UpperOnly { get; }
}
