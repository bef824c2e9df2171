// How the kernels read a PackedCsr's entries: the interface its Run dispatches through, and the typed reads of one entry.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>Work on a <see cref="PackedCsr{T}"/>'s pinned arrays, instantiated for the storage it has (see <see cref="PackedCsr{T}.Run"/>).</summary>
internal unsafe interface IPackedRowsAction
{
    /// <summary>Runs with row pointers, column indices stored as <typeparamref name="TIndex"/> and values stored as <typeparamref name="TValue"/>.</summary>
    void Run<TIndex, TValue>(int* rowPointers, void* columns, void* values) where TIndex : unmanaged where TValue : unmanaged;
}

/// <summary>Work on two <see cref="PackedCsr{T}"/>s of one storage at once (see <see cref="PackedCsr{T}.RunWith"/>).</summary>
internal unsafe interface IPackedPairAction
{
    /// <summary>Runs with both matrices' row pointers, column indices (as <typeparamref name="TIndex"/>) and values (as <typeparamref name="TValue"/>).</summary>
    void Run<TIndex, TValue>(int* firstRowPointers, void* firstColumns, void* firstValues, int* secondRowPointers, void* secondColumns, void* secondValues)
        where TIndex : unmanaged where TValue : unmanaged;
}

/// <summary>One entry's column index and value from packed storage; the type tests are decided when the caller is compiled.</summary>
internal static unsafe class PackedEntries
{
    /// <summary>Column index p, stored as int or ushort.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Column<TIndex>(void* columns, nint p) where TIndex : unmanaged =>
        typeof(TIndex) == typeof(ushort) ? ((ushort*)columns)[p] : ((int*)columns)[p];

    /// <summary>Value p as T, stored as T, as float (T double; widened exactly) or as byte (converted exactly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value<T, TValue>(void* values, nint p) where T : unmanaged, INumberBase<T> where TValue : unmanaged
    {
        if (typeof(TValue) == typeof(byte))
        {
            if (typeof(T) == typeof(double)) return (T)(object)(double)((byte*)values)[p];
            if (typeof(T) == typeof(float)) return (T)(object)(float)((byte*)values)[p];
            return T.CreateTruncating(((byte*)values)[p]);
        }
        if (typeof(TValue) == typeof(float) && typeof(T) == typeof(double)) return (T)(object)(double)((float*)values)[p];
        return ((T*)values)[p];
    }
}
