// Turns a fit whose factors left the finite numbers into a clear error instead of a NaN result.
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Validation;

internal static class DivergenceGuard
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> when an entry of <paramref name="w"/> or <paramref name="h"/> is NaN or
    /// infinite after the solver ran. The multiplicative updates for β &lt; 1 can overflow in float32 (scikit-learn
    /// 1.2.1's <c>mu</c> diverges to NaN on the same inputs); such a fit must not return NaN factors as a result.
    /// </summary>
    public static void ThrowIfDiverged<T>(Matrix<T> w, Matrix<T> h, NmfSolver solver, double beta, int iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = "W";
        int at = FirstNonFinite(w.AsSpan());
        var cols = w.Cols;
        if (at < 0)
        {
            (name, at, cols) = ("H", FirstNonFinite(h.AsSpan()), h.Cols);
            if (at < 0) return;
        }
        string dtype = typeof(T) == typeof(float) ? "float32" : "float64";
        string remedy = typeof(T) == typeof(float) ? "Fit in float64, or start" : "Start";
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"The fit diverged: after {iterations} iterations of {NmfSolverNames.ToName(solver)} (β = {beta}, {dtype}) {name}[{at / cols}, {at % cols}] " +
            $"is not finite. {remedy} from another initialisation, add regularisation (alpha) or choose β ≥ 1."), "options");
    }

    /// <summary>The index of the first NaN or infinite value, or −1.</summary>
    private static int FirstNonFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i])) return i;
        return -1;
    }
}
