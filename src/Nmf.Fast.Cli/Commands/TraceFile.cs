// `nmf fit --trace FILE.csv`: the loss trace as CSV (iteration, elapsed seconds, relative error, loss).
using System.Globalization;
using System.Text;

namespace Nmf.Fast.Cli.Commands;

internal static class TraceFile
{
    /// <summary>
    /// Writes one line per evaluated iteration (every iteration for the Frobenius solvers, every 10th for MU):
    /// <c>iteration,seconds,relative_error,loss</c>; seconds since the fit started (initialisation included), the
    /// relative error ‖X − WH‖_F / ‖X‖_F empty where the solver does not know it (β ≠ 2, or regularised HALS/MU).
    /// </summary>
    public static void Write(string path, IReadOnlyList<NmfProgress> trace, bool overwrite)
    {
        var text = new StringBuilder("iteration,seconds,relative_error,loss\n");
        foreach (var p in trace)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Iteration},{p.Elapsed.TotalSeconds:R},");
            if (!double.IsNaN(p.RelativeError)) text.Append(CultureInfo.InvariantCulture, $"{p.RelativeError:R}");
            text.Append(CultureInfo.InvariantCulture, $",{p.Loss:R}\n");
        }
        if (!overwrite && File.Exists(path)) throw new Infrastructure.UsageException($"{path} exists; use --force to overwrite it");
        File.WriteAllText(path, text.ToString());
    }
}
