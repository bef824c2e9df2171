// Bad usage or bad input: reported as one line on stderr with exit code 2.
namespace Nmf.Fast.Cli.Infrastructure;

internal sealed class UsageException(string message) : Exception(message);
