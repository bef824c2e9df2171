// The one pass that builds PackedCsr's narrow arrays: column indices to ushort and double values to float, checked exact, vectorized and parallel.
using System.Numerics;
using System.Runtime.Intrinsics;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// Narrows X's stored entries for <see cref="PackedCsr{T}"/>: column indices (all &lt; 65536) to <see cref="ushort"/>,
/// and double values to <see cref="float"/> while checking that each converts back to the same double. Both run in
/// the same pass over disjoint ranges of entries on up to maxDegreeOfParallelism threads, so the fresh arrays are first
/// touched by the threads that fill them; once one value is found inexact the others stop converting values.
/// </summary>
internal static unsafe class CsrNarrowing
{
    /// <summary>Entries per thread below which the pass stays on one thread (≈ 0.1 ms of work: the hand-off would cost more).</summary>
    private const int MinEntriesPerWorker = 1 << 16;

    /// <summary>
    /// Fills <paramref name="narrowColumns"/> (when not null) from <paramref name="columns"/> and <paramref name="narrowValues"/>
    /// (when not null; T must be double) from <paramref name="values"/>; returns false when some value is not exact in
    /// float (the float array then holds garbage and must be dropped), true otherwise.
    /// </summary>
    /// <param name="columns">X's column indices (nnz), each &lt; 65536 when <paramref name="narrowColumns"/> is given.</param>
    /// <param name="values">X's values (nnz).</param>
    /// <param name="narrowColumns">Receives the indices as ushort, or null.</param>
    /// <param name="narrowValues">Receives the values as float, or null.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use (−1 for all cores).</param>
    public static bool Run<T>(ReadOnlySpan<int> columns, ReadOnlySpan<T> values, ushort[]? narrowColumns, float[]? narrowValues, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nnz = columns.Length;
        if (nnz == 0) return true;
        if (narrowValues is not null && typeof(T) != typeof(double))
            throw new ArgumentException("Only double values narrow to float.", nameof(narrowValues));
        int inexact = 0;
        fixed (int* c = columns)
        fixed (T* v = values)
        fixed (ushort* nc = narrowColumns)
        fixed (float* nv = narrowValues)
        {
            var action = new NarrowAction(c, (double*)v, nc, nv, &inexact);
            int workers = ParallelRange.WorkerCount(nnz, MinEntriesPerWorker, maxDegreeOfParallelism);
            if (workers == 1) action.Invoke(0, nnz);
            else ParallelRange.For(nnz, MinEntriesPerWorker, workers, action, chunksPerWorker: 4);
        }
        return narrowValues is null || Volatile.Read(ref inexact) == 0;
    }

    /// <summary>Entries [start, end): indices narrowed when <c>narrowColumns</c> is set, values when <c>narrowValues</c> is set and none was inexact so far.</summary>
    private readonly struct NarrowAction(int* columns, double* values, ushort* narrowColumns, float* narrowValues, int* inexact) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            if (narrowColumns is not null) NarrowColumns(start, end);
            if (narrowValues is not null && Volatile.Read(ref *inexact) == 0 && !NarrowValues(start, end))
                Volatile.Write(ref *inexact, 1);
        }

        private void NarrowColumns(int start, int end)
        {
            int p = start;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; p + 16 <= end; p += 16)
                {
                    var low = Vector256.Load((uint*)columns + p);
                    var high = Vector256.Load((uint*)columns + p + 8);
                    Vector256.Narrow(low, high).Store(narrowColumns + p);
                }
            }
            for (; p < end; p++) narrowColumns[p] = (ushort)columns[p];
        }

        /// <summary>Converts [start, end) to float; true when every value came back unchanged (x == (double)(float)x).</summary>
        private bool NarrowValues(int start, int end)
        {
            int p = start;
            if (Vector256.IsHardwareAccelerated)
            {
                var same = Vector256<double>.AllBitsSet;
                for (; p + 8 <= end; p += 8)
                {
                    var low = Vector256.Load(values + p);
                    var high = Vector256.Load(values + p + 4);
                    var narrowed = Vector256.Narrow(low, high);
                    narrowed.Store(narrowValues + p);
                    same &= Vector256.Equals(Vector256.WidenLower(narrowed), low) & Vector256.Equals(Vector256.WidenUpper(narrowed), high);
                }
                if (same.AsUInt64() != Vector256<ulong>.AllBitsSet) return false; // (as bits: AllBitsSet as double is a NaN)
            }
            bool exact = true;
            for (; p < end; p++)
            {
                float f = (float)values[p];
                narrowValues[p] = f;
                exact &= f == values[p];
            }
            return exact;
        }
    }
}
