// Entry point of the `nmf` command: dispatches to one command and maps failures to exit codes.
using Nmf.Fast.Cli.Commands;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli;

internal static class Program
{
    /// <summary>Exit codes: 0 success, 2 bad usage or bad input, 1 internal error.</summary>
    public static int Main(string[] args)
    {
        bool debug = args.Contains("--debug");
        try
        {
            return Dispatch(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"nmf: {OneLine(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"nmf: {OneLine(e.Message)}");
            if (debug) Console.Error.WriteLine(e);
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"nmf: internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            if (debug) Console.Error.WriteLine(e);
            return ExitCodes.InternalError;
        }
    }

    private static int Dispatch(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Error.WriteLine(Usage.Text);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }
        var rest = args.AsSpan(1).ToArray();
        return args[0] switch
        {
            "--version" or "version" or "info" => InfoCommand.Run(CommandLine.Parse(rest)),
            "bench" => BenchCommand.Run(rest),
            "fit" => FitCommand.Run(rest),
            "transform" => TransformCommand.Run(rest),
            "demo" => DemoCommand.Run(rest),
            "compare" => CompareCommand.Run(rest),
            "rank" => RankCommand.Run(rest),
            "pca" => Gallery.PcaCommand.Run(rest),
            "impute" => ImputeCommand.Run(rest),
            _ => throw new UsageException($"unknown command '{args[0]}'. Run 'nmf --help' for the list of commands."),
        };
    }

    /// <summary>
    /// The message as one line: a message can quote bytes of a corrupted input (e.g. a format name holding a newline),
    /// and the error contract is one line on stderr, so line breaks are shown escaped.
    /// </summary>
    private static string OneLine(string message) =>
        message.Replace("\r\n", "\\r\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
