// A fit whose multiplicative updates overflow ends in a clear error, never in NaN factors.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Api;

public class DivergedFitTests
{
    /// <summary>
    /// β = 0.5 MU in float32 on a 70 %-zero X overflows from a random start (scikit-learn 1.2.1 diverges to NaN on the
    /// same kind of input); the fit must say so instead of returning NaN factors or blaming the user's H.
    /// </summary>
    [Fact]
    public void Float32MuThatOverflows_ThrowsDivergedError_NotNaNFactors()
    {
        int diverged = 0;
        for (int seed = 0; seed < 6; seed++)
        {
            var x = SparseRandom(70, 53, zeroFraction: 0.7, seed);
            var options = new NmfOptions
            {
                Rank = 6, Solver = NmfSolver.MultiplicativeUpdate, Beta = 0.5, Init = NmfInit.Random, Seed = seed,
                MaxIterations = 60, Tolerance = 0,
            };
            try
            {
                var result = NonNegativeMatrixFactorization.Fit(x, options);
                Assert.All(result.W.AsSpan().ToArray(), v => Assert.True(float.IsFinite(v)));
                Assert.All(result.Model.Components.AsSpan().ToArray(), v => Assert.True(float.IsFinite(v)));
            }
            catch (ArgumentException e)
            {
                Assert.Contains("diverged", e.Message, StringComparison.Ordinal);
                Assert.Contains("float32", e.Message, StringComparison.Ordinal);
                diverged++;
            }
        }
        Assert.True(diverged > 0, "no seed diverged: the case no longer exercises the guard");
    }

    /// <summary>The same fits in float64 stay finite.</summary>
    [Fact]
    public void Float64MuOnTheSameData_StaysFinite()
    {
        var x = SparseRandom(70, 53, zeroFraction: 0.7, seed: 0);
        var xd = new Matrix<double>(70, 53);
        for (int i = 0; i < x.AsSpan().Length; i++) xd.AsSpan()[i] = x.AsSpan()[i];
        var result = NonNegativeMatrixFactorization.Fit(xd, new NmfOptions
        {
            Rank = 6, Solver = NmfSolver.MultiplicativeUpdate, Beta = 0.5, Init = NmfInit.Random, Seed = 0,
            MaxIterations = 60, Tolerance = 0,
        });
        Assert.True(double.IsFinite(result.RelativeError));
    }

    private static Matrix<float> SparseRandom(int rows, int cols, double zeroFraction, int seed)
    {
        var rng = new Random(seed);
        var x = new Matrix<float>(rows, cols);
        var values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            float v = (float)rng.NextDouble();
            values[i] = rng.NextDouble() < zeroFraction ? 0f : v;
        }
        return x;
    }
}
