// Draws rows of a matrix as a grid of small images and writes it as PNG with SkiaSharp.
using SkiaSharp;

namespace Nmf.Fast.Cli.Gallery;

/// <summary>
/// A grid of equally sized tiles, each one matrix row folded into an <see cref="ImageShape"/> and magnified by
/// an integer factor (nearest neighbour, so every data pixel stays a sharp square), separated by a gutter.
/// <code>
///  g  tile  g  tile  g      g = Gutter pixels; tile = shape × Scale pixels
///  g  tile  g  tile  g
/// </code>
/// </summary>
internal sealed class ImageGrid : IDisposable
{
    /// <summary>Gutter width in pixels.</summary>
    public const int GutterPixels = 2;

    /// <summary>Tiles are magnified until their longer side is at least this many pixels (8×8 digits: 8×; 28×28: 3×).</summary>
    public const int MinimumTilePixels = 64;

    private readonly SKBitmap _bitmap;

    /// <summary>A grid of <paramref name="rows"/>×<paramref name="columns"/> tiles of <paramref name="shape"/>, gutters filled.</summary>
    public ImageGrid(ImageShape shape, int rows, int columns)
    {
        Shape = shape;
        Scale = ScaleFor(shape);
        Rows = rows;
        Columns = columns;
        _bitmap = new SKBitmap(WidthFor(shape, columns), HeightFor(shape, rows), SKColorType.Rgba8888, SKAlphaType.Opaque);
        _bitmap.Erase(ImageShading.Gutter);
    }

    public ImageShape Shape { get; }

    /// <summary>Screen pixels per data pixel along each side.</summary>
    public int Scale { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>The magnification for a shape.</summary>
    public static int ScaleFor(ImageShape shape) => Math.Max(1, (MinimumTilePixels + Math.Max(shape.Height, shape.Width) - 1) / Math.Max(shape.Height, shape.Width));

    /// <summary>The PNG's width for <paramref name="columns"/> tiles.</summary>
    public static int WidthFor(ImageShape shape, int columns) => GutterPixels + columns * (shape.Width * ScaleFor(shape) + GutterPixels);

    /// <summary>The PNG's height for <paramref name="rows"/> tiles.</summary>
    public static int HeightFor(ImageShape shape, int rows) => GutterPixels + rows * (shape.Height * ScaleFor(shape) + GutterPixels);

    /// <summary>Top-left screen pixel of tile (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public static (int X, int Y) TileOrigin(ImageShape shape, int row, int column)
    {
        int scale = ScaleFor(shape);
        return (GutterPixels + column * (shape.Width * scale + GutterPixels), GutterPixels + row * (shape.Height * scale + GutterPixels));
    }

    /// <summary>Paints tile (<paramref name="row"/>, <paramref name="column"/>) with <paramref name="colour"/>(value) per data pixel.</summary>
    public void Paint(int row, int column, ReadOnlySpan<double> values, Func<double, SKColor> colour)
    {
        var (x0, y0) = TileOrigin(Shape, row, column);
        for (int y = 0; y < Shape.Height; y++)
        {
            for (int x = 0; x < Shape.Width; x++)
            {
                var c = colour(values[y * Shape.Width + x]);
                for (int dy = 0; dy < Scale; dy++)
                    for (int dx = 0; dx < Scale; dx++)
                        _bitmap.SetPixel(x0 + x * Scale + dx, y0 + y * Scale + dy, c);
            }
        }
    }

    /// <summary>Releases the bitmap.</summary>
    public void Dispose() => _bitmap.Dispose();

    /// <summary>Encodes the grid as PNG into <paramref name="path"/> (atomically: a temporary file renamed into place).</summary>
    public void Save(string path, bool overwrite)
    {
        if (!overwrite && File.Exists(path)) throw new IOException($"{path} exists; use --force to overwrite it");
        using var data = _bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {path} as PNG");
        string temporary = path + ".tmp";
        using (var file = File.Create(temporary)) data.SaveTo(file);
        File.Move(temporary, path, overwrite);
    }
}
