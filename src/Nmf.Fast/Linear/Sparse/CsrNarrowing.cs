// The one pass that builds PackedCsr's narrow arrays: column indices to ushort, values to byte (checked before) or double values to float (checked exact), vectorized and parallel.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// Narrows X's stored entries for <see cref="PackedCsr{T}"/>: column indices (all &lt; 65536) to <see cref="ushort"/>,
/// and values to <see cref="byte"/> (after <see cref="AllBytes{T}"/> said they all fit) or double values to
/// <see cref="float"/> while checking that each converts back to the same double. Both run in
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
    /// <param name="byteValues">Receives the values as byte (every value must pass <see cref="AllBytes{T}"/>), or null.</param>
    public static bool Run<T>(ReadOnlySpan<int> columns, ReadOnlySpan<T> values, ushort[]? narrowColumns, float[]? narrowValues, byte[]? byteValues,
        int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nnz = columns.Length;
        if (nnz == 0 || (narrowColumns is null && narrowValues is null && byteValues is null)) return true;
        if (narrowValues is not null && typeof(T) != typeof(double))
            throw new ArgumentException("Only double values narrow to float.", nameof(narrowValues));
        if (narrowValues is not null && byteValues is not null)
            throw new ArgumentException("Values narrow to byte or to float, not both.", nameof(byteValues));
        int inexact = 0;
        fixed (int* c = columns)
        fixed (T* v = values)
        fixed (ushort* nc = narrowColumns)
        fixed (float* nv = narrowValues)
        fixed (byte* bv = byteValues)
        {
            var action = new NarrowAction(c, v, typeof(T) == typeof(double), nc, nv, bv, &inexact);
            int workers = ParallelRange.WorkerCount(nnz, MinEntriesPerWorker, maxDegreeOfParallelism);
            if (workers == 1) action.Invoke(0, nnz);
            else ParallelRange.For(nnz, MinEntriesPerWorker, workers, action, chunksPerWorker: 4);
        }
        return narrowValues is null || Volatile.Read(ref inexact) == 0;
    }

    /// <summary>
    /// False to never store values as bytes (<see cref="AllBytes{T}"/> then says no): only for benchmarks comparing byte
    /// with float values in one process; nothing else sets it.
    /// </summary>
    internal static bool StoreBytes = true;

    /// <summary>
    /// True when every value is an integer in 0–255 and none is −0 (so <c>(T)(byte)v</c> is v, bit for bit): the values
    /// can be stored as bytes. One read-only pass, split over threads, that stops at the first misfit (an empty span fits).
    /// </summary>
    public static bool AllBytes<T>(ReadOnlySpan<T> values, int maxDegreeOfParallelism) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!StoreBytes) return false;
        if (values.IsEmpty) return true;
        int misfit = 0;
        fixed (T* v = values)
        {
            var action = new ByteCheckAction<T>(v, &misfit);
            int workers = ParallelRange.WorkerCount(values.Length, MinEntriesPerWorker, maxDegreeOfParallelism);
            if (workers == 1) action.Invoke(0, values.Length);
            else ParallelRange.For(values.Length, MinEntriesPerWorker, workers, action, chunksPerWorker: 4);
        }
        return Volatile.Read(ref misfit) == 0;
    }

    /// <summary>Values [start, end): sets the flag when one is not a byte (NaN, fractions, negatives and −0 all fail <c>(T)(byte)v ≡ v</c> by bits).</summary>
    private readonly struct ByteCheckAction<T>(T* values, int* misfit) : IRangeAction where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int start, int end)
        {
            if (Volatile.Read(ref *misfit) != 0) return;
            T largest = T.CreateTruncating(255);
            int p = start;
            if (Vector256.IsHardwareAccelerated)
            {
                // Lanes pass when 0 ≤ v ≤ 255, v is integral and its sign bit is clear (NaN fails the comparisons).
                var top = Vector256.Create(largest);
                var ok = Vector256<T>.AllBitsSet;
                for (; p + Vector256<T>.Count <= end; p += Vector256<T>.Count)
                {
                    var v = Vector256.Load(values + p);
                    ok &= Vector256.GreaterThanOrEqual(v, Vector256<T>.Zero) & Vector256.LessThanOrEqual(v, top)
                        & Vector256.Equals(Floor(v), v) & ~Vector256.IsNegative(v);
                }
                if (ok.AsUInt32() != Vector256<uint>.AllBitsSet)
                {
                    Volatile.Write(ref *misfit, 1);
                    return;
                }
            }
            for (; p < end; p++)
            {
                T v = values[p];
                // In range and integral; −0 passes both tests, so its sign is checked too.
                if (!(v >= T.Zero && v <= largest) || T.Round(v) != v || T.IsNegative(v))
                {
                    Volatile.Write(ref *misfit, 1);
                    return;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Floor<T>(Vector256<T> v) where T : unmanaged =>
        typeof(T) == typeof(double) ? Vector256.Floor(v.AsDouble()).As<double, T>() : Vector256.Floor(v.AsSingle()).As<float, T>();

    /// <summary>Entries [start, end): indices narrowed when <c>narrowColumns</c> is set; values to bytes when <c>byteValues</c> is set, or to floats when <c>narrowValues</c> is set and none was inexact so far.</summary>
    private readonly struct NarrowAction(int* columns, void* values, bool doubles, ushort* narrowColumns, float* narrowValues, byte* byteValues, int* inexact) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            if (narrowColumns is not null) NarrowColumns(start, end);
            if (byteValues is not null)
            {
                if (doubles)
                    for (int p = start; p < end; p++) byteValues[p] = (byte)((double*)values)[p];
                else
                    for (int p = start; p < end; p++) byteValues[p] = (byte)((float*)values)[p];
            }
            if (narrowValues is not null && Volatile.Read(ref *inexact) == 0 && !NarrowValues((double*)values, start, end))
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
        private bool NarrowValues(double* values, int start, int end)
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
