// The C# shown in README.md, the package READMEs and docs/api.md, run and checked: each "// snippet:" region is a ```csharp block there, verbatim (DocSnippetTests).
// snippet: usings
using Nmf.Fast;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.Projection;
// end snippet

namespace Nmf.Fast.Tests.Docs;

public class DocSnippets
{
    [Fact]
    public void Fit_ReproducesScikitLearnIntroExample()
    {
        // snippet: fit
        var x = Matrix<double>.FromArray(new double[,] { { 1, 1 }, { 2, 1 }, { 3, 1.2 }, { 4, 1 }, { 5, 0.8 }, { 6, 1 } });
        var result = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0 });

        // As scikit-learn 1.2.1's NMF(n_components=2, init='random', random_state=0), in 30 iterations:
        // W = [[0, 0.46880684], [0.55699523, 0.3894146], [1.00331638, 0.41925352],
        //      [1.6733999, 0.22926926], [2.34349311, 0.03927954], [2.78981512, 0.06911798]]
        // H = [[2.09783018, 0.30560234], [2.13443044, 2.13171694]]
        Console.WriteLine($"{result.Iterations} iterations, error {result.ReconstructionError:G6}");
        var wNew = result.Transform(x);                    // W for (new) rows with H fixed
        var approximation = result.InverseTransform(wNew); // W·H
        // end snippet

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
        Assert.Equal((6, 2), (approximation.Rows, approximation.Cols));
        double residual = 0, norm = 0;
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 2; j++) (residual, norm) = (residual + Math.Pow(x[i, j] - approximation[i, j], 2), norm + x[i, j] * x[i, j]);
        Assert.True(Math.Sqrt(residual / norm) < 1e-3, $"W_new·H misses X by {Math.Sqrt(residual / norm)}");
    }

    [Fact]
    public void TransformNewSample_BatchAndProjectorAgree()
    {
        var result = SklearnExampleFit(out _);
        // snippet: transform
        NmfModel<double> model = result.Model;                 // H and the options of the fit, without W
        var xNew = Matrix<double>.FromArray(new double[,] { { 2.5, 1.1 }, { 7, 0.9 } });
        Matrix<double> wBatch = model.Transform(xNew);         // scikit-learn's transform: W for new rows, H fixed

        // One sample at a time in a request path: no allocation per call, thread-safe, exact NNLS.
        var projector = new NmfProjector<double>(model);
        double[] weights = new double[projector.Rank];
        ProjectionResult projection = projector.Project([2.5, 1.1], weights);
        // end snippet

        Assert.True(projection.Converged);
        Assert.Equal((2, 2), (wBatch.Rows, wBatch.Cols));
        for (int j = 0; j < 2; j++) Assert.Equal(wBatch[0, j], weights[j], 1e-3);
    }

    [Fact]
    public void SparseFit_FactorsTriplets()
    {
        // snippet: sparse
        // A 3×4 count matrix given as (row, column, value) triplets: only the 5 non-zeros are stored and read.
        var counts = CsrMatrix<double>.FromTriplets(rows: 3, cols: 4,
            rowIndices: [0, 0, 1, 2, 2],
            columnIndices: [0, 3, 1, 0, 2],
            values: [2.0, 1.0, 3.0, 1.0, 4.0]);
        var topics = NonNegativeMatrixFactorization.Fit(counts, new NmfOptions { Rank = 2, Seed = 0 });
        Matrix<double> documentTopics = topics.W, topicTerms = topics.H; // 3×2 and 2×4
        // end snippet

        Assert.Equal((3, 2, 2, 4), (documentTopics.Rows, documentTopics.Cols, topicTerms.Rows, topicTerms.Cols));
        Assert.True(topics.RelativeError is >= 0 and < 1, $"relative error {topics.RelativeError}");
    }

    [Fact]
    public void SaveLoad_RoundTripsTheModel()
    {
        var result = SklearnExampleFit(out var x);
        // snippet: save-load
        string directory = Path.Combine(Path.GetTempPath(), "nmf-readme-model");
        ModelFile.Save(directory, result.Model, overwrite: true); // model.json + H.npy, readable by `nmf transform`
        NmfModel<double> loaded = ModelFile.Load<double>(directory);
        Matrix<double> wAgain = loaded.Transform(x);               // the same W as result.Model.Transform(x)
        // end snippet

        try
        {
            var wBefore = result.Model.Transform(x);
            Assert.Equal(wBefore.ToArray(), wAgain.ToArray());
            Assert.Equal(result.H.ToArray(), loaded.Components.ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ChooseSolver_KullbackLeiblerWithMu()
    {
        var x = SklearnExampleData();
        // snippet: solver
        var kl = NonNegativeMatrixFactorization.Fit(x, new NmfOptions
        {
            Rank = 2,
            Solver = NmfSolver.MultiplicativeUpdate, // the only solver for β ≠ 2
            Beta = NmfLoss.KullbackLeibler,          // or NmfLoss.ItakuraSaito, or any β such as 1.5
            MaxIterations = 500,
            Seed = 0,
        });
        // end snippet
        Assert.Equal(NmfSolver.MultiplicativeUpdate, kl.Solver);
        Assert.True(kl.ReconstructionError < 1, $"KL error {kl.ReconstructionError}");
    }

    [Fact]
    public void Regularise_SparserFactorsWithL1()
    {
        var x = SklearnExampleData();
        // snippet: regularise
        var sparse = NonNegativeMatrixFactorization.Fit(x, new NmfOptions
        {
            Rank = 2,
            AlphaW = 0.01,  // scikit-learn's alpha_W: scaled by n_features for W, as scikit-learn does
            AlphaH = null,  // null = same as AlphaW (scikit-learn's alpha_H='same')
            L1Ratio = 1.0,  // 1 = pure L1 (sparse factors), 0 = pure L2 (small factors)
            Seed = 0,
        });
        // end snippet
        var plain = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Seed = 0 });
        Assert.True(sparse.ReconstructionError >= plain.ReconstructionError - 1e-9);
    }

    [Fact]
    public void ProgressAndCancellation_StopEarlyWithoutThrowing()
    {
        var x = SklearnExampleData();
        // snippet: progress-cancel
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // e.g. the request's token
        var progress = new Progress<NmfProgress>(p =>
            Console.Error.WriteLine($"iteration {p.Iteration}: loss {p.Loss:G6}, {p.Elapsed.TotalMilliseconds:F1} ms"));
        var fit = NonNegativeMatrixFactorization.Fit(x,
            new NmfOptions { Rank = 2, TimeBudget = TimeSpan.FromSeconds(10) }, progress, cancellation.Token);
        if (!fit.Converged)
            Console.Error.WriteLine($"stopped after {fit.Iterations} iterations; W and H are the last iterate");
        // end snippet
        Assert.NotEmpty(fit.Trace);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var stopped = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Seed = 0 }, null, cancelled.Token);
        Assert.False(stopped.Converged);
    }

    [Fact]
    public void TargetError_StopsOnceReached()
    {
        var x = SklearnExampleData();
        // snippet: target-error
        var quick = NonNegativeMatrixFactorization.Fit(x, new NmfOptions
        {
            Rank = 2,
            Solver = NmfSolver.Anls, // fastest to a given error (docs/fast-convergence.md); also HalsAccelerated, Auto
            TargetError = 0.05,      // stop once ‖X − WH‖_F / ‖X‖_F ≤ 5 %
            Seed = 0,
        });
        Console.WriteLine($"target reached at iteration {quick.TargetIteration} after {quick.TargetElapsed}");
        // end snippet
        Assert.True(quick.RelativeError <= 0.05, $"relative error {quick.RelativeError}");
        Assert.NotNull(quick.TargetIteration);
    }

    private static Matrix<double> SklearnExampleData() =>
        Matrix<double>.FromArray(new double[,] { { 1, 1 }, { 2, 1 }, { 3, 1.2 }, { 4, 1 }, { 5, 0.8 }, { 6, 1 } });

    private static NmfResult<double> SklearnExampleFit(out Matrix<double> x)
    {
        x = SklearnExampleData();
        return NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0 });
    }
}
