// TEMPORARY stand-in for Init/NmfInitializer.cs (branch `init`), so the solvers compile and test before it lands. DELETE on merge.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Init;

internal static class NmfInitializer
{
    public static void Initialize<T>(ReadOnlyMatrixSpan<T> x, NmfInit method, int seed, MatrixSpan<T> w, MatrixSpan<T> h, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        _ = maxDegreeOfParallelism;
        var resolved = Resolve(method, x.Rows, x.Cols, w.Cols);
        if (resolved != NmfInit.Random) throw new NotSupportedException($"init {resolved} arrives with the init branch.");
        double scale = Math.Sqrt(Solvers.DenseData.Mean(x) / w.Cols);
        var rng = new Random(seed);
        for (int i = 0; i < h.Rows; i++)
            for (int j = 0; j < h.Cols; j++) h[i, j] = T.CreateTruncating(Math.Abs(Normal(rng)) * scale);
        for (int i = 0; i < w.Rows; i++)
            for (int j = 0; j < w.Cols; j++) w[i, j] = T.CreateTruncating(Math.Abs(Normal(rng)) * scale);
    }

    public static NmfInit Resolve(NmfInit method, int rows, int cols, int rank) =>
        method == NmfInit.Auto ? (rank <= Math.Min(rows, cols) ? NmfInit.Nndsvda : NmfInit.Random) : method;

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
