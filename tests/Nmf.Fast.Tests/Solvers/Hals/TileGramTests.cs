// TileGram's pair accumulators: each pair (t ≤ r) of a tile adds its four lane-wise products as one fused chain, in a
// fixed order, whatever pairs the loop handles together — checked lane by lane against Math.FusedMultiplyAdd.
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Tests.Solvers.Hals;

public class TileGramTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(21)]
    public unsafe void AddTile_IsTheFusedChainPerPairAndLane(int k)
    {
        int tileRows = HalsSweep.RowsPerTile<double>();
        int quarter = tileRows / 4;
        var gram = new TileGram<double>(8, k);
        var random = new System.Random(k);
        var block = new double[k * tileRows];
        var accumulators = new double[gram.ScratchLength + 8];
        var expected = new double[TileGram<double>.Pairs(k) * quarter];
        for (int i = 0; i < expected.Length; i++) expected[i] = random.NextDouble(); // a block already under way
        for (int tile = 0; tile < 3; tile++)
        {
            for (int i = 0; i < block.Length; i++) block[i] = random.NextDouble();
            fixed (double* b = block)
            fixed (double* a = accumulators)
            {
                double* aligned = (double*)(((nint)a + 63) & ~(nint)63);
                if (tile == 0) new Span<double>(expected).CopyTo(new Span<double>(aligned, expected.Length));
                gram.AddTile(b, aligned);
                // Reference: pair p = (t, r) in t-major order, lane l: four FMAs onto the accumulator, vector by vector.
                int pair = 0;
                for (int t = 0; t < k; t++)
                    for (int r = t; r < k; r++, pair++)
                        for (int l = 0; l < quarter; l++)
                        {
                            double sum = expected[pair * quarter + l];
                            for (int v = 0; v < 4; v++)
                                sum = Math.FusedMultiplyAdd(block[t * tileRows + v * quarter + l], block[r * tileRows + v * quarter + l], sum);
                            expected[pair * quarter + l] = sum;
                        }
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(expected[i] == aligned[i], $"k {k}, tile {tile}: accumulator element {i} is {aligned[i]}, expected {expected[i]}");
            }
        }
    }
}
