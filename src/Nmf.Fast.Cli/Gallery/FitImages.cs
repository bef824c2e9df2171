// What `nmf fit --image-shape HxW` adds: checks before the fit, and components.png / reconstructions.png of W·H after it.
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Gallery;

internal static class FitImages
{
    /// <summary>The help lines of --image-shape (fit and pca).</summary>
    public const string HelpLine = """
          --image-shape HxW        rows of X are H×W images (row-major): with --out, also write DIR/components.png (each
                                   component a tile, contrast-normalised) and DIR/reconstructions.png (10 sample rows
                                   above their reconstructions)
        """;

    /// <summary>The PNG paths for the overwrite checks; empty without --image-shape. --image-shape needs --out.</summary>
    public static string[] Outputs(ImageShape? shape, string? outDir)
    {
        if (shape is null) return [];
        if (outDir is null) throw new UsageException("--image-shape writes PNG files and needs --out DIR");
        return GalleryImages.Paths(outDir);
    }

    /// <summary>Writes the two PNGs of a fit: H's rows, and sample rows of X above their rows of W·H.</summary>
    /// <param name="originals">Picks rows of X by index (dense or CSR X).</param>
    public static void Write<T>(ImageShape shape, string outDir, NmfResult<T> result, Func<int[], Matrix<T>> originals, bool overwrite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var paths = GalleryImages.Paths(outDir);
        GalleryImages.WriteComponents(paths[0], result.H, shape, overwrite);
        int[] rows = GalleryImages.SampleRows(result.W.Rows);
        var reconstructions = result.Model.InverseTransform(SampleRows.Take(result.W, rows));
        GalleryImages.WriteReconstructions(paths[1], originals(rows), reconstructions, shape, overwrite);
    }
}
