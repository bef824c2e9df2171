// Parses the peers' line protocol (info / run / factors / failed / missing, tab-separated) into per-variant results.
using System.Globalization;

namespace Nmf.Fast.Cli.Compare;

/// <summary>One timed run a peer reported: its iteration count, wall seconds and the error it computed.</summary>
internal readonly record struct PeerRunLine(int Iterations, double Seconds, double RelativeError);

/// <summary>What a peer reported for one of its solvers or variants.</summary>
internal sealed class PeerVariantOutput
{
    public List<PeerRunLine> Repeats { get; } = [];

    public List<PeerRunLine> Trace { get; } = [];

    public string? WPath { get; set; }

    public string? HPath { get; set; }

    /// <summary>The peer's message when this variant failed.</summary>
    public string? Failure { get; set; }
}

/// <summary>Everything a peer printed, parsed. Unknown or malformed lines are collected, never fatal.</summary>
internal sealed class PeerOutput
{
    public List<KeyValuePair<string, string>> Info { get; } = [];

    /// <summary>Set when the peer reported that its library is not installed.</summary>
    public string? Missing { get; set; }

    /// <summary>The peer's own VmHWM at exit, in KiB.</summary>
    public long? PeakRssKib { get; set; }

    public Dictionary<string, PeerVariantOutput> Variants { get; } = new(StringComparer.Ordinal);

    /// <summary>Lines that did not follow the protocol (kept for the failure note).</summary>
    public List<string> Unparsed { get; } = [];

    /// <summary>Parses the lines of a peer's stdout.</summary>
    public static PeerOutput Parse(IEnumerable<string> lines)
    {
        var output = new PeerOutput();
        foreach (var line in lines)
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "info" when f.Length >= 3:
                    if (f[1] == "peak_rss_kib" && long.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kib))
                        output.PeakRssKib = kib;
                    else
                        output.Info.Add(new(f[1], string.Join(' ', f.Skip(2))));
                    break;
                case "missing":
                    output.Missing = f.Length >= 2 ? string.Join(' ', f.Skip(1)) : "a required package is missing";
                    break;
                case "run" when f.Length >= 6 && TryRunLine(f, out var run):
                    var variant = output.Variant(f[1]);
                    (f[2] == "trace" ? variant.Trace : variant.Repeats).Add(run);
                    break;
                case "factors" when f.Length >= 4:
                    output.Variant(f[1]).WPath = f[2];
                    output.Variant(f[1]).HPath = f[3];
                    break;
                case "failed" when f.Length >= 2:
                    output.Variant(f[1]).Failure = f.Length >= 3 ? string.Join(' ', f.Skip(2)) : "failed";
                    break;
                default:
                    if (!string.IsNullOrWhiteSpace(line)) output.Unparsed.Add(line);
                    break;
            }
        }
        return output;
    }

    private PeerVariantOutput Variant(string name)
    {
        if (!Variants.TryGetValue(name, out var v)) Variants[name] = v = new PeerVariantOutput();
        return v;
    }

    private static bool TryRunLine(string[] f, out PeerRunLine run)
    {
        run = default;
        if (!int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int iterations)) return false;
        if (!TryNumber(f[4], out double seconds) || !TryNumber(f[5], out double error)) return false;
        run = new PeerRunLine(iterations, seconds, error);
        return true;
    }

    /// <summary>Parses a number as Python or R print it, including nan/NaN/inf/-Inf.</summary>
    public static bool TryNumber(string text, out double value)
    {
        string t = text.Trim();
        switch (t.ToLowerInvariant())
        {
            case "nan" or "na":
                value = double.NaN;
                return true;
            case "inf" or "+inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
