// A factorization in canonical form W·diag(d)·H: unit columns of W, unit rows of H, scales d in descending order.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// W·diag(d)·H with every column of <see cref="W"/> and row of <see cref="H"/> of unit norm (<see cref="Norm"/>) and
/// the scales <see cref="Scales"/> in descending order: the same product as the fitted factors with the scale
/// ambiguity (W·D, D⁻¹·H) and the order of the components removed. A component that is zero in W or H has scale 0
/// and is left zero (it cannot be normalised).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class CanonicalFactors<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal CanonicalFactors(Matrix<T> w, double[] scales, Matrix<T> h, int[] order, ComponentNorm norm)
    {
        W = w;
        Scales = scales;
        H = h;
        Order = order;
        Norm = norm;
    }

    /// <summary>W (m×k) with unit-norm columns, in canonical order.</summary>
    public Matrix<T> W { get; }

    /// <summary>d: component c's scale ‖w_c‖·‖h_c‖ of the original factors, descending.</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <summary>H (k×n) with unit-norm rows, in canonical order.</summary>
    public Matrix<T> H { get; }

    /// <summary>Order[c] is the index in the original factors of canonical component c.</summary>
    public IReadOnlyList<int> Order { get; }

    /// <summary>The norm that is 1 for each column of W and row of H.</summary>
    public ComponentNorm Norm { get; }

    /// <summary>k, the number of components.</summary>
    public int Rank => Scales.Count;

    /// <summary>W·diag(d) (m×k): the scales folded into W, leaving H with unit rows.</summary>
    public Matrix<T> ScaledW()
    {
        var scaled = W.Clone();
        for (int i = 0; i < scaled.Rows; i++)
        {
            var row = scaled.Row(i);
            for (int c = 0; c < row.Length; c++) row[c] *= T.CreateTruncating(Scales[c]);
        }
        return scaled;
    }

    /// <summary>diag(d)·H (k×n): the scales folded into H, leaving W with unit columns.</summary>
    public Matrix<T> ScaledH()
    {
        var scaled = H.Clone();
        for (int c = 0; c < scaled.Rows; c++)
        {
            var row = scaled.Row(c);
            var scale = T.CreateTruncating(Scales[c]);
            for (int j = 0; j < row.Length; j++) row[j] *= scale;
        }
        return scaled;
    }
}
