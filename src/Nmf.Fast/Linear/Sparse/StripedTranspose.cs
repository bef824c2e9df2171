// Xᵀ split by stripes of X's rows: one packed CSR per stripe, so a product with Xᵀ gathers from one L2-sized block of the operand at a time.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// Xᵀ = [Xᵀ₀ | Xᵀ₁ | … ] where Xᵀₛ holds the entries of X's rows [Starts[s], Starts[s + 1]), its column indices local
/// to the stripe. Xᵀ·W = Σₛ Xᵀₛ·W[Starts[s]..Starts[s + 1]), and each term gathers only from its stripe's rows of W.
/// </summary>
internal sealed class StripedTranspose<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The stripes' packed transposes, each X.Cols × (its row count).</summary>
    public PackedCsr<T>[] Stripes { get; }

    /// <summary>First row of X of each stripe, then X.Rows.</summary>
    public int[] Starts { get; }

    /// <summary>Bytes of the operand per stripe: the 1 MiB per-core L2 of the Zen 4 the benchmarks run on (3 stripes for W 20000×20 double measured best of 1–16).</summary>
    public const double StripeBytes = 1 << 20;

    /// <summary>Stripes for gathering from a <paramref name="rows"/>×<paramref name="k"/> operand: its size over <see cref="StripeBytes"/>, rounded, at least 1.</summary>
    public static unsafe int StripeCountFor(int rows, int k) => Math.Max(1, (int)Math.Round((double)rows * k * sizeof(T) / StripeBytes));

    private StripedTranspose(PackedCsr<T>[] stripes, int[] starts) => (Stripes, Starts) = (stripes, starts);

    /// <summary>Splits X's rows into <paramref name="stripeCount"/> near-equal stripes and packs each stripe's transpose.</summary>
    public static StripedTranspose<T> Build(CsrMatrix<T> x, int stripeCount, int maxDegreeOfParallelism)
    {
        stripeCount = Math.Clamp(stripeCount, 1, Math.Max(1, x.Rows));
        var starts = new int[stripeCount + 1];
        for (int s = 0; s <= stripeCount; s++) starts[s] = (int)((long)x.Rows * s / stripeCount);
        var stripes = new PackedCsr<T>[stripeCount];
        var rp = x.RowPointers;
        for (int s = 0; s < stripeCount; s++)
        {
            int r0 = starts[s], r1 = starts[s + 1], p0 = rp[r0], p1 = rp[r1];
            var rowPointers = new int[r1 - r0 + 1];
            for (int r = r0; r <= r1; r++) rowPointers[r - r0] = rp[r] - p0;
            var slice = CsrMatrix<T>.TakeOwnership(r1 - r0, x.Cols, rowPointers, x.ColumnIndices[p0..p1].ToArray(), x.Values[p0..p1].ToArray());
            stripes[s] = PackedCsr<T>.PackTransposed(slice, null, maxDegreeOfParallelism);
        }
        return new StripedTranspose<T>(stripes, starts);
    }
}
