// The SIMD tiers a GEMM micro-kernel can run on, and the one-time choice of the widest supported tier.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nmf.Fast.Linear.Kernels;

/// <summary>A micro-kernel implementation level, from a plain scalar reference up to AVX-512.</summary>
internal enum KernelTier
{
    /// <summary>Portable scalar reference (any <c>T</c>).</summary>
    Scalar = 0,

    /// <summary><c>Vector256</c> with FMA (AVX2).</summary>
    Avx2 = 1,

    /// <summary><c>Vector512</c> with FMA (AVX-512F).</summary>
    Avx512 = 2,
}

/// <summary>
/// Picks the widest tier once. The environment variable <c>NMFFAST_KERNEL=avx512|avx2|scalar</c> forces a tier
/// (a tier the CPU cannot run falls back to the widest supported one below it).
/// </summary>
internal static class KernelSelector
{
    /// <summary>The name of the environment variable that forces a tier.</summary>
    public const string EnvironmentVariable = "NMFFAST_KERNEL";

    /// <summary>The widest tier this CPU supports.</summary>
    public static KernelTier Widest { get; } = DetectWidest();

    /// <summary>The tier GEMM uses by default: <see cref="Widest"/>, or the one forced by the environment.</summary>
    public static KernelTier Default { get; } = Clamp(Parse(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? Widest);

    /// <summary>Whether this CPU can run <paramref name="tier"/>.</summary>
    public static bool IsSupported(KernelTier tier) => tier <= Widest;

    /// <summary>The tier as the lower-case name used by the environment variable and the CLI.</summary>
    public static string Name(KernelTier tier) => tier switch
    {
        KernelTier.Avx512 => "avx512",
        KernelTier.Avx2 => "avx2",
        _ => "scalar",
    };

    /// <summary>Parses a tier name; null for null, empty or unknown names.</summary>
    public static KernelTier? Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "AVX512" => KernelTier.Avx512,
        "AVX2" => KernelTier.Avx2,
        "SCALAR" => KernelTier.Scalar,
        _ => null,
    };

    /// <summary>The tier actually run for element type <typeparamref name="T"/> when <paramref name="tier"/> is asked for.</summary>
    public static KernelTier Effective<T>(KernelTier tier)
        => typeof(T) == typeof(float) || typeof(T) == typeof(double) ? Clamp(tier) : KernelTier.Scalar;

    private static KernelTier Clamp(KernelTier tier) => tier <= Widest ? tier : Widest;

    private static KernelTier DetectWidest()
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Fma.IsSupported) return KernelTier.Avx512;
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported) return KernelTier.Avx2;
        return KernelTier.Scalar;
    }
}
