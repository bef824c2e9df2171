// components.png and reconstructions.png decode with SkiaSharp, have the grid's pixel size, and their pixels follow the values drawn.
using Nmf.Fast.Cli.Gallery;
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Cli;
using SkiaSharp;

namespace Nmf.Fast.Tests.Gallery;

public class GalleryImagesTests
{
    // A non-square shape, so that a transposed fold (x and y swapped) would be caught.
    private static readonly ImageShape Shape = new(3, 5);

    /// <summary>The screen colour at the centre of data pixel (y, x) of tile (row, column).</summary>
    private static SKColor DataPixel(SKBitmap bitmap, ImageShape shape, int row, int column, int y, int x)
    {
        var (x0, y0) = ImageGrid.TileOrigin(shape, row, column);
        int scale = ImageGrid.ScaleFor(shape);
        return bitmap.GetPixel(x0 + x * scale + scale / 2, y0 + y * scale + scale / 2);
    }

    private static SKBitmap Decode(string path)
    {
        var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    [Fact]
    public void NonNegativeComponents_DecodeAtGridSize_AndAreInkScaledToEachOwnMaximum()
    {
        // Component 0 is a ramp 0..14, component 1 a single pixel at (y 1, x 3), component 2 is zero, component 3 the ramp ×1000.
        var h = new Matrix<double>(4, Shape.Pixels);
        for (int p = 0; p < Shape.Pixels; p++)
        {
            h[0, p] = p;
            h[3, p] = 1000.0 * p;
        }
        h[1, 1 * Shape.Width + 3] = 0.25;
        using var dir = new TempFolder();
        string path = dir.File("components.png");
        GalleryImages.WriteComponents(path, h, Shape, overwrite: false);

        using var bitmap = Decode(path);
        int columns = GalleryImages.ColumnsFor(4);
        Assert.Equal(2, columns);
        Assert.Equal(ImageGrid.WidthFor(Shape, 2), bitmap.Width);
        Assert.Equal(ImageGrid.HeightFor(Shape, 2), bitmap.Height);
        Assert.Equal(2 + 2 * (5 * ImageGrid.ScaleFor(Shape) + 2), bitmap.Width);

        for (int y = 0; y < Shape.Height; y++)
        {
            for (int x = 0; x < Shape.Width; x++)
            {
                int p = y * Shape.Width + x;
                byte ramp = (byte)Math.Round(255 * (1 - p / 14.0));
                Assert.Equal(new SKColor(ramp, ramp, ramp), DataPixel(bitmap, Shape, 0, 0, y, x));
                Assert.Equal(new SKColor(ramp, ramp, ramp), DataPixel(bitmap, Shape, 1, 1, y, x)); // contrast-normalised: same picture
                Assert.Equal((y, x) == (1, 3) ? SKColors.Black : SKColors.White, DataPixel(bitmap, Shape, 0, 1, y, x));
                Assert.Equal(SKColors.White, DataPixel(bitmap, Shape, 1, 0, y, x));
            }
        }
        Assert.Equal(ImageShading.Gutter, bitmap.GetPixel(0, 0));
    }

    [Fact]
    public void SignedComponents_AreRedForPositive_BlueForNegative_WhiteForZero()
    {
        var h = new Matrix<float>(1, Shape.Pixels);
        h[0, 0] = 2f;
        h[0, 1] = -2f;
        h[0, 2] = -1f;
        using var dir = new TempFolder();
        string path = dir.File("pca.png");
        GalleryImages.WriteComponents(path, h, Shape, overwrite: false);
        using var bitmap = Decode(path);
        Assert.Equal(ImageShading.Positive, DataPixel(bitmap, Shape, 0, 0, 0, 0));
        Assert.Equal(ImageShading.Negative, DataPixel(bitmap, Shape, 0, 0, 0, 1));
        Assert.Equal(ImageShading.Diverging(-0.5), DataPixel(bitmap, Shape, 0, 0, 0, 2));
        Assert.Equal(SKColors.White, DataPixel(bitmap, Shape, 0, 0, 2, 4));
    }

    [Fact]
    public void Reconstructions_SitBelowTheirOriginals_OnTheOriginalsGreyScale()
    {
        var originals = new Matrix<double>(3, Shape.Pixels);
        var reconstructions = new Matrix<double>(3, Shape.Pixels);
        for (int s = 0; s < 3; s++)
            for (int p = 0; p < Shape.Pixels; p++)
            {
                originals[s, p] = (s + 1) * p;          // ranges 0..14, 0..28, 0..42
                reconstructions[s, p] = (s + 1) * p / 2.0; // half as bright on the same scale
            }
        using var dir = new TempFolder();
        string path = dir.File("reconstructions.png");
        GalleryImages.WriteReconstructions(path, originals, reconstructions, Shape, overwrite: false);
        using var bitmap = Decode(path);
        Assert.Equal(ImageGrid.WidthFor(Shape, 3), bitmap.Width);
        Assert.Equal(ImageGrid.HeightFor(Shape, 2), bitmap.Height);
        for (int s = 0; s < 3; s++)
            for (int p = 0; p < Shape.Pixels; p++)
            {
                byte top = (byte)Math.Round(255 * (p / 14.0)), bottom = (byte)Math.Round(255 * (p / 28.0));
                Assert.Equal(new SKColor(top, top, top), DataPixel(bitmap, Shape, 0, s, p / Shape.Width, p % Shape.Width));
                Assert.Equal(new SKColor(bottom, bottom, bottom), DataPixel(bitmap, Shape, 1, s, p / Shape.Width, p % Shape.Width));
            }
    }

    [Fact]
    public void SampleRows_AreSpreadOverTheData_AndImageShapeParsesOrExplains()
    {
        Assert.Equal([0, 179, 359, 539, 718, 898, 1078, 1257, 1437, 1617], GalleryImages.SampleRows(1797));
        Assert.Equal([0, 1, 2], GalleryImages.SampleRows(3));
        Assert.Equal(new ImageShape(28, 25), ImageShape.Parse("28x25"));
        Assert.Equal(new ImageShape(8, 8), ImageShape.Parse("8×8"));
        Assert.Null(ImageShape.Parse(null));
        foreach (var bad in new[] { "28", "0x5", "ax5", "5x5x5", "-3x4", "5000x1" })
            Assert.Contains("--image-shape", Assert.Throws<Nmf.Fast.Cli.Infrastructure.UsageException>(() => ImageShape.Parse(bad)).Message);
    }
}
