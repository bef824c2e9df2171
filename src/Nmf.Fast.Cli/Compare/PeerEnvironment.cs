// The environment every peer process gets: pinned thread counts and the OpenBLAS kernel choice.
using System.Globalization;

namespace Nmf.Fast.Cli.Compare;

internal static class PeerEnvironment
{
    /// <summary>
    /// OMP/OpenBLAS/MKL/BLIS thread counts and RcppML's <c>RcppMLthreads</c> set to the comparison's thread count;
    /// <c>OPENBLAS_CORETYPE</c> set to the chosen kernel with <c>OPENBLAS_L2_SIZE</c> removed (OpenBLAS 0.3.21 does
    /// not recognise recent Xeons and falls back to a slow generic kernel otherwise). A null core type leaves
    /// both variables as the caller's environment has them.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> For(CompareSettings settings)
    {
        string threads = settings.Threads.ToString(CultureInfo.InvariantCulture);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OMP_NUM_THREADS"] = threads,
            ["OPENBLAS_NUM_THREADS"] = threads,
            ["MKL_NUM_THREADS"] = threads,
            ["BLIS_NUM_THREADS"] = threads,
            ["RcppMLthreads"] = threads,
        };
        if (settings.OpenBlasCoreType is { } core)
        {
            env["OPENBLAS_CORETYPE"] = core;
            env["OPENBLAS_L2_SIZE"] = null;
        }
        return env;
    }

    /// <summary>The OpenBLAS setting in words, for the report.</summary>
    public static string Describe(CompareSettings settings) => settings.OpenBlasCoreType is { } core
        ? $"OPENBLAS_CORETYPE={core}, OPENBLAS_L2_SIZE unset"
        : $"OPENBLAS_CORETYPE left as inherited ({Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "unset"})";
}
