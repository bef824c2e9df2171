// The fixed tile shape in which WH is formed, one tile at a time, by the β-divergence and the MU updates.
namespace Nmf.Fast.Losses;

/// <summary>
/// WH (m×n) is never stored: it is formed tile by tile, RowPanel × ColumnBlock, each tile fused with the
/// element-wise work and the product that consumes it. The tile shape is a constant — never derived from
/// the thread count — so every sum runs in the same order whatever the parallelism.
/// </summary>
/// <remarks>
/// 128 × 128 elements are 64 KiB (float) or 128 KiB (double); a worker holds two such tiles, which stay in
/// its 2 MiB L2 together with the k-wide slices of W and H, while each tile product still has 128 rows and
/// columns for the GEMM kernel to fill its register tiles.
/// </remarks>
internal static class PanelTiling
{
    public const int RowPanel = 128;
    public const int ColumnBlock = 128;

    public static int Count(int length, int block) => (length + block - 1) / block;
}
