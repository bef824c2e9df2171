// Per-thread, 64-byte-aligned pack buffers that grow once and are reused by every later GEMM call.
namespace Nmf.Fast.Linear;

/// <summary>
/// One pinned byte buffer per thread (the caller's and each pool worker's), grown to the largest request seen
/// and then reused, so GEMM does not allocate in steady state and concurrent callers never share a buffer.
/// </summary>
internal static unsafe class GemmPackBuffers
{
    private const int Alignment = 64;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>A 64-byte-aligned scratch area of at least <paramref name="elements"/> values of <typeparamref name="T"/>.</summary>
    public static T* Get<T>(long elements) where T : unmanaged
    {
        long bytes = elements * sizeof(T) + Alignment;
        var buffer = t_buffer;
        if (buffer is null || buffer.LongLength < bytes)
        {
            buffer = GC.AllocateUninitializedArray<byte>((int)Math.Max(bytes, 1 << 16), pinned: true);
            t_buffer = buffer;
        }
        fixed (byte* p = buffer)
        {
            // The array is pinned for its lifetime, so the address stays valid after the fixed block.
            nint address = ((nint)p + Alignment - 1) & ~(nint)(Alignment - 1);
            return (T*)address;
        }
    }
}
