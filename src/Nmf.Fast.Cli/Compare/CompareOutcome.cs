// Everything one `nmf compare` run measured: problem, machine, settings, per-library runs and the target error.
namespace Nmf.Fast.Cli.Compare;

/// <summary>The complete outcome of a comparison; rendered by <see cref="ReportWriter"/>, <see cref="ResultsJson"/> and <see cref="ComparePlots"/>.</summary>
internal sealed class CompareOutcome
{
    public required CompareSettings Settings { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>Rows m of X.</summary>
    public required int Rows { get; init; }

    /// <summary>Columns n of X.</summary>
    public required int Cols { get; init; }

    /// <summary>Stored entries of a sparse X (handed to every library as a sparse matrix); null for a dense X.</summary>
    public long? NonZeros { get; init; }

    /// <summary>When the comparison started (UTC).</summary>
    public DateTime StartedUtc { get; init; }

    /// <summary>‖X − W₀H₀‖_F / ‖X‖_F of the shared starting point.</summary>
    public double InitialRelativeError { get; set; } = double.NaN;

    /// <summary>1.01 × the best final error of all Ok runs (see <see cref="TargetError"/>).</summary>
    public double TargetRelativeError { get; set; } = double.NaN;

    public List<LibraryRun> Runs { get; } = [];

    /// <summary>Caveats that apply to the whole comparison (e.g. charts that could not be drawn).</summary>
    public List<string> Notes { get; } = [];
}
