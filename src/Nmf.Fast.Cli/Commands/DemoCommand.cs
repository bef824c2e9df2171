// `nmf demo`: factorize the embedded 1797×64 handwritten digits and draw each component as an 8×8 picture.
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class DemoCommand
{
    public const string Help = """
        nmf demo [--rank K (10)] [fit options: --solver --loss --init --seed --max-iter --tol --threads --dtype ...] [--ascii] [--json]
          Factorizes the embedded 8×8 handwritten digits (scikit-learn's load_digits: 1797 images × 64 pixels)
          and prints shapes, iterations, errors, time and each component as an 8×8 character-cell image.
        """;

    public static int Run(string[] args)
    {
        var cl = CommandLine.Parse(args, "json", "quiet", "ascii", "debug", "help");
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        if (cl.Positional.Count != 0) throw new UsageException($"demo takes no input file (got '{cl.Positional[0]}'); use 'nmf fit' for your data");
        bool json = cl.Flag("json"), quiet = cl.Flag("quiet"), ascii = cl.Flag("ascii");
        cl.Flag("debug");
        bool f32 = FitArguments.IsFloat32(cl);
        var options = FitArguments.Parse(cl, defaultRank: 10);
        cl.EnsureAllUsed();
        return f32 ? Execute<float>(options, json, quiet, ascii) : Execute<double>(options, json, quiet, ascii);
    }

    private static int Execute<T>(NmfOptions options, bool json, bool quiet, bool ascii) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const string input = "embedded digits (scikit-learn load_digits)";
        var x = DigitsData.Load<T>();
        var result = FitCommand.FitWithCtrlC(x, options, input, quiet);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteString("input", "digits");
                FitReport.WriteFields(w, result, x.Rows, x.Cols);
            });
            return ExitCodes.Success;
        }
        FitReport.PrintSummary(Console.Out, result, input, x.Rows, x.Cols);
        Console.WriteLine();
        Console.WriteLine("Components (rows of H as 8×8 images, darker = larger; each image scaled to its own maximum):");
        Console.Write(ComponentArt.Draw(result.H, 8, 8, perLine: 5, ascii));
        return ExitCodes.Success;
    }
}
