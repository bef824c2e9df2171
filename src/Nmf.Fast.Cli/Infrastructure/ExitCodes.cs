// The process exit codes every command uses.
namespace Nmf.Fast.Cli.Infrastructure;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}
