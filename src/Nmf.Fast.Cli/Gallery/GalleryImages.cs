// components.png (a basis as contrast-normalised tiles) and reconstructions.png (sample rows above their reconstructions).
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Gallery;

internal static class GalleryImages
{
    public const string ComponentsFile = "components.png";
    public const string ReconstructionsFile = "reconstructions.png";

    /// <summary>Sample rows shown in reconstructions.png.</summary>
    public const int Samples = 10;

    /// <summary>The two files written into an --out folder.</summary>
    public static string[] Paths(string outDir) => [Path.Combine(outDir, ComponentsFile), Path.Combine(outDir, ReconstructionsFile)];

    /// <summary>min(<see cref="Samples"/>, rows) row indices spread evenly over the data (the first row always included).</summary>
    public static int[] SampleRows(int rows)
    {
        int count = Math.Min(Samples, rows);
        return Enumerable.Range(0, count).Select(s => (int)((long)s * rows / count)).ToArray();
    }

    /// <summary>Tiles per grid row for k components: a near-square grid (25 → 5×5, 10 → 4 + 4 + 2).</summary>
    public static int ColumnsFor(int count) => Math.Max(1, (int)Math.Ceiling(Math.Sqrt(count)));

    /// <summary>
    /// Each row of <paramref name="components"/> as one tile, row-major across the grid. Each tile is scaled by its own
    /// largest magnitude. A basis with no negative entry (NMF) is drawn as ink on paper (0 white, maximum black); a
    /// signed basis (PCA) as blue (negative) – white (0) – red (positive).
    /// </summary>
    public static void WriteComponents<T>(string path, Matrix<T> components, ImageShape shape, bool overwrite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = components.Rows;
        bool signed = components.AsSpan().IndexOfAnyInRange(T.NegativeInfinity, -T.Epsilon) >= 0;
        int columns = ColumnsFor(k);
        using var grid = new ImageGrid(shape, (k + columns - 1) / columns, columns);
        var values = new double[shape.Pixels];
        for (int c = 0; c < k; c++)
        {
            double scale = Widen(components.Row(c), values, absolute: true);
            for (int p = 0; p < values.Length; p++) values[p] = scale > 0 ? values[p] / scale : 0;
            grid.Paint(c / columns, c % columns, values, signed ? ImageShading.Diverging : ImageShading.Ink);
        }
        grid.Save(path, overwrite);
    }

    /// <summary>
    /// Originals on the top row, their reconstructions directly below, in grey (larger = brighter). Each column shares
    /// the original's range [min(0, min x), max x], so an over- or under-shooting reconstruction shows as clipped.
    /// </summary>
    public static void WriteReconstructions<T>(string path, Matrix<T> originals, Matrix<T> reconstructions, ImageShape shape, bool overwrite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = originals.Rows;
        using var grid = new ImageGrid(shape, 2, count);
        var original = new double[shape.Pixels];
        var reconstruction = new double[shape.Pixels];
        for (int s = 0; s < count; s++)
        {
            Widen(originals.Row(s), original, absolute: false);
            Widen(reconstructions.Row(s), reconstruction, absolute: false);
            double low = Math.Min(0, original.Min()), high = original.Max();
            double range = high > low ? high - low : 1;
            grid.Paint(0, s, original, v => ImageShading.Grey((v - low) / range));
            grid.Paint(1, s, reconstruction, v => ImageShading.Grey((v - low) / range));
        }
        grid.Save(path, overwrite);
    }

    /// <summary>Copies a row into doubles; returns its largest |value| (<paramref name="absolute"/>) or value.</summary>
    private static double Widen<T>(ReadOnlySpan<T> row, double[] values, bool absolute) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        for (int p = 0; p < values.Length; p++)
        {
            values[p] = double.CreateTruncating(row[p]);
            largest = Math.Max(largest, absolute ? Math.Abs(values[p]) : values[p]);
        }
        return largest;
    }
}
