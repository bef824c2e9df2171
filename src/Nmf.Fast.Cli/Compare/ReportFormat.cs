// Number formats shared by the report, the console summary and the plots.
using System.Globalization;

namespace Nmf.Fast.Cli.Compare;

internal static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"—" for values that do not exist (NaN, null).</summary>
    public const string None = "—";

    /// <summary>Milliseconds with three significant digits, e.g. "10.5 ms".</summary>
    public static string Milliseconds(double seconds) =>
        double.IsFinite(seconds) ? (seconds * 1000).ToString(seconds * 1000 >= 100 ? "0" : "0.##", Invariant) + " ms" : None;

    /// <summary>Seconds, e.g. "1.23 s" (milliseconds below 1 s).</summary>
    public static string Duration(double seconds) =>
        !double.IsFinite(seconds) ? None : seconds < 1 ? Milliseconds(seconds) : seconds.ToString("0.00", Invariant) + " s";

    /// <summary>A relative error with four significant digits, e.g. "0.01334"; "NaN" for NaN.</summary>
    public static string Error(double error) =>
        double.IsNaN(error) ? "NaN" : double.IsInfinity(error) ? "∞" : error.ToString("G4", Invariant);

    /// <summary>Bytes as MiB, e.g. "183 MiB".</summary>
    public static string Memory(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0", Invariant) + " MiB" : None;

    /// <summary>A status in words.</summary>
    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Ok => "ok",
        RunStatus.Skipped => "skipped",
        RunStatus.Failed => "failed",
        RunStatus.NonFinite => "NaN",
        _ => status.ToString(),
    };

    /// <summary>Escapes a cell of a Markdown table.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Formats with the invariant culture.</summary>
    public static string F(FormattableString text) => text.ToString(Invariant);
}
