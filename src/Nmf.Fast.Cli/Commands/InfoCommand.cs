// `nmf --version`: version, SIMD tier actually in use, and thread count.
using System.Reflection;
using System.Runtime.Intrinsics;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class InfoCommand
{
    public static int Run(CommandLine cl)
    {
        bool json = cl.Flag("json");
        cl.Flag("debug");
        cl.EnsureAllUsed();
        string version = typeof(InfoCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        string tier = Vector512.IsHardwareAccelerated ? "avx512" : Vector256.IsHardwareAccelerated ? "avx2" : "scalar";
        int threads = Environment.ProcessorCount;
        if (json)
            JsonOutput.Write(w =>
            {
                w.WriteString("version", version);
                w.WriteString("kernel", tier);
                w.WriteNumber("threads", threads);
            });
        else
            Console.WriteLine($"nmf {version} (kernel {tier}, {threads} threads)");
        return ExitCodes.Success;
    }
}
