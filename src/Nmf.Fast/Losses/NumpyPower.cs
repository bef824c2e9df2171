// x ** e as NumPy evaluates it for a float array and a scalar exponent, fast paths included.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Losses;

/// <summary>
/// NumPy (≤ 1.24, <c>fast_scalar_power</c>) does not call <c>pow</c> for the scalar exponents −1, 0, ½, 1
/// and 2: it uses reciprocal, ones, sqrt, a copy and square. Those are exactly rounded while <c>pow</c>
/// need not be, so matching scikit-learn bit for bit means taking the same paths.
/// </summary>
internal readonly struct NumpyPower<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private enum Kind : byte { General, Reciprocal, One, Sqrt, Identity, Square }

    private readonly Kind _kind;
    private readonly T _exponent;

    public NumpyPower(double exponent)
    {
        _exponent = T.CreateTruncating(exponent);
        _kind = exponent switch
        {
            -1.0 => Kind.Reciprocal,
            0.0 => Kind.One,
            0.5 => Kind.Sqrt,
            1.0 => Kind.Identity,
            2.0 => Kind.Square,
            _ => Kind.General,
        };
    }

    /// <summary>True when the power is an exactly rounded elementary operation (vectorisable).</summary>
    public bool IsFastPath => _kind != Kind.General;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply(T x) => _kind switch
    {
        Kind.Reciprocal => T.One / x,
        Kind.One => T.One,
        Kind.Sqrt => T.Sqrt(x),
        Kind.Identity => x,
        Kind.Square => x * x,
        _ => T.Pow(x, _exponent),
    };

    /// <summary>Applies the power in place to every element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public void ApplyInPlace(Span<T> values)
    {
        switch (_kind)
        {
            case Kind.Identity: return;
            case Kind.Square: System.Numerics.Tensors.TensorPrimitives.Multiply(values, values, values); return;
            case Kind.Sqrt: System.Numerics.Tensors.TensorPrimitives.Sqrt(values, values); return;
            case Kind.Reciprocal: System.Numerics.Tensors.TensorPrimitives.Divide(T.One, values, values); return;
            case Kind.One: values.Fill(T.One); return;
            default:
                for (int i = 0; i < values.Length; i++) values[i] = T.Pow(values[i], _exponent);
                return;
        }
    }
}
