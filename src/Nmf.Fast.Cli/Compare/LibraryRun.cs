// One library/solver's outcome in a comparison: status, timings, loss trace, final error and memory.
namespace Nmf.Fast.Cli.Compare;

/// <summary>How a run ended.</summary>
internal enum RunStatus
{
    /// <summary>Ran and produced finite factors.</summary>
    Ok,

    /// <summary>Not run: the library or its interpreter is missing, or the solver is not available yet.</summary>
    Skipped,

    /// <summary>Started but failed (non-zero exit, exception, timeout, unreadable output).</summary>
    Failed,

    /// <summary>Ran but its factors or errors are not finite (NaN or infinity).</summary>
    NonFinite,
}

/// <summary>The relative error ‖X − WH‖_F / ‖X‖_F after <paramref name="Iteration"/> iterations, reached after
/// <paramref name="Seconds"/> of fitting.</summary>
internal readonly record struct TracePoint(int Iteration, double Seconds, double RelativeError);

/// <summary>The results of one library and method (e.g. scikit-learn cd).</summary>
internal sealed class LibraryRun
{
    /// <summary>"Nmf.Fast", "scikit-learn" or "RcppML".</summary>
    public required string Library { get; init; }

    /// <summary>The solver or variant within the library ("HALS", "cd", "nmf", ...).</summary>
    public required string Method { get; init; }

    /// <summary>Library and method, e.g. "scikit-learn cd".</summary>
    public string Label => $"{Library} {Method}";

    public RunStatus Status { get; set; } = RunStatus.Ok;

    /// <summary>Why a run was skipped or failed, or a caveat of an Ok run.</summary>
    public string? Note { get; set; }

    /// <summary>Where the run started from, in words (shared W₀ and H₀, or its own start).</summary>
    public string StartingPoint { get; set; } = "";

    /// <summary>True when the run started from the shared W₀ (and H₀ where the method uses one).</summary>
    public bool SharedStart { get; set; } = true;

    /// <summary>The library's own stopping rule and how this comparison disables it.</summary>
    public string StoppingRule { get; set; } = "";

    /// <summary>How the loss trace was obtained.</summary>
    public string TraceMethod { get; set; } = "";

    /// <summary>True when each trace point is a separate run from the start (its time is that run's whole wall time).</summary>
    public bool TraceByReruns { get; set; }

    /// <summary>Iterations of each timed full run.</summary>
    public int Iterations { get; set; }

    /// <summary>Wall-clock seconds of each timed full run (the whole fit call).</summary>
    public List<double> RepeatSeconds { get; } = [];

    /// <summary>The relative error after every traced iteration count, in increasing iteration order.</summary>
    public List<TracePoint> Trace { get; } = [];

    /// <summary>‖X − WH‖_F / ‖X‖_F of the final factors, computed by `nmf compare` from the factors themselves.</summary>
    public double FinalRelativeError { get; set; } = double.NaN;

    /// <summary>Peak resident memory in bytes, or null when unknown.</summary>
    public long? PeakRssBytes { get; set; }

    /// <summary>How <see cref="PeakRssBytes"/> was measured.</summary>
    public string MemoryMethod { get; set; } = "";

    /// <summary>Library versions, BLAS kernel, threads as the library reported them (key, value).</summary>
    public List<KeyValuePair<string, string>> Info { get; } = [];

    /// <summary>Median of <see cref="RepeatSeconds"/> divided by <see cref="Iterations"/>; NaN without runs.</summary>
    public double SecondsPerIteration =>
        RepeatSeconds.Count == 0 || Iterations == 0 ? double.NaN : Statistics.Median(RepeatSeconds) / Iterations;
}
