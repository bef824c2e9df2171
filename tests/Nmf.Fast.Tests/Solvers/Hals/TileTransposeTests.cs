// The tile transposes (8×8 AVX-512 pieces on full double tiles, plain loops otherwise) move every element to its place, both ways.
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Tests.Solvers.Hals;

public unsafe class TileTransposeTests
{
    [Theory]
    [InlineData(32, 32, 8)]   // full double tiles: the AVX-512 pieces where the CPU has them
    [InlineData(32, 32, 9)]
    [InlineData(32, 32, 13)]
    [InlineData(32, 32, 16)]
    [InlineData(32, 32, 20)]
    [InlineData(32, 32, 33)]
    [InlineData(32, 20, 20)]  // a partial tile: the plain loops
    [InlineData(64, 64, 9)]   // a float-sized tile of doubles
    public void RowsToBlockAndBack_MoveEveryRowAndLeaveTheOtherLanes(int tileRows, int count, int k)
    {
        var random = new Random(count * k + tileRows);
        var rows = new double[count * k];
        for (int i = 0; i < rows.Length; i++) rows[i] = random.NextDouble() - 0.5;
        var block = new double[k * tileRows];
        Array.Fill(block, -1.0);
        var back = new double[count * k];
        fixed (double* pr = rows)
        fixed (double* pb = block)
        fixed (double* pk = back)
        {
            TileTranspose.RowsToBlock(pr, count, k, pb, tileRows);
            TileTranspose.BlockToRows(pb, tileRows, count, k, pk);
        }
        for (int t = 0; t < k; t++)
            for (int i = 0; i < tileRows; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(i < count ? rows[i * k + t] : -1.0), BitConverter.DoubleToInt64Bits(block[t * tileRows + i]));
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
