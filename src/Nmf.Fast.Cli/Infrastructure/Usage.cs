// The help text of the `nmf` command.
namespace Nmf.Fast.Cli.Infrastructure;

internal static class Usage
{
    public const string Text = """
        nmf — fast non-negative matrix factorization

        Commands:
          nmf --version [--json]          version, SIMD tier in use, threads
          nmf bench gemm [options]        time the GEMM kernel (see 'nmf bench gemm --help')
          nmf fit INPUT --rank K [...]    factorize X ≈ W·H; --out DIR writes W.npy, H.npy, model.json ('nmf fit --help')
          nmf transform --model DIR INPUT --out W.npy   W for new rows with the fitted H ('nmf transform --help')
          nmf demo [--rank K]             factorize the embedded 8×8 digits and draw the components
          nmf compare X --rank K --out D  time Nmf.Fast against scikit-learn and RcppML (see 'nmf compare --help')
          nmf rank INPUT --ranks 2..20 --method cv|consensus   choose the rank ('nmf rank --help')
          nmf pca INPUT --rank K [--out DIR --image-shape HxW]   PCA baseline: explained variance, sparseness, PNGs ('nmf pca --help')
          nmf impute INPUT --rank K --missing nan --out DIR   fill missing entries with W·H ('nmf impute --help')

        Every command takes --json (one JSON object on stdout). Exit codes: 0 ok, 2 bad input, 1 internal error.
        """;
}
