// The machine and runtime a comparison ran on, for the report header.
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Cli.Compare;

/// <summary>CPU, cores, OS, .NET runtime, Nmf.Fast version and the SIMD tier in use.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCores, string OperatingSystem, string Runtime, string NmfFastVersion, string Simd, string LoadAverage)
{
    /// <summary>Describes the current machine.</summary>
    public static MachineInfo Current()
    {
        string version = typeof(MachineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        string simd = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "scalar";
        string runtime = RuntimeInformation.FrameworkDescription + (RuntimeFeature.IsDynamicCodeSupported ? " (JIT)" : " (native AOT)");
        return new MachineInfo(CpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription, runtime, version, simd, LoadAverageNow());
    }

    /// <summary>The 1/5/15-minute load averages from /proc/loadavg: a busy machine makes timings noisy.</summary>
    private static string LoadAverageNow()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts.Length >= 3 ? $"{parts[0]} {parts[1]} {parts[2]}" : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
