// Placeholder for the .npy reader and writer.
namespace Nmf.Fast.IO;

internal static class NpyFormat
{
    public const string Magic = "\x93NUMPY";
}
