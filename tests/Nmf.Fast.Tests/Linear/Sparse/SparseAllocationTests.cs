// The sparse kernels allocate nothing on the managed heap when they run on the calling thread.
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class SparseAllocationTests
{
    [Fact]
    public void Kernels_DoNotAllocate_WhenSerial()
    {
        var random = new System.Random(4);
        var x = new RandomCsr<float>(300, 200, 0.05, random);
        var w = RandomSparse.Dense<float>(300, 20, random);
        var ht = RandomSparse.Dense<float>(200, 20, random);
        var xht = new Matrix<float>(300, 20);
        var hxt = new Matrix<float>(20, 300);
        var sampled = new float[x.NonZeros];
        var tRp = new int[201];
        var tCi = new int[x.NonZeros];
        var tV = new float[x.NonZeros];

        void RunAll()
        {
            SparseTranspose.Build<float>(x.RowPointers, x.ColumnIndices, x.Values, 300, 200, tRp, tCi, tV, default);
            SparseKernels.Multiply<float>(x.RowPointers, x.ColumnIndices, x.Values, 300, 200, ht.AsReadOnlyMatrixSpan(), xht.AsMatrixSpan(), 1);
            SparseKernels.MultiplyTransposed<float>(x.RowPointers, x.ColumnIndices, x.Values, 300, 200, ht.AsReadOnlyMatrixSpan(), hxt.AsMatrixSpan(), 1);
            FactorTranspose.Transpose(ht.AsReadOnlyMatrixSpan(), hxt.AsMatrixSpan().Slice(0, 0, 20, 200));
            SparseKernels.SampledProduct<float>(x.RowPointers, x.ColumnIndices, x.Values, 300, 200, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), sampled, 1);
            SparseKernels.MultiplyRatio<float>(x.RowPointers, x.ColumnIndices, x.Values, 300, 200, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, xht.AsMatrixSpan(), 1);
            SparseKernels.SampledInnerProduct<float>(x.RowPointers, x.ColumnIndices, x.Values, 300, 200, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1);
            SparseKernels.SampledKullbackLeibler<float>(x.RowPointers, x.ColumnIndices, x.Values, 300, 200, w.AsReadOnlyMatrixSpan(), ht.AsReadOnlyMatrixSpan(), 1e-6f, 1);
            SparseKernels.SquaredFrobeniusNorm<float>(x.Values);
        }

        RunAll(); // load types and compile first
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
