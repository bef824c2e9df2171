// How a value becomes a pixel colour: ink on paper for non-negative bases, blue–white–red for signed ones, grey for images.
using SkiaSharp;

namespace Nmf.Fast.Cli.Gallery;

/// <summary>
/// The colour maps of the gallery. Each maps a value already divided by its image's own scale (contrast
/// normalisation), so t is in [0, 1] (or [−1, 1] for a signed basis); values outside are clamped.
/// </summary>
internal static class ImageShading
{
    /// <summary>Negative end of the signed map (a blue).</summary>
    public static readonly SKColor Negative = new(33, 102, 172);

    /// <summary>Positive end of the signed map (a red).</summary>
    public static readonly SKColor Positive = new(178, 24, 43);

    /// <summary>The colour between tiles.</summary>
    public static readonly SKColor Gutter = new(160, 160, 160);

    /// <summary>Non-negative component, t = value / max: 0 is white paper, the maximum is black ink (Lee &amp; Seung's figure).</summary>
    public static SKColor Ink(double t)
    {
        byte g = Level(1 - t);
        return new SKColor(g, g, g);
    }

    /// <summary>Signed component, t = value / max|value|: white at 0, towards red for positive and blue for negative.</summary>
    public static SKColor Diverging(double t)
    {
        t = double.IsFinite(t) ? Math.Clamp(t, -1, 1) : 0;
        var end = t >= 0 ? Positive : Negative;
        double a = Math.Abs(t);
        return new SKColor(Mix(end.Red, a), Mix(end.Green, a), Mix(end.Blue, a));
    }

    /// <summary>Data image (an original or a reconstruction), t = (value − low) / (high − low): black to white.</summary>
    public static SKColor Grey(double t)
    {
        byte g = Level(t);
        return new SKColor(g, g, g);
    }

    private static byte Level(double t) => (byte)Math.Round(255 * (double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0));

    private static byte Mix(byte end, double a) => (byte)Math.Round(255 + (end - 255) * a);
}
