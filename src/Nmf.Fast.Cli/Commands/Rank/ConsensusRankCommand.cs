// `nmf rank --method consensus`: rank survey by consensus clustering (issue 9; placeholder until it lands).
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands.Rank;

internal static class ConsensusRankCommand
{
    public static int Run(string[] args) => throw new UsageException("rank --method consensus is not available in this build");
}
