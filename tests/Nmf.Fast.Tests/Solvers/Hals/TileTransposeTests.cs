// The tile transposes (8×8 AVX-512 pieces on full double tiles, plain loops otherwise) move every element to its place, both ways.
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
            TileTranspose.RowsToBlock(pr, n, k, pb, n);
            TileTranspose.BlockToRows(pb, n, n, k, pk);
        }
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(rows[i * k + t]), BitConverter.DoubleToInt64Bits(block[t * n + i]));
        Assert.Equal(rows, back);
    }

    [Theory]
    [InlineData(32, 20, 20)] // a partial double tile: the plain loops
    [InlineData(64, 64, 9)]  // a float-sized tile of doubles
    public void PartialTiles_MoveTheirRowsAndLeaveTheOtherLanes(int tileRows, int count, int k)
    {
        var random = new Random(count * k);
        var rows = new double[count * k];
        for (int i = 0; i < rows.Length; i++) rows[i] = random.NextDouble();
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
            for (int i = 0; i < tileRows; i++) Assert.Equal(i < count ? rows[i * k + t] : -1.0, block[t * tileRows + i]);
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
