// The per-call scratch of one projection, carved out of one span of doubles (stack, per-thread array or caller's).
using System.Runtime.InteropServices;

namespace Nmf.Fast.Projection;

/// <summary>
/// Slices of one scratch span of <see cref="Length"/>(k) = k² + 6k doubles:
/// <code>
///   [0, k)      B        H·x − L1, the linear term
///   [k, 2k)     W        the weights being solved for
///   [2k, 3k)    G        b − G·w, the negative gradient
///   [3k, 4k)    Z        the free set's system solution (in free-set order), or the unconstrained solution
///   [4k, 5k)    State + Index as 2k ints: per component Fixed/Free/Blocked; the free components in order
///   [5k, 6k)    Products H·x in the model's element type (k values of T ≤ 8 bytes), then the downdate's work vector
///   [6k, 6k+k²) Factor   Cholesky rows of G[F, F], stride k
/// </code>
/// </summary>
internal readonly ref struct ProjectionScratch
{
    /// <summary>Slices <paramref name="scratch"/> (at least <see cref="Length"/>(<paramref name="k"/>) doubles) for rank k.</summary>
    public ProjectionScratch(Span<double> scratch, int k)
    {
        B = scratch[..k];
        W = scratch.Slice(k, k);
        NegativeGradient = scratch.Slice(2 * k, k);
        Z = scratch.Slice(3 * k, k);
        var ints = MemoryMarshal.Cast<double, int>(scratch.Slice(4 * k, k));
        State = ints[..k];
        Index = ints.Slice(k, k);
        Products = scratch.Slice(5 * k, k);
        Factor = scratch.Slice(6 * k, k * k);
    }

    /// <summary>Doubles needed for rank <paramref name="k"/>: k² + 6k.</summary>
    public static int Length(int k) => k * k + 6 * k;

    /// <summary>b = H·x − L1.</summary>
    public Span<double> B { get; }

    /// <summary>w, the solution being built.</summary>
    public Span<double> W { get; }

    /// <summary>b − G·w (the objective's gradient is its negative).</summary>
    public Span<double> NegativeGradient { get; }

    /// <summary>Solution of a linear system.</summary>
    public Span<double> Z { get; }

    /// <summary>Per component: <see cref="ActiveSetNnls.Fixed"/>, <see cref="ActiveSetNnls.Free"/> or <see cref="ActiveSetNnls.Blocked"/>.</summary>
    public Span<int> State { get; }

    /// <summary>The free components in the order of the factor's rows.</summary>
    public Span<int> Index { get; }

    /// <summary>Room for k values of the model's element type (H·x before widening); afterwards work space for factor downdates.</summary>
    public Span<double> Products { get; }

    /// <summary>Cholesky rows of G restricted to the free set, stride k.</summary>
    public Span<double> Factor { get; }
}
