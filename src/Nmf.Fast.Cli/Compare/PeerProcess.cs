// Starts one peer process with a controlled environment, collects its stdout lines, and enforces a time limit.
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Nmf.Fast.Cli.Compare;

/// <summary>What a peer process did: whether it started, its exit code, its stdout lines and the tail of its stderr.</summary>
internal sealed record PeerProcessResult(bool Started, string? StartError, int ExitCode, bool TimedOut, IReadOnlyList<string> Lines, string StderrTail);

internal static class PeerProcess
{
    private const int StderrTailChars = 2000;

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>. Environment entries with a null value are
    /// removed from the child's environment. A program that cannot be started (not found, not executable) gives
    /// <c>Started = false</c>, never an exception.
    /// </summary>
    public static PeerProcessResult Run(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception e)
        {
            return new PeerProcessResult(false, $"cannot start '{fileName}': {e.Message}", -1, false, [], "");
        }
        if (process is null) return new PeerProcessResult(false, $"cannot start '{fileName}'", -1, false, [], "");

        using (process)
        {
            var lines = new List<string>();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (lines) lines.Add(e.Data);
                onLine?.Invoke(e.Data);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                    if (stderr.Length > 4 * StderrTailChars) stderr.Remove(0, stderr.Length - StderrTailChars);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool timedOut = !process.WaitForExit(timeout);
            if (timedOut)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
            process.WaitForExit(); // drains the asynchronous readers
            string tail;
            lock (stderr) tail = stderr.Length > StderrTailChars ? stderr.ToString(stderr.Length - StderrTailChars, StderrTailChars) : stderr.ToString();
            List<string> copy;
            lock (lines) copy = [.. lines];
            return new PeerProcessResult(true, null, timedOut ? -1 : process.ExitCode, timedOut, copy, tail.Trim());
        }
    }
}
