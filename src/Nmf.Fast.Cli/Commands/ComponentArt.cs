// Draws components that are small images (such as 8×8 digits) as character cells, several side by side.
using System.Numerics;
using System.Text;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Commands;

internal static class ComponentArt
{
    private const string Blocks = " ░▒▓█";
    private const string Ascii = " .:+#";

    /// <summary>
    /// Each row of H (k×(height·width)) as a height×width picture, each pixel two characters wide and shaded
    /// by its value relative to that component's maximum; <paramref name="perLine"/> pictures side by side.
    /// </summary>
    public static string Draw<T>(Matrix<T> h, int height, int width, int perLine, bool ascii) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string shades = ascii ? Ascii : Blocks;
        var sb = new StringBuilder();
        for (int first = 0; first < h.Rows; first += perLine)
        {
            int count = Math.Min(perLine, h.Rows - first);
            for (int c = 0; c < count; c++)
                sb.Append($"  component {first + c,-2}".PadRight(width * 2 + 4));
            sb.AppendLine();
            for (int y = 0; y < height; y++)
            {
                for (int c = 0; c < count; c++)
                {
                    var row = h.Row(first + c);
                    double max = 0;
                    foreach (var v in row) max = Math.Max(max, double.CreateTruncating(v));
                    sb.Append("  |");
                    for (int x = 0; x < width; x++)
                    {
                        double v = max > 0 ? double.CreateTruncating(row[y * width + x]) / max : 0;
                        int level = Math.Clamp((int)Math.Round(v * (shades.Length - 1)), 0, shades.Length - 1);
                        sb.Append(shades[level], 2);
                    }
                    sb.Append('|');
                }
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }
}
