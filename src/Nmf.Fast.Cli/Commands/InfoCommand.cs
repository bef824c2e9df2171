// `nmf --version`: version, SIMD tier actually in use, and thread count.
using System.Reflection;
using Nmf.Fast.Linear.Kernels;
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
        // The GEMM's own choice (hardware, NMFFAST_KERNEL), so JIT and AOT builds report the kernels they actually run.
        string tier = KernelSelector.Name(KernelSelector.Default);
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
