// The Hoyer sparseness fields of `nmf fit --json` and `nmf pca --json`, and their one summary line.
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nmf.Fast.Analysis;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Gallery;

internal static class SparsenessReport
{
    /// <summary>Hoyer sparseness of each row of a basis; null where it is undefined (a basis of 1-pixel components).</summary>
    public static double[]? Of<T>(Matrix<T> basis) where T : unmanaged, IFloatingPointIeee754<T> =>
        basis.Cols < 2 || basis.Rows < 1 ? null : HoyerSparseness.OfRows<T>(basis);

    /// <summary>"hoyer_sparseness": per component, and "hoyer_sparseness_mean" (both null when undefined).</summary>
    public static void WriteJson(Utf8JsonWriter w, double[]? sparseness)
    {
        if (sparseness is null)
        {
            w.WriteNull("hoyer_sparseness");
            w.WriteNull("hoyer_sparseness_mean");
            return;
        }
        w.WriteStartArray("hoyer_sparseness");
        foreach (double s in sparseness) w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteNumber("hoyer_sparseness_mean", sparseness.Average());
    }

    /// <summary>"  Hoyer sparseness of the components: mean 0.612 (min 0.401, max 0.803)".</summary>
    public static string Line(double[]? sparseness) => sparseness is null
        ? "  Hoyer sparseness: undefined for 1-column data"
        : string.Create(CultureInfo.InvariantCulture,
            $"  Hoyer sparseness of the components: mean {sparseness.Average():F3} (min {sparseness.Min():F3}, max {sparseness.Max():F3})");
}
