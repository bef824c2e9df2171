// `--vocab FILE` for nmf fit: reads one term per column and prints (or writes as JSON) each component's highest-weighted terms.
using System.Numerics;
using System.Text.Json;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Commands;

internal static class TopTerms
{
    /// <summary>Terms listed per component.</summary>
    public const int Count = 10;

    /// <summary>The vocabulary file's lines (one term per line, trailing empty line ignored).</summary>
    public static string[] ReadVocabulary(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--vocab {path}: file not found");
        var lines = File.ReadAllLines(path);
        int n = lines.Length;
        while (n > 0 && lines[n - 1].Length == 0) n--;
        return lines[..n];
    }

    /// <summary>Rejects a vocabulary whose length differs from X's column count.</summary>
    public static void RequireMatchingColumns(string[]? terms, string? path, int cols)
    {
        if (terms is not null && terms.Length != cols)
            throw new UsageException($"--vocab {path}: has {terms.Length} terms but the matrix has {cols} columns (one term per column needed)");
    }

    /// <summary>Column indices of row <paramref name="component"/> of H, largest weight first (ties by index), at most <see cref="Count"/>.</summary>
    public static int[] Top<T>(Matrix<T> h, int component) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = h.Row(component);
        var order = Enumerable.Range(0, row.Length).ToArray();
        var weights = row.ToArray();
        Array.Sort(order, (a, b) => weights[b].CompareTo(weights[a]) is var c && c != 0 ? c : a.CompareTo(b));
        return order[..Math.Min(Count, order.Length)];
    }

    public static void Print<T>(TextWriter o, Matrix<T> h, string[] terms) where T : unmanaged, IFloatingPointIeee754<T>
    {
        o.WriteLine("  top terms:");
        for (int t = 0; t < h.Rows; t++)
            o.WriteLine($"    {t,3}: {string.Join(' ', Top(h, t).Select(j => terms[j]))}");
    }

    public static void WriteJson<T>(Utf8JsonWriter w, Matrix<T> h, string[] terms) where T : unmanaged, IFloatingPointIeee754<T>
    {
        w.WriteStartArray("top_terms");
        for (int t = 0; t < h.Rows; t++)
        {
            w.WriteStartArray();
            foreach (int j in Top(h, t)) w.WriteStringValue(terms[j]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
