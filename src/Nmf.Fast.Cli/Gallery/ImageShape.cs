// `--image-shape HxW`: how to fold one row of X (or one component) back into a height×width image.
using System.Globalization;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Gallery;

/// <summary>Images stored row-major, one per matrix row: pixel (y, x) is column y·Width + x.</summary>
internal readonly record struct ImageShape(int Height, int Width)
{
    /// <summary>Pixels per image, the number of columns X must have.</summary>
    public int Pixels => Height * Width;

    /// <summary>Parses "HxW" (also "H×W"); null text gives null (the option was not given).</summary>
    public static ImageShape? Parse(string? text)
    {
        if (text is null) return null;
        var parts = text.ToLowerInvariant().Split('x', '×');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            && height is > 0 and <= 4096 && width is > 0 and <= 4096)
            return new ImageShape(height, width);
        throw new UsageException($"--image-shape needs HxW with 1 ≤ H, W ≤ 4096 (e.g. 28x28), got '{text}'");
    }

    /// <summary>Rejects a shape whose pixel count differs from the matrix's column count.</summary>
    public void RequireColumns(int cols, string input)
    {
        if (Pixels != cols)
            throw new UsageException($"{input}: --image-shape {Height}x{Width} has {Pixels} pixels but the matrix has {cols} columns");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Height}x{Width}");
}
