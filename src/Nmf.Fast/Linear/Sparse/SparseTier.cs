// Which vector width the sparse kernels use, chosen once from the hardware (or forced by NMF_FAST_SPARSE_ISA).
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>The instruction tiers the sparse kernels implement, narrowest first.</summary>
internal enum SparseTier
{
    /// <summary>Whatever <see cref="SparseTierSelector.Default"/> picked: the default argument of the kernels.</summary>
    Auto = -1,

    /// <summary>Plain scalar loops: the reference every vector tier is tested against.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (SSE / NEON).</summary>
    Vector128 = 1,

    /// <summary>256-bit vectors (AVX2).</summary>
    Vector256 = 2,

    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512 = 3,
}

/// <summary>Picks the widest supported tier once; tests and benchmarks pass a tier explicitly.</summary>
internal static class SparseTierSelector
{
    /// <summary>The environment variable that forces a tier: <c>scalar</c>, <c>128</c>, <c>256</c> or <c>512</c>.</summary>
    public const string EnvironmentVariable = "NMF_FAST_SPARSE_ISA";

    /// <summary>The tier used when a caller does not name one: the widest supported, capped by the environment variable.</summary>
    public static SparseTier Default { get; } = Choose(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>True when this machine accelerates <paramref name="tier"/>.</summary>
    public static bool IsSupported(SparseTier tier) => tier switch
    {
        SparseTier.Vector512 => Vector512.IsHardwareAccelerated,
        SparseTier.Vector256 => Vector256.IsHardwareAccelerated,
        SparseTier.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>
    /// The tier a kernel really runs for rank <paramref name="k"/>: the requested one (<see cref="SparseTier.Auto"/>:
    /// <see cref="Default"/>), stepped down while it is
    /// unsupported or its vector is wider than a row (the product kernel overlaps its last vector, which needs
    /// k ≥ lanes).
    /// </summary>
    public static SparseTier ForRank<T>(SparseTier requested, int k)
    {
        var tier = requested == SparseTier.Auto ? Default : requested;
        while (tier != SparseTier.Scalar && (!IsSupported(tier) || k < Lanes<T>(tier))) tier--;
        return tier;
    }

    /// <summary>Elements of <typeparamref name="T"/> in one vector of <paramref name="tier"/>.</summary>
    public static int Lanes<T>(SparseTier tier) => tier switch
    {
        SparseTier.Vector512 => Vector512<byte>.Count / System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
        SparseTier.Vector256 => Vector256<byte>.Count / System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
        SparseTier.Vector128 => Vector128<byte>.Count / System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
        _ => 1,
    };

    private static SparseTier Choose(string? forced)
    {
        var cap = forced?.Trim().ToUpperInvariant() switch
        {
            "SCALAR" => SparseTier.Scalar,
            "128" => SparseTier.Vector128,
            "256" => SparseTier.Vector256,
            _ => SparseTier.Vector512,
        };
        while (cap != SparseTier.Scalar && !IsSupported(cap)) cap--;
        return cap;
    }
}
