// The 2-and-a-half-vector R·Hᵀ kernel gives ProductPadded's first k columns bit for bit, at every row edge, overwrite and accumulate.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

public unsafe class HalfTailProductTests
{
    private static PinnedMatrixView<T> View<T>(Matrix<T> m) where T : unmanaged =>
        new((T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.AsSpan())), m.Rows, m.Cols, m.Cols);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(7, 20)]
    [InlineData(8, 33)]
    [InlineData(9, 64)]
    [InlineData(17, 128)]
    public void HalfTail_IsBitwiseProductPadded_Double(int rows, int depth)
    {
        foreach (int k in new[] { 17, 18, 19, 20 }) Check<double>(rows, depth, k);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(9, 40)]
    [InlineData(16, 129)]
    public void HalfTail_IsBitwiseProductPadded_Float(int rows, int depth)
    {
        foreach (int k in new[] { 33, 36, 40 }) Check<float>(rows, depth, k);
    }

    [Fact]
    public void HalfTail_FitsOnlyWhenTheThirdVectorIsAtLeastHalfPadding()
    {
        if (!Vector512.IsHardwareAccelerated) return;
        Assert.True(HalfTailProduct.Fits<double>(20, 24));
        Assert.True(HalfTailProduct.Fits<double>(17, 24));
        Assert.False(HalfTailProduct.Fits<double>(21, 24));
        Assert.False(HalfTailProduct.Fits<double>(16, 16));
        Assert.True(HalfTailProduct.Fits<float>(40, 48));
        Assert.False(HalfTailProduct.Fits<float>(41, 48));
    }

    private static void Check<T>(int rows, int depth, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int padded = TileProducts.PaddedWidth<T>(k);
        if (!HalfTailProduct.Fits<T>(k, padded)) return; // no AVX-512 here, or a forced narrower tier: nothing to compare
        var rng = new System.Random(rows * 1000 + depth * 10 + k);
        var a = MuTestSupport.Random<T>(rng, rows, depth);
        var bt = new Matrix<T>(depth, padded); // Hᵀ with zero padding columns, as the workspaces hold it
        for (int p = 0; p < depth; p++)
            for (int t = 0; t < k; t++) bt[p, t] = T.CreateTruncating(0.05 + rng.NextDouble());
        var start = MuTestSupport.Random<T>(rng, rows, padded);
        foreach (bool accumulate in new[] { false, true })
        {
            var expected = start.Clone();
            var actual = start.Clone();
            TileProducts.ProductPadded(View(a), View(bt), View(expected), accumulate);
            HalfTailProduct.Multiply(View(a), View(bt), View(actual), accumulate);
            for (int i = 0; i < rows; i++)
                Assert.True(expected.Row(i)[..k].SequenceEqual(actual.Row(i)[..k]), $"row {i} differs (k = {k}, accumulate = {accumulate})");
        }
    }
}
