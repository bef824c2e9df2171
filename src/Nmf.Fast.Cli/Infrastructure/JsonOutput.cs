// Writes the single JSON object a command prints on stdout with --json (AOT-safe, no reflection).
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nmf.Fast.Cli.Infrastructure;

internal static class JsonOutput
{
    /// <summary>Writes one JSON object to stdout, built by <paramref name="write"/>, followed by a newline.</summary>
    public static void Write(Action<Utf8JsonWriter> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        stdout.Write("\n"u8);
    }
}
