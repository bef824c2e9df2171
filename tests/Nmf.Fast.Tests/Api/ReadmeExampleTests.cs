// The README's C# example (scikit-learn's introductory NMF example) gives scikit-learn 1.2.1's printed numbers.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Api;

public class ReadmeExampleTests
{
    [Fact]
    public void SklearnIntroExample_ReproducesPrintedFactorsAndIterationCount()
    {
        var x = Matrix<double>.FromArray(new double[,] { { 1, 1 }, { 2, 1 }, { 3, 1.2 }, { 4, 1 }, { 5, 0.8 }, { 6, 1 } });
        var result = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0 });

        double[,] w =
        {
            { 0, 0.46880684 }, { 0.55699523, 0.3894146 }, { 1.00331638, 0.41925352 },
            { 1.6733999, 0.22926926 }, { 2.34349311, 0.03927954 }, { 2.78981512, 0.06911798 },
        };
        double[,] h = { { 2.09783018, 0.30560234 }, { 2.13443044, 2.13171694 } };
        Assert.Equal(30, result.Iterations);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(w[i, j], result.W[i, j], 7.5e-9);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(h[i, j], result.H[i, j], 7.5e-9);
    }
}
