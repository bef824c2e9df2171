// Compile-time vector counts (1–4) as types, so a kernel generic over one gets a specialised copy with its branches folded.
namespace Nmf.Fast.Linear.Sparse;

/// <summary>A compile-time integer: the JIT folds <see cref="Value"/> in each specialised copy.</summary>
internal interface IConstant
{
    static abstract int Value { get; }
}

internal readonly struct One : IConstant { public static int Value => 1; }
internal readonly struct Two : IConstant { public static int Value => 2; }
internal readonly struct Three : IConstant { public static int Value => 3; }
internal readonly struct Four : IConstant { public static int Value => 4; }
