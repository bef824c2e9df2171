// `nmf rank --method cv`: rank selection by held-out entries (issue 8; placeholder until it lands).
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands.Rank;

internal static class CrossValidatedRankCommand
{
    public static int Run(string[] args) => throw new UsageException("rank --method cv is not available in this build");
}
