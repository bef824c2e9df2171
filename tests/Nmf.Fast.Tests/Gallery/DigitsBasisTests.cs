// On the embedded 8×8 digits, an NMF basis is far sparser (Hoyer) than the PCA basis of the same rank, and both reconstruct as expected.
using System.Globalization;
using Nmf.Fast.Analysis;
using Nmf.Fast.Cli.Commands;

namespace Nmf.Fast.Tests.Gallery;

public class DigitsBasisTests
{
    private const int Rank = 16;

    [Fact]
    public void NmfBasis_IsSparserThanPcaBasis_ByAClearMargin_AndBothReachTheirExpectedError()
    {
        var x = DigitsData.Load<double>();
        var nmf = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = Rank, Seed = 0, MaxIterations = 200 });
        var pca = PrincipalComponents.Fit(x, Rank, seed: 0);
        double nmfSparseness = HoyerSparseness.MeanOfRows<double>(nmf.H);
        double pcaSparseness = HoyerSparseness.MeanOfRows<double>(pca.Components);
        string numbers = string.Create(CultureInfo.InvariantCulture,
            $"Hoyer NMF {nmfSparseness:F3}, PCA {pcaSparseness:F3}; relative error NMF {nmf.RelativeError:F4}, PCA {pca.RelativeError:F4}");

        // scikit-learn 1.2.1 on the same data: NMF(16, init="nndsvda", random_state=0) has mean Hoyer sparseness 0.765
        // and relative error 0.260; PCA(16, svd_solver="randomized", random_state=0) 0.364 and 0.2170.
        Assert.True(nmfSparseness >= pcaSparseness + 0.25, numbers);
        Assert.InRange(pcaSparseness, 0.35, 0.38);
        Assert.InRange(pca.RelativeError, 0.2165, 0.2175);
        Assert.InRange(nmf.RelativeError, 0.25, 0.275);
        // Non-negativity costs accuracy: the parts-based basis reconstructs less well than the (signed, mean-centred) PCA basis.
        Assert.True(nmf.RelativeError > pca.RelativeError, numbers);
    }

    [Fact]
    public void SparsenessMargin_CanFail_WhenTheBasisIsNotPartsBased()
    {
        // The same comparison on a dense holistic basis (each NMF component smeared over every pixel) must not pass.
        var x = DigitsData.Load<double>();
        var h = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = Rank, Seed = 0, MaxIterations = 50 }).H.Clone();
        for (int c = 0; c < h.Rows; c++)
        {
            var row = h.Row(c);
            double mean = row.ToArray().Average();
            for (int p = 0; p < row.Length; p++) row[p] = 0.2 * row[p] + mean;
        }
        double pcaSparseness = HoyerSparseness.MeanOfRows<double>(PrincipalComponents.Fit(x, Rank, seed: 0).Components);
        Assert.False(HoyerSparseness.MeanOfRows<double>(h) >= pcaSparseness + 0.25);
    }
}
