// Deterministic synthetic data for the sparse benchmarks: a CSR count matrix with a fixed number of entries per row.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Benchmarks;

internal static class SparseBenchmarkData
{
    /// <summary>
    /// rows × cols CSR with exactly <paramref name="perRow"/> distinct, sorted columns per row and counts
    /// 1 + Poisson(0.5)-like values (1 most often, sometimes 2–4), like a bag-of-words matrix.
    /// </summary>
    public static (int[] RowPointers, int[] ColumnIndices, T[] Values) Poisson<T>(int rows, int cols, int perRow, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        var rp = new int[rows + 1];
        var ci = new int[rows * perRow];
        var v = new T[rows * perRow];
        var picked = new HashSet<int>();
        var row = new int[perRow];
        for (int i = 0; i < rows; i++)
        {
            picked.Clear();
            while (picked.Count < perRow) picked.Add(random.Next(cols));
            picked.CopyTo(row);
            Array.Sort(row);
            for (int t = 0; t < perRow; t++)
            {
                int p = i * perRow + t;
                ci[p] = row[t];
                int count = 1;
                while (random.NextDouble() < 0.33 && count < 4) count++;
                v[p] = T.CreateTruncating(count);
            }
            rp[i + 1] = (i + 1) * perRow;
        }
        return (rp, ci, v);
    }

    /// <summary>A rows × cols matrix of uniform [0, 1) values.</summary>
    public static Matrix<T> Uniform<T>(int rows, int cols, System.Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = new Matrix<T>(rows, cols);
        var s = m.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = T.CreateTruncating(random.NextDouble());
        return m;
    }
}
