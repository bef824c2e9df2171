// `nmf rank INPUT --ranks A..B --method cv|consensus`: chooses the factorization rank; each method lives in Commands/Rank/.
using Nmf.Fast.Cli.Commands.Rank;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class RankCommand
{
    public static int Run(string[] args)
    {
        string method = MethodOf(args);
        return method switch
        {
            "cv" => CrossValidatedRankCommand.Run(args),
            "consensus" => ConsensusRankCommand.Run(args),
            _ => throw new UsageException($"unknown rank method '{method}' (expected cv or consensus)"),
        };
    }

    /// <summary>The value of --method (default cv), found without consuming the other options.</summary>
    private static string MethodOf(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--method=", StringComparison.Ordinal)) return args[i]["--method=".Length..];
            if (args[i] == "--method")
                return i + 1 < args.Length ? args[i + 1] : throw new UsageException("option --method needs a value");
        }
        return "cv";
    }
}
