// Prototype (timing): sparse HALS with each thread reading back only the W rows it wrote; docs/sparse.md, "What the loaded minutes are".
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Hals;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- sparse-own ROUNDS</c>, two threads: the fused loop as
/// HalsSolver runs it, against a loop in which the W step gives each thread a fixed half of W's rows and the H step
/// computes Xᵀ·W as two partial products, thread p over the X rows (W rows) it swept, each into its own n×k buffer, then
/// adds them and sweeps. No thread gathers W rows the other wrote. Prints both iterations' medians per round; classify
/// the rounds by a core-to-core ping-pong (<c>bench/sparse_kernel_lab -- pingpong</c>) run just before.
/// </summary>
internal static unsafe class SparseOwnershipProbe
{
    public static void Run(string[] args)
    {
        int rounds = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        const int dop = 2;
        var loop = new SparseHalsLoop(dop);
        var x = loop.Data.Matrix;
        int m = x.Rows, n = x.Cols, k = SparseHalsLoop.K;
        var ws = loop.Workspace;
        var xPacked = loop.Data.PackedRows(dop);
        var xt = loop.Data.PackedColumns(dop);
        // The static split of the W step: part 0 takes the first half of the Gram blocks (256 rows each).
        int tiles = HalsSweep.TileCount<double>(m), blocks = TileGram<double>.Blocks(tiles);
        int split = Math.Min(m, blocks / 2 * TileGram<double>.TilesPerBlock * HalsSweep.RowsPerTile<double>());
        var pieces = new[] { Piece(x, 0, split), Piece(x, split, m) };
        var partials = new[] { new Matrix<double>(n, k), new Matrix<double>(n, k) };
        var product = new Matrix<double>(n, k);
        SparseHalsStep.Run(xPacked, loop.HtPanel, ws.Wt, ws.Hessian, 0.0, ws.TileViolation, dop, loop.Panel, cross: null);

        void Base()
        {
            HalsSolver.AddToDiagonal(ws.GramH, 0, ws.Hessian);
            SparseHalsStep.Run(xPacked, loop.HtPanel, null, ws.Hessian, 0.0, ws.TileViolation, dop, loop.Panel, cross: null, gram: ws.GramW, gramPartials: loop.GramPartials);
            HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
            SparseHalsStep.Run(xt, loop.Panel, null, ws.Hessian, 0.0, ws.TileViolation, dop, loop.HtPanel, cross: null, loop.TileInner, innerAfterSweep: true, gram: ws.GramH, gramPartials: loop.GramPartials);
        }

        void Owned()
        {
            HalsSolver.AddToDiagonal(ws.GramH, 0, ws.Hessian);
            SparseHalsStep.ChunksPerWorker = 1;
            SparseHalsStep.Run(xPacked, loop.HtPanel, null, ws.Hessian, 0.0, ws.TileViolation, dop, loop.Panel, cross: null, gram: ws.GramW, gramPartials: loop.GramPartials);
            SparseHalsStep.ChunksPerWorker = SparseKernels.ChunksPerWorker;
            HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
            fixed (double* w = loop.Panel.AsSpan())
            fixed (double* c0 = partials[0].AsSpan())
            fixed (double* c1 = partials[1].AsSpan())
            {
                // Part p (thread p, the W step's owner of rows [lo, hi)) computes its partial over all n rows.
                ParallelRange.For(2, 1, dop, new PartialAction(pieces[0], pieces[1], w, c0, c1, split, k), chunksPerWorker: 1);
            }
            System.Numerics.Tensors.TensorPrimitives.Add(partials[0].AsSpan(), partials[1].AsSpan(), product.AsSpan());
            SparseHalsStep.RunOnProduct(product, null, ws.Hessian, 0.0, ws.TileViolation, dop, loop.HtPanel, cross: null, loop.TileInner, innerAfterSweep: true, gram: ws.GramH, gramPartials: loop.GramPartials);
        }

        for (int r = 0; r < rounds; r++)
        {
            double a = SparseHalsLoop.MedianLap(Base), b = SparseHalsLoop.MedianLap(Owned);
            Console.WriteLine($"round {r}: fused (dynamic) {a:F3} ms, owned rows + partials {b:F3} ms, ratio {b / a:F3}");
        }
    }

    /// <summary>Xᵀ's rows restricted to X's rows [lo, hi): the transpose of that row block (column indices from lo).</summary>
    private static PackedCsr<double> Piece(CsrMatrix<double> x, int lo, int hi)
    {
        int first = x.RowPointers[lo], last = x.RowPointers[hi];
        var rp = new int[hi - lo + 1];
        for (int i = lo; i <= hi; i++) rp[i - lo] = x.RowPointers[i] - first;
        var block = CsrMatrix<double>.TakeOwnership(hi - lo, x.Cols, rp, x.ColumnIndices[first..last].ToArray(), x.Values[first..last].ToArray());
        return PackedCsr<double>.PackTransposed(block, null, 2);
    }

    private readonly struct PartialAction(PackedCsr<double> p0, PackedCsr<double> p1, double* w, double* c0, double* c1, int split, int k) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            for (int part = start; part < end; part++)
            {
                var run = new RowsRun(part == 0 ? w : w + (nint)split * k, part == 0 ? c0 : c1, k, (part == 0 ? p0 : p1).Rows);
                (part == 0 ? p0 : p1).Run(ref run);
            }
        }
    }

    private readonly struct RowsRun(double* b, double* c, int k, int rows) : IPackedRowsAction
    {
        public void Run<TIndex, TValue>(int* rowPointers, void* columns, void* values) where TIndex : unmanaged where TValue : unmanaged
        {
            var args = new CsrProductArgs<double>(rowPointers, columns, values, b, k, c, k, k);
            SparseKernels.ProductRows<double, TIndex, TValue>(SparseTierSelector.ForRank<double>(SparseTier.Auto, k), args, 0, rows);
        }
    }
}
