// Random CSR matrices and dense factors for the sparse-kernel tests, plus the FsCheck generator of their shapes.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

/// <summary>A test case: an m×n sparse matrix of the given density, rank k, and the seed that fills it.</summary>
public sealed record SparseCase(int Rows, int Cols, int K, double Density, int Seed)
{
    public override string ToString() => $"{Rows}×{Cols}, k={K}, density {Density}, seed {Seed}";
}

/// <summary>CSR arrays built from a seed; dense copies for the obviously-correct references.</summary>
internal sealed class RandomCsr<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Rows { get; }
    public int Cols { get; }
    public int[] RowPointers { get; }
    public int[] ColumnIndices { get; }
    public T[] Values { get; }
    public int NonZeros => RowPointers[Rows];

    public RandomCsr(int rows, int cols, double density, System.Random random)
    {
        Rows = rows;
        Cols = cols;
        RowPointers = new int[rows + 1];
        var cols1 = new List<int>();
        var vals = new List<T>();
        for (int i = 0; i < rows; i++)
        {
            bool emptyRow = random.NextDouble() < 0.15;
            for (int j = 0; j < cols && !emptyRow; j++)
            {
                if (random.NextDouble() >= density) continue;
                cols1.Add(j);
                // Poisson-like counts, sometimes an explicit zero, sometimes a fraction.
                double v = random.Next(6) switch
                {
                    0 => 0.0,
                    1 => random.NextDouble(),
                    _ => 1 + random.Next(5),
                };
                vals.Add(T.CreateTruncating(v));
            }
            RowPointers[i + 1] = cols1.Count;
        }
        ColumnIndices = cols1.ToArray();
        Values = vals.ToArray();
    }

    /// <summary>The dense matrix in double.</summary>
    public double[,] ToDense()
    {
        var d = new double[Rows, Cols];
        for (int i = 0; i < Rows; i++)
            for (int p = RowPointers[i]; p < RowPointers[i + 1]; p++)
                d[i, ColumnIndices[p]] += double.CreateTruncating(Values[p]);
        return d;
    }

    /// <summary>C = this · B through the kernel.</summary>
    public void Multiply(ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, int dop, SparseTier tier) =>
        SparseKernels.Multiply<T>(RowPointers, ColumnIndices, Values, Rows, Cols, b, c, dop, tier);
}

/// <summary>Shared generators and helpers.</summary>
internal static class RandomSparse
{
    /// <summary>Ranks just below, at and above the lane counts 2, 4, 8, 16 and twice/four times them.</summary>
    public static readonly int[] Ranks = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 20, 31, 32, 33, 63, 64, 65, 100];

    public static Arbitrary<SparseCase> Cases { get; } =
        (from rows in Gen.Choose(0, 30)
         from cols in Gen.Choose(0, 30)
         from k in Gen.Elements(Ranks)
         from density in Gen.Elements(0.0, 0.05, 0.3, 1.0)
         from seed in Gen.Choose(0, int.MaxValue)
         select new SparseCase(rows, cols, k, density, seed)).ToArbitrary();

    /// <summary>Tiers this machine can run.</summary>
    public static IEnumerable<SparseTier> Tiers() =>
        Enum.GetValues<SparseTier>().Where(t => t != SparseTier.Auto && SparseTierSelector.IsSupported(t));

    /// <summary>A rows × cols matrix of uniform [0, 1) values.</summary>
    public static Matrix<T> Dense<T>(int rows, int cols, System.Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = new Matrix<T>(rows, cols);
        var s = m.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = T.CreateTruncating(random.NextDouble());
        return m;
    }

    /// <summary>Tolerance for a sum of products of magnitude <paramref name="scale"/>: a few ulps per term.</summary>
    public static double Tolerance<T>(double scale, int terms) where T : unmanaged, IFloatingPointIeee754<T> =>
        (typeof(T) == typeof(float) ? 1e-6 : 1e-14) * (terms + 4) * Math.Max(scale, 1e-30) + 1e-300;
}
