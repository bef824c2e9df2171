// `nmf fit --image-shape` and `nmf pca` end to end: PNGs written at the right size, sparseness in the JSON, one-line errors.
using System.Text.Json;
using Nmf.Fast.Cli.Gallery;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Cli;
using SkiaSharp;

namespace Nmf.Fast.Tests.Gallery;

public class GalleryCommandTests
{
    private static readonly ImageShape Digit = new(8, 8);

    private static string WriteDigits(TempFolder dir)
    {
        string path = dir.File("digits.npy");
        var digits = Nmf.Fast.Cli.Commands.DigitsData.Load<double>();
        MatrixFile.WriteNpy(path, digits.AsReadOnlyMatrixSpan());
        return path;
    }

    private static (int Width, int Height) PngSize(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        return (bitmap.Width, bitmap.Height);
    }

    [Fact]
    public void FitWithImageShape_WritesBothPngs_AndReportsHoyerSparsenessOfEachComponent()
    {
        using var dir = new TempFolder();
        string input = WriteDigits(dir), outDir = dir.File("nmf");
        var r = CliRunner.Run("fit", input, "--rank", "9", "--seed", "0", "--max-iter", "50", "--image-shape", "8x8", "--out", outDir, "--json", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var sparseness = json.RootElement.GetProperty("hoyer_sparseness").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var h = MatrixFile.ReadDense<double>(Path.Combine(outDir, "H.npy"));
        Assert.Equal(Nmf.Fast.Analysis.HoyerSparseness.OfRows<double>(h), sparseness);
        Assert.Equal(sparseness.Average(), json.RootElement.GetProperty("hoyer_sparseness_mean").GetDouble(), 12);

        Assert.Equal((ImageGrid.WidthFor(Digit, 3), ImageGrid.HeightFor(Digit, 3)), PngSize(Path.Combine(outDir, "components.png")));
        Assert.Equal((ImageGrid.WidthFor(Digit, 10), ImageGrid.HeightFor(Digit, 2)), PngSize(Path.Combine(outDir, "reconstructions.png")));

        // Without --force nothing is overwritten, and the message names the PNG.
        var again = CliRunner.Run("fit", input, "--rank", "9", "--image-shape", "8x8", "--out", outDir, "--quiet");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("exists", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Pca_WritesComponentsScoresMeanAndPngs_AndItsJsonAddsUp()
    {
        using var dir = new TempFolder();
        string input = WriteDigits(dir), outDir = dir.File("pca");
        var r = CliRunner.Run("pca", input, "--rank", "10", "--image-shape", "8x8", "--out", outDir, "--json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var root = json.RootElement;
        Assert.Equal(10, root.GetProperty("rank").GetInt32());
        var ratios = root.GetProperty("explained_variance_ratio").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(10, ratios.Length);
        Assert.Equal(ratios.Sum(), root.GetProperty("explained_variance_ratio_total").GetDouble(), 12);
        Assert.InRange(root.GetProperty("explained_variance_ratio_total").GetDouble(), 0.6, 0.8); // scikit-learn: 0.7382 for 10 components
        Assert.Equal(10, root.GetProperty("hoyer_sparseness").GetArrayLength());
        Assert.True(root.GetProperty("relative_error").GetDouble() is > 0 and < 0.5);

        Assert.Equal((10, 64), Shape(Path.Combine(outDir, "components.npy")));
        Assert.Equal((1797, 10), Shape(Path.Combine(outDir, "scores.npy")));
        Assert.Equal((1, 64), Shape(Path.Combine(outDir, "mean.npy")));
        Assert.Equal((ImageGrid.WidthFor(Digit, 4), ImageGrid.HeightFor(Digit, 3)), PngSize(Path.Combine(outDir, "components.png")));
        Assert.Equal((ImageGrid.WidthFor(Digit, 10), ImageGrid.HeightFor(Digit, 2)), PngSize(Path.Combine(outDir, "reconstructions.png")));
    }

    private static (int, int) Shape(string path)
    {
        var m = MatrixFile.ReadDense<double>(path);
        return (m.Rows, m.Cols);
    }

    [Theory]
    [InlineData("fit", "--image-shape 8x7 --out OUT", "56 pixels but the matrix has 64 columns")]
    [InlineData("fit", "--image-shape 8x8", "needs --out")]
    [InlineData("pca", "--image-shape 9x9 --out OUT", "81 pixels")]
    [InlineData("pca", "--image-shape 8by8 --out OUT", "--image-shape needs HxW")]
    [InlineData("pca", "--rank 65", "rank ≤ 64")]
    public void BadGalleryOptions_FailWithOneLineAndExitCode2(string command, string options, string expected)
    {
        using var dir = new TempFolder();
        string input = WriteDigits(dir);
        var args = new List<string> { command, input };
        if (!options.Contains("--rank", StringComparison.Ordinal)) args.AddRange(["--rank", "4"]);
        args.AddRange(options.Replace("OUT", dir.File("out"), StringComparison.Ordinal).Split(' '));
        var r = CliRunner.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain('\n', r.StdErr.Trim());
        Assert.Contains(expected, r.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")) && Directory.EnumerateFiles(dir.File("out")).Any(), "nothing is written on bad input");
    }
}
