// `nmf bench ...`: micro-benchmarks of the engine's kernels.
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class BenchCommand
{
    public static int Run(string[] args)
    {
        if (args.Length == 0) throw new UsageException("bench needs a target, e.g. 'nmf bench gemm'");
        throw new UsageException($"unknown bench target '{args[0]}'");
    }
}
