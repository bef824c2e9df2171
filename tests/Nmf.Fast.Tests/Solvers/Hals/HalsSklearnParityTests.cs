// HALS against scikit-learn 1.2.1's 'cd' solver from the same W₀/H₀: W, H, n_iter, reconstruction_err_, transform.
using System.Numerics;

namespace Nmf.Fast.Tests.Solvers.Hals;

public class HalsSklearnParityTests
{
    public static TheoryData<string> Fixtures() => new(SklearnFixture.Names("cd_"));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Hals_MatchesSklearnCd(string name)
    {
        var f = SklearnFixture.Load(name);
        if (f.DType == "float64") Check<double>(f, 1e-9);
        else Check<float>(f, 1e-4);
    }

    private static void Check<T>(SklearnFixture f, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = MatrixAssert.Convert<T>(f.X);
        var result = NonNegativeMatrixFactorization.Fit(x, f.Options);
        Assert.Equal(f.Iterations, result.Iterations);
        MatrixAssert.Close(f.W, result.W, tolerance, $"{f.Name} W");
        MatrixAssert.Close(f.H, result.H, tolerance, $"{f.Name} H");
        Assert.True(Math.Abs(result.ReconstructionError - f.ReconstructionError) <= tolerance * f.ReconstructionError,
            $"reconstruction error {result.ReconstructionError} vs {f.ReconstructionError}");

        var wNew = result.Transform(MatrixAssert.Convert<T>(f.XNew));
        MatrixAssert.Close(f.WNew, wNew, tolerance, $"{f.Name} transform");
    }
}
