// Transform with missing features: equals the per-row NNLS over the observed features, and the unweighted Transform when nothing is hidden.
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Missing;

public class MaskedTransformTests
{
    [Fact]
    public void MaskedTransform_RecoversTheWeightsOfPlantedRows_FromTheirObservedFeatures()
    {
        var (x, w, h) = TestData.Planted(30, 20, 3, 51);
        var model = new NmfModel<double>(h, new NmfOptions { Rank = 3, MaxIterations = 2000, Tolerance = 1e-12 });
        var mask = NaiveWeighted.RandomMask(30, 20, 0.4, 52);
        for (int i = 0; i < 30; i++) for (int j = 0; j < 3; j++) mask[i, j] = true; // the separable columns stay observed
        var xMissing = x.Clone();
        for (int i = 0; i < 30; i++) for (int j = 0; j < 20; j++) if (!mask[i, j]) xMissing[i, j] = double.NaN;
        var fitted = model.Transform(xMissing, NmfWeights<double>.FromMask(mask));
        MatrixAssert.Close(w, fitted, 1e-6, "W");
    }

    [Fact]
    public void MaskedTransform_HidingNothing_IsTheUnweightedTransform()
    {
        var x = TestData.Uniform(10, 8, 53);
        var model = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 1 }).Model;
        var mask = new bool[10, 8];
        for (int i = 0; i < 10; i++) for (int j = 0; j < 8; j++) mask[i, j] = true;
        MatrixAssert.BitwiseEqual(model.Transform(x), model.Transform(x, NmfWeights<double>.FromMask(mask)));
    }

    [Fact]
    public void MaskedTransform_MatchesTheNaiveNnlsOnObservedFeatures()
    {
        var x = TestData.Uniform(12, 9, 54);
        var h = TestData.Uniform(3, 9, 55);
        var model = new NmfModel<double>(h, new NmfOptions { Rank = 3, MaxIterations = 3, Tolerance = 0 });
        var mask = NaiveWeighted.RandomMask(12, 9, 0.3, 56);
        var omega = NaiveWeighted.MaskMatrix(mask);
        var fast = model.Transform(x, NmfWeights<double>.FromMask(mask));
        // Naive: the W half of weighted HALS, three times from W = 0, H fixed.
        var w = new Matrix<double>(12, 3);
        var hFixed = h.Clone();
        for (int it = 0; it < 3; it++)
        {
            var hCopy = hFixed.Clone();
            NaiveWeighted.HalsIteration(x, omega, w, hCopy);
        }
        MatrixAssert.Close(w, fast, 1e-10, "W");
    }
}
