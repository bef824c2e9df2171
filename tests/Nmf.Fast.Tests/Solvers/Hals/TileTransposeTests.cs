// The AVX-512 tile transposes move exactly the elements the scalar loops move, both ways.
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Tests.Solvers.Hals;

public unsafe class TileTransposeTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(33)]
    public void RowsToBlockAndBack_MoveEveryElementToItsPlace(int k)
    {
        if (!TileTranspose.Applies<double>(TileTranspose.Rows, TileTranspose.Rows, k)) return; // no AVX-512 here: the scalar loops run instead
        const int n = TileTranspose.Rows;
        var random = new Random(k);
        var rows = new double[n * k];
        for (int i = 0; i < rows.Length; i++) rows[i] = random.NextDouble() - 0.5;
        var block = new double[k * n];
        var back = new double[n * k];
        fixed (double* pr = rows)
        fixed (double* pb = block)
        fixed (double* pk = back)
        {
            TileTranspose.RowsToBlock(pr, k, pb);
            TileTranspose.BlockToRows(pb, k, pk);
        }
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(rows[i * k + t]), BitConverter.DoubleToInt64Bits(block[t * n + i]));
        Assert.Equal(rows, back);
    }

    [Fact]
    public void Applies_OnlyToFullDoubleTilesOfRankEightOrMore()
    {
        Assert.False(TileTranspose.Applies<float>(TileTranspose.Rows, TileTranspose.Rows, 20));
        Assert.False(TileTranspose.Applies<double>(TileTranspose.Rows, TileTranspose.Rows - 1, 20));
        Assert.False(TileTranspose.Applies<double>(TileTranspose.Rows, TileTranspose.Rows, 7));
        Assert.False(TileTranspose.Applies<double>(64, 64, 20));
    }
}
