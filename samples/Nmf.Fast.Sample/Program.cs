// A consumer of the Nmf.Fast packages: fit scikit-learn's introductory example, print W and H, project a new sample,
// save and reload the model; exits 1 if the numbers are not scikit-learn's. Published as native AOT in CI.
using Nmf.Fast;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.Projection;

var x = Matrix<double>.FromArray(new double[,] { { 1, 1 }, { 2, 1 }, { 3, 1.2 }, { 4, 1 }, { 5, 0.8 }, { 6, 1 } });
var result = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0 });

Console.WriteLine($"X {x.Rows}x{x.Cols} ≈ W {result.W.Rows}x{result.W.Cols} · H {result.H.Rows}x{result.H.Cols}: "
    + $"{result.Iterations} iterations, reconstruction error {result.ReconstructionError:G6}");
Console.WriteLine("W = " + Format(result.W));
Console.WriteLine("H = " + Format(result.H));

var projector = new NmfProjector<double>(result.Model);
double[] weights = new double[projector.Rank];
projector.Project([2.5, 1.1], weights);
Console.WriteLine($"weights of [2.5, 1.1] = [{weights[0]:F6}, {weights[1]:F6}]");

string directory = Path.Combine(Path.GetTempPath(), $"nmf-sample-{Environment.ProcessId}");
try
{
    ModelFile.Save(directory, result.Model);
    var loaded = ModelFile.Load<double>(directory);
    Console.WriteLine($"saved and reloaded: rank {loaded.Rank}, {loaded.Features} features");
}
finally
{
    if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
}

// scikit-learn 1.2.1: NMF(n_components=2, init='random', random_state=0) stops after 30 iterations with this H.
double[,] sklearnH = { { 2.09783018, 0.30560234 }, { 2.13443044, 2.13171694 } };
bool same = result.Iterations == 30;
for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) same &= Math.Abs(result.H[i, j] - sklearnH[i, j]) < 1e-6;
Console.WriteLine(same ? "nmf-sample: OK (scikit-learn's numbers)" : "nmf-sample: MISMATCH with scikit-learn");
return same ? 0 : 1;

static string Format(Matrix<double> m) =>
    "[" + string.Join(", ", Enumerable.Range(0, m.Rows).Select(i =>
        "[" + string.Join(", ", Enumerable.Range(0, m.Cols).Select(j => m[i, j].ToString("F6", System.Globalization.CultureInfo.InvariantCulture))) + "]")) + "]";
