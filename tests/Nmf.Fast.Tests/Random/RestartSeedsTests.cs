// RestartSeeds equal NumPy's RandomState(s).randint(np.iinfo(np.int32).max, size=R).
using Nmf.Fast.Random;

namespace Nmf.Fast.Tests.Random;

public class RestartSeedsTests
{
    [Theory]
    [InlineData(0, new[] { 209652396, 398764591, 924231285, 1478610112 })]
    [InlineData(42, new[] { 1608637542, 1273642419, 1935803228, 787846414 })]
    public void DerivedSeeds_EqualNumPyRandint(int baseSeed, int[] expected)
    {
        var seeds = new int[expected.Length];
        RestartSeeds.Derive(baseSeed, seeds);
        Assert.Equal(expected, seeds);
    }
}
