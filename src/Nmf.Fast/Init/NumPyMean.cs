// mean(X) rounded exactly as NumPy computes X.mean() for a C-ordered float array.
using System.Buffers;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Init;

/// <summary>
/// The mean of all entries of a matrix, bit-identical to NumPy 1.24's <c>X.mean()</c> on the same values in
/// C order. Matching the last bit matters: the random and NNDSVDa/ar inits scale by it, and scikit-learn parity
/// in float32 is exact only if this scalar is.
/// </summary>
/// <remarks>
/// NumPy's add-reduce walks the flattened array in buffers of 8192 elements and adds each buffer's
/// pairwise sum to a running total (numpy/core/src/umath/loops_utils.h.src, <c>pairwise_sum</c>: below 8
/// elements a plain loop; up to 128, eight interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
/// and then the remainder; above, a split at half rounded down to a multiple of 8). The sum stays in the
/// array's dtype; <c>_mean</c> then divides the scalar by the count in float64 and rounds back to the dtype.
/// </remarks>
internal static class NumPyMean
{
    private const int BufferSize = 8192;
    private const int PairwiseBlock = 128;

    /// <summary>X.mean() as NumPy returns it (in X's dtype).</summary>
    public static T Of<T>(ReadOnlyMatrixSpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = (long)x.Rows * x.Cols;
        if (count == 0) return T.NaN;
        T total = T.Zero;
        if (x.IsContiguous)
        {
            ReadOnlySpan<T> all = x.AsSpan();
            for (int start = 0; start < all.Length; start += BufferSize)
                total += PairwiseSum(all.Slice(start, Math.Min(BufferSize, all.Length - start)));
        }
        else
        {
            T[] bufferArray = ArrayPool<T>.Shared.Rent(BufferSize);
            Span<T> buffer = bufferArray.AsSpan(0, BufferSize);
            int filled = 0;
            for (int i = 0; i < x.Rows; i++)
            {
                ReadOnlySpan<T> row = x.Row(i);
                while (!row.IsEmpty)
                {
                    int take = Math.Min(BufferSize - filled, row.Length);
                    row[..take].CopyTo(buffer[filled..]);
                    filled += take;
                    row = row[take..];
                    if (filled == BufferSize) { total += PairwiseSum(buffer); filled = 0; }
                }
            }
            if (filled > 0) total += PairwiseSum(buffer[..filled]);
            ArrayPool<T>.Shared.Return(bufferArray);
        }
        return T.CreateTruncating(double.CreateTruncating(total) / count);
    }

    /// <summary>NumPy's pairwise summation of one buffer, in the element type.</summary>
    internal static T PairwiseSum<T>(ReadOnlySpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = a.Length;
        if (n < 8)
        {
            T sum = T.Zero;
            for (int i = 0; i < n; i++) sum += a[i];
            return sum;
        }
        if (n <= PairwiseBlock)
        {
            T r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            T result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) result += a[i];
            return result;
        }
        int half = n / 2;
        half -= half % 8;
        return PairwiseSum(a[..half]) + PairwiseSum(a[half..]);
    }
}
