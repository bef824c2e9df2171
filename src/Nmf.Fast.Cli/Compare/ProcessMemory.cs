// Peak resident memory (VmHWM) of the current process, for the in-process Nmf.Fast runs.
namespace Nmf.Fast.Cli.Compare;

internal static class ProcessMemory
{
    /// <summary>VmHWM of this process in bytes from /proc/self/status, or null where /proc is unavailable.</summary>
    public static long? PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return ParseKib(line["VmHWM:".Length..]) * 1024;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static long? ParseKib(string text)
    {
        var number = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(number, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long kib) ? kib : null;
    }
}
