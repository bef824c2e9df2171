// Cross-checks MU against scikit-learn 1.2.1 fixtures written by Fixtures/scripts/make_mu_fixtures.py.
using System.Numerics;
using System.Text.Json;
using Nmf.Fast.Losses;

namespace Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

public class SklearnMuFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "sklearn-mu");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    private sealed record Fixture(string Kind, double Beta, string Dtype, int Rows, int Cols, int Rank, int MaxIter, double Tol,
        double AlphaW, double AlphaH, double L1Ratio, int NIter, double ReconstructionErr, double Divergence,
        double[] X, double[] W0, double[] H0, double[] W, double[] H);

    private static Fixture Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")));
        var r = doc.RootElement;
        double[] Arr(string p) => r.GetProperty(p).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return new Fixture(r.GetProperty("kind").GetString()!, r.GetProperty("beta").GetDouble(), r.GetProperty("dtype").GetString()!,
            r.GetProperty("rows").GetInt32(), r.GetProperty("cols").GetInt32(), r.GetProperty("rank").GetInt32(),
            r.GetProperty("max_iter").GetInt32(), r.GetProperty("tol").GetDouble(), r.GetProperty("alpha_W").GetDouble(),
            r.GetProperty("alpha_H").GetDouble(), r.GetProperty("l1_ratio").GetDouble(), r.GetProperty("n_iter").GetInt32(),
            r.GetProperty("reconstruction_err").GetDouble(), r.GetProperty("divergence").GetDouble(),
            Arr("X"), Arr("W0"), Arr("H0"), Arr("W"), Arr("H"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mu_MatchesScikitLearn(string name)
    {
        var f = Load(name);
        // float64: scikit-learn and this code differ only in summation order inside products (observed ≤ 7e-15 after 50
        // iterations), so 1e-9 leaves room for a different GEMM kernel. float32: rounding differences of 6e-8 per
        // operation grow to ≤ 3e-6 over 50 iterations here; 2e-5 is a float32-scale bound.
        if (f.Dtype == "float32") Check<float>(f, factorTolerance: 2e-5, divergenceTolerance: 1e-4);
        else Check<double>(f, factorTolerance: 1e-9, divergenceTolerance: 1e-9);
    }

    private static void Check<T>(Fixture f, double factorTolerance, double divergenceTolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = MuTestSupport.FromFlat<T>(f.X, f.Rows, f.Cols);
        var w = MuTestSupport.FromFlat<T>(f.W0, f.Rows, f.Rank);
        var h = MuTestSupport.FromFlat<T>(f.H0, f.Rank, f.Cols);
        var settings = MuTestSupport.Settings(f.Rows, f.Cols, f.Beta, f.MaxIter, f.Tol, f.AlphaW, f.AlphaH, f.L1Ratio);
        var (iterations, _, _) = MuTestSupport.Run(x, w, h, settings, updateH: f.Kind != "transform");

        Assert.Equal(f.NIter, iterations);
        double dw = MuTestSupport.MaxRelativeDifference(w, f.W);
        double dh = MuTestSupport.MaxRelativeDifference(h, f.H);
        Assert.True(dw <= factorTolerance, $"W differs from scikit-learn by {dw:E3} (relative to max |W|)");
        Assert.True(dh <= factorTolerance, $"H differs from scikit-learn by {dh:E3} (relative to max |H|)");
        double divergence = BetaDivergence.Compute<T>(x, w, h, f.Beta, 1);
        Assert.True(Math.Abs(divergence - f.Divergence) <= divergenceTolerance * Math.Abs(f.Divergence),
            $"D_β = {divergence:R}, scikit-learn {f.Divergence:R}");
    }
}
