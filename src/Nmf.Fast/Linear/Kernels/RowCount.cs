// Compile-time row counts and switches: generic struct arguments that let the JIT specialise a micro-kernel per tile height.
namespace Nmf.Fast.Linear.Kernels;

/// <summary>A constant integer carried by a struct type, folded away by the JIT in each generic instantiation.</summary>
internal interface IRowCount
{
    /// <summary>The constant.</summary>
    static abstract int Value { get; }
}

#pragma warning disable CA1815 // value-less marker structs: equality is meaningless
internal readonly struct R1 : IRowCount { public static int Value => 1; }
internal readonly struct R2 : IRowCount { public static int Value => 2; }
internal readonly struct R3 : IRowCount { public static int Value => 3; }
internal readonly struct R4 : IRowCount { public static int Value => 4; }
internal readonly struct R5 : IRowCount { public static int Value => 5; }
internal readonly struct R6 : IRowCount { public static int Value => 6; }
internal readonly struct R7 : IRowCount { public static int Value => 7; }
internal readonly struct R8 : IRowCount { public static int Value => 8; }
internal readonly struct R9 : IRowCount { public static int Value => 9; }
internal readonly struct R10 : IRowCount { public static int Value => 10; }
internal readonly struct R11 : IRowCount { public static int Value => 11; }
internal readonly struct R12 : IRowCount { public static int Value => 12; }
#pragma warning restore CA1815

/// <summary>Whether a kernel instantiation issues prefetches; folded away by the JIT like a row count.</summary>
internal interface IPrefetchMode
{
    /// <summary>True to prefetch.</summary>
    static abstract bool Enabled { get; }
}

#pragma warning disable CA1815 // value-less marker structs: equality is meaningless
internal readonly struct WithPrefetch : IPrefetchMode { public static bool Enabled => true; }
internal readonly struct NoPrefetch : IPrefetchMode { public static bool Enabled => false; }
#pragma warning restore CA1815
