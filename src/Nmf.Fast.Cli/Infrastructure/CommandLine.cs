// A small parser for `--name value`, `--flag` and positional arguments.
using System.Globalization;

namespace Nmf.Fast.Cli.Infrastructure;

/// <summary>Parsed arguments: options consumed by name; leftovers are reported by <see cref="EnsureAllUsed"/>.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    /// <summary>Parses <paramref name="args"/>. An option followed by a value that does not start with
    /// "--" takes it, unless the option is a known flag.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, params string[] flags)
    {
        var cl = new CommandLine();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name = a[2..];
                string? value = null;
                int eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }
                else if (!flags.Contains(name) && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                if (!cl._options.TryAdd(name, value)) throw new UsageException($"option --{name} given twice");
            }
            else
            {
                cl.Positional.Add(a);
            }
        }
        return cl;
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return false;
        if (v is not null) throw new UsageException($"option --{name} takes no value (got '{v}')");
        return true;
    }

    public string? String(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return null;
        return v ?? throw new UsageException($"option --{name} needs a value");
    }

    public string RequiredString(string name) => String(name) ?? throw new UsageException($"option --{name} is required");

    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        string? s = String(name);
        if (s is null) return defaultValue;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new UsageException($"option --{name} needs an integer, got '{s}'");
        if (v < min || v > max) throw new UsageException($"option --{name} must be between {min} and {max}, got {v}");
        return v;
    }

    public double Double(string name, double defaultValue, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        string? s = String(name);
        if (s is null) return defaultValue;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new UsageException($"option --{name} needs a finite number, got '{s}'");
        if (v < min || v > max) throw new UsageException($"option --{name} must be between {min} and {max}, got {v}");
        return v;
    }

    /// <summary>Rejects options that no command asked for (catches typos such as --rnak).</summary>
    public void EnsureAllUsed()
    {
        foreach (var name in _options.Keys)
            if (!_used.Contains(name)) throw new UsageException($"unknown option --{name}");
    }
}
