// `nmf bench ...`: micro-benchmarks of the engine's kernels.
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class BenchCommand
{
    public static int Run(string[] args)
    {
        if (args.Length == 0) throw new UsageException("bench needs a target, e.g. 'nmf bench gemm'");
        return args[0] switch
        {
            "gemm" => BenchGemmCommand.Run(CommandLine.Parse(args.AsSpan(1).ToArray(), BenchGemmCommand.Flags)),
            "peak" => BenchPeakCommand.Run(CommandLine.Parse(args.AsSpan(1).ToArray(), BenchPeakCommand.Flags)),
            _ => throw new UsageException($"unknown bench target '{args[0]}'"),
        };
    }
}
