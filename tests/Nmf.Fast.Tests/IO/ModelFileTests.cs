// ModelFile: save/load round trip (API and `nmf fit --out`), and refusal of other versions and corrupted model directories.
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Cli;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.IO;

public class ModelFileTests
{
    private static NmfModel<double> FittedModel() =>
        NonNegativeMatrixFactorization.Fit(TestData.Uniform(30, 12, 5),
            new NmfOptions { Rank = 4, Seed = 0, AlphaW = 0.01, AlphaH = 0.02, L1Ratio = 0.25, MaxIterations = 50, Tolerance = 1e-5 }).Model;

    [Fact]
    public void SaveThenLoad_GivesTheSameComponentsAndOptions()
    {
        using var dir = new TempFolder();
        var model = FittedModel();
        ModelFile.Save(dir.File("m"), model);
        var loaded = ModelFile.Load<double>(dir.File("m"));
        MatrixAssert.BitwiseEqual(model.Components, loaded.Components);
        var (a, b) = (model.Options, loaded.Options);
        Assert.Equal((a.Rank, a.Solver, a.Beta, a.MaxIterations, a.Tolerance, a.AlphaW, a.EffectiveAlphaH, a.L1Ratio),
                     (b.Rank, b.Solver, b.Beta, b.MaxIterations, b.Tolerance, b.AlphaW, b.EffectiveAlphaH, b.L1Ratio));
        var header = ModelFile.ReadHeader(dir.File("m"));
        Assert.Equal((ModelFile.FormatVersion, "float64", 4, 12), (header.FormatVersion, header.DType, header.Rank, header.Features));
        var x = TestData.Uniform(6, 12, 9);
        MatrixAssert.BitwiseEqual(model.Transform(x), loaded.Transform(x));
    }

    [Fact]
    public void Save_Float32_LoadsAsFloat32WithTheSameBits_AndRefusesToOverwrite()
    {
        using var dir = new TempFolder();
        var h = new Matrix<float>(2, 3, [1f, 2f, 0f, 0.5f, 0f, 3f]);
        var model = new NmfModel<float>(h, new NmfOptions { Rank = 2 });
        ModelFile.Save(dir.File("m"), model);
        Assert.True(ModelFile.ReadHeader(dir.File("m")).IsFloat32);
        MatrixAssert.BitwiseEqual(h, ModelFile.Load<float>(dir.File("m")).Components);
        Assert.Throws<IOException>(() => ModelFile.Save(dir.File("m"), model));
        ModelFile.Save(dir.File("m"), model, overwrite: true);
    }

    [Fact]
    public void Load_ReadsWhatNmfFitWrites()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, TestData.Uniform(20, 8, 2).AsReadOnlyMatrixSpan());
        var r = CliRunner.Run("fit", input, "--rank", "3", "--seed", "0", "--out", dir.File("out"), "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var model = ModelFile.Load<double>(dir.File("out"));
        Assert.Equal((3, 8), (model.Rank, model.Features));
        MatrixAssert.BitwiseEqual(MatrixFile.ReadDense<double>(dir.File("out/H.npy")), model.Components);
    }

    public static TheoryData<string, string, string> Corruptions => new()
    {
        { "\"format_version\": 1", "\"format_version\": 2", "format_version 2 is not supported" },
        { "\"nmf-fast-model\"", "\"something-else\"", "not an nmf-fast-model file" },
        { "\"rank\": 4", "\"rank\": 5", "H is 4×12 but model.json says rank 5" },
        { "\"cols\": 12", "\"cols\": 0", "\"cols\" must be a positive integer" },
        { "\"dtype\": \"float64\"", "\"dtype\": \"complex128\"", "dtype 'complex128'" },
        { "\"solver\": \"hals\"", "\"solver\": \"als\"", "solver 'als'" },
        { "\"H\": \"H.npy\"", "\"H\": \"../H.npy\"", "must name a file inside the model directory" },
        { "\"tol\"", "\"tolerance\"", "\"tol\" is missing" },
        { "{", "[", "malformed model header" },
        { "\"format\": \"nmf-fast-model\",", "", "not an nmf-fast-model file" },
        { "\"l1_ratio\"", "\"l1_ratio\": ,", "malformed model header" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Load_CorruptedHeader_IsRejectedWithAClearError(string find, string replace, string expected)
    {
        using var dir = new TempFolder();
        ModelFile.Save(dir.File("m"), FittedModel());
        string json = dir.File("m/model.json");
        string text = File.ReadAllText(json);
        Assert.Contains(find, text, StringComparison.Ordinal);
        int at = text.IndexOf(find, StringComparison.Ordinal);
        File.WriteAllText(json, text[..at] + replace + text[(at + find.Length)..]);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load<double>(dir.File("m")));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedOrNegativeH_OrMissingFiles_AreRejected()
    {
        using var dir = new TempFolder();
        ModelFile.Save(dir.File("m"), FittedModel());
        string h = dir.File("m/H.npy");
        byte[] bytes = File.ReadAllBytes(h);
        File.WriteAllBytes(h, bytes[..(bytes.Length - 5)]);
        var truncated = Assert.Throws<InvalidDataException>(() => ModelFile.Load<double>(dir.File("m")));
        Assert.Contains("H.npy", truncated.Message, StringComparison.Ordinal);

        var negative = new Matrix<double>(4, 12);
        negative[1, 2] = -1;
        File.Delete(h);
        MatrixFile.WriteNpy(h, negative.AsReadOnlyMatrixSpan());
        Assert.Contains("H.npy", Assert.Throws<InvalidDataException>(() => ModelFile.Load<double>(dir.File("m"))).Message, StringComparison.Ordinal);

        File.Delete(h);
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load<double>(dir.File("m")));
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load<double>(dir.File("nowhere")));
    }
}
