// For one side of a weighted fit (the rows of X, or its columns): the entries each row's own Gram is built from, and how.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Missing;

/// <summary>
/// Row i of this side (a row of X for the W step, a column of X for the H step) needs the Gram
/// Gᵢ = Σⱼ ωᵢⱼ·oⱼ·oⱼᵀ of the other factor's rows oⱼ. Each row stores the cheaper of two lists:
/// <code>
///   Direct:     Gᵢ = Σ_{j: ωᵢⱼ &gt; 0} ωᵢⱼ·oⱼoⱼᵀ                 (few observed: |list| = observed count)
///   Correction: Gᵢ = s·G − Σ_{j: ωᵢⱼ ≠ s} (s − ωᵢⱼ)·oⱼoⱼᵀ     (few missing: G = OᵀO once per step, s = the base weight)
/// </code>
/// For a pure mask (s = 1) the coefficients are implicit (+1 direct, −1 correction) and <see cref="Coefficients"/> is null.
/// The lists are fixed for the whole fit (they depend only on the weights), built in O(entries) once.
/// </summary>
internal sealed class ObservationLists<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private ObservationLists(int count, int others, T baseWeight, int[] start, int[] index, T[]? coefficients, bool[] direct, int[] observed, T[]? values = null)
    {
        Values = values;
        Count = count;
        Others = others;
        BaseWeight = baseWeight;
        Start = start;
        Index = index;
        Coefficients = coefficients;
        Direct = direct;
        Observed = observed;
    }

    /// <summary>Rows on this side.</summary>
    public int Count { get; }

    /// <summary>Rows of the other factor (the length of a full row of weights).</summary>
    public int Others { get; }

    /// <summary>s: the weight the correction lists are relative to (1 for a mask).</summary>
    public T BaseWeight { get; }

    /// <summary>Row i's entries are Index[Start[i] .. Start[i + 1]).</summary>
    public int[] Start { get; }

    /// <summary>Indices into the other factor.</summary>
    public int[] Index { get; }

    /// <summary>ωᵢⱼ (direct) or ωᵢⱼ − s (correction) per entry; null for a mask.</summary>
    public T[]? Coefficients { get; }

    /// <summary>
    /// When every list is direct and the data is known here (a sparse X whose stored entries are the observed ones): ωᵢⱼxᵢⱼ
    /// per entry, so a sweep forms its row of the cross product Σⱼ ωᵢⱼxᵢⱼ·oⱼ from the same listed rows it builds Gᵢ from,
    /// and the solver skips the separate sparse product; null otherwise.
    /// </summary>
    public T[]? Values { get; }

    /// <summary>Per row: true for a direct list, false for a correction list.</summary>
    public bool[] Direct { get; }

    /// <summary>Per row: how many entries are observed (0 = the factor row is set to zero).</summary>
    public int[] Observed { get; }

    /// <summary>Entries held in all lists (the Gram work per step is about this × k²/2).</summary>
    public long Entries => Start[Count];

    /// <summary>Lists for the rows of <paramref name="weights"/> (pass Wᵀ-side weights transposed for the columns).</summary>
    public static ObservationLists<T> FromDense(ReadOnlyMatrixSpan<T> weights, bool isMask, T baseWeight)
    {
        int count = weights.Rows, others = weights.Cols;
        var start = new int[count + 1];
        var direct = new bool[count];
        var observed = new int[count];
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            var row = weights.Row(i);
            int obs = 0, differ = 0;
            for (int j = 0; j < row.Length; j++)
            {
                if (row[j] > T.Zero) obs++;
                if (row[j] != baseWeight) differ++;
            }
            observed[i] = obs;
            direct[i] = obs <= differ;
            total += obs == 0 ? 0 : direct[i] ? obs : differ;
            if (total > Array.MaxLength) throw new ArgumentException("Too many weighted entries for the observation lists.", nameof(weights));
            start[i + 1] = (int)total;
        }

        var index = new int[total];
        var coefficients = isMask ? null : new T[total];
        for (int i = 0; i < count; i++)
        {
            if (observed[i] == 0) continue;
            var row = weights.Row(i);
            int p = start[i];
            for (int j = 0; j < row.Length; j++)
            {
                T v = row[j];
                bool take = direct[i] ? v > T.Zero : v != baseWeight;
                if (!take) continue;
                index[p] = j;
                if (coefficients is not null) coefficients[p] = direct[i] ? v : v - baseWeight;
                p++;
            }
        }
        return new ObservationLists<T>(count, others, baseWeight, start, index, coefficients, direct, observed);
    }

    /// <summary>Lists for the rows of a CSR pattern where exactly the stored entries are observed (weight 1).</summary>
    public static ObservationLists<T> FromStoredEntries(CsrMatrix<T> x)
    {
        int count = x.Rows, others = x.Cols;
        var start = new int[count + 1];
        var direct = new bool[count];
        var observed = new int[count];
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            int stored = x.RowColumnIndices(i).Length;
            observed[i] = stored;
            direct[i] = stored <= others - stored;
            total += stored == 0 ? 0 : direct[i] ? stored : others - stored;
            start[i + 1] = (int)total;
        }
        var index = new int[total];
        bool allDirect = Array.TrueForAll(direct, d => d);
        var values = allDirect ? new T[total] : null;
        for (int i = 0; i < count; i++)
        {
            if (observed[i] == 0) continue;
            var columns = x.RowColumnIndices(i);
            int p = start[i];
            if (direct[i])
            {
                columns.CopyTo(index.AsSpan(p));
                if (values is not null) x.RowValues(i).CopyTo(values.AsSpan(p));
                continue;
            }
            int next = 0;
            for (int j = 0; j < others; j++)
            {
                if (next < columns.Length && columns[next] == j) next++;
                else index[p++] = j;
            }
        }
        return new ObservationLists<T>(count, others, T.One, start, index, null, direct, observed, values);
    }
}
