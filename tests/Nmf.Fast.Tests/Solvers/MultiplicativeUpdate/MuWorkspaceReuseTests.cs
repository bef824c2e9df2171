// Sparse and weighted MU keep their workspaces in a WorkspaceReuse scope, and a fit on a reused workspace is bitwise a fresh fit.
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Solvers.MultiplicativeUpdate;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

public class MuWorkspaceReuseTests
{
    private static NmfOptions Options(double beta, int seed) => new()
    {
        Rank = 4, Solver = NmfSolver.MultiplicativeUpdate, Beta = beta, Init = NmfInit.Random, Seed = seed, MaxIterations = 30,
        Tolerance = 1e-4, AlphaW = 0.01, L1Ratio = 0.5, MaxDegreeOfParallelism = 1,
    };

    private static Matrix<double> Data(int seed, double zeros)
    {
        var rng = new System.Random(seed);
        return MuTestSupport.Random<double>(rng, 37, 29, 0.1, 2.0, zeros);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void SparseMu_InAReuseScope_KeepsItsWorkspace_AndTheNextFitIsBitwiseAFreshOne(double beta)
    {
        var x = CsrMatrix<double>.FromDense(Data(1, 0.6).AsReadOnlyMatrixSpan());
        var fresh = NonNegativeMatrixFactorization.Fit(x, Options(beta, 8));
        using (WorkspaceReuse.Open())
        {
            NonNegativeMatrixFactorization.Fit(x, Options(beta, 7)); // leaves its numbers in the workspace it keeps
            var reused = NonNegativeMatrixFactorization.Fit(x, Options(beta, 8));
            MatrixAssert.BitwiseEqual(fresh.W, reused.W);
            MatrixAssert.BitwiseEqual(fresh.H, reused.H);
            Assert.Equal(fresh.Iterations, reused.Iterations);
            Assert.NotNull(WorkspaceReuse.Take<SparseMuWorkspace<double>>());
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void WeightedMu_InAReuseScope_KeepsItsWorkspace_AndTheNextFitIsBitwiseAFreshOne(double beta)
    {
        var x = Data(2, 0);
        var omega = Data(3, 0.3);
        var weights = NmfWeights<double>.FromWeights(omega);
        var fresh = NonNegativeMatrixFactorization.Fit(x, weights, Options(beta, 8));
        using (WorkspaceReuse.Open())
        {
            NonNegativeMatrixFactorization.Fit(x, weights, Options(beta, 7));
            var reused = NonNegativeMatrixFactorization.Fit(x, weights, Options(beta, 8));
            MatrixAssert.BitwiseEqual(fresh.W, reused.W);
            MatrixAssert.BitwiseEqual(fresh.H, reused.H);
            Assert.Equal(fresh.Iterations, reused.Iterations);
            Assert.NotNull(WorkspaceReuse.Take<WeightedMuWorkspace<double>>());
        }
    }
}
