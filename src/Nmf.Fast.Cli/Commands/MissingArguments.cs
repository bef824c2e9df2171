// The --missing and --weights options of `nmf fit`, `nmf impute` and `nmf rank`: which entries are observed and how much each counts.
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;

namespace Nmf.Fast.Cli.Commands;

/// <summary>
/// <c>--missing nan</c>: NaN entries of a dense INPUT are missing (without it a NaN is an input error);
/// <c>--missing stored</c>: only the stored entries of a sparse INPUT are observed;
/// <c>--weights FILE</c>: a dense matrix of non-negative weights of INPUT's shape (0 = missing).
/// </summary>
internal sealed record MissingArguments(string? Missing, string? WeightsPath)
{

    /// <summary>True when either option was given.</summary>
    public bool Any => Missing is not null || WeightsPath is not null;

    /// <summary>True for --missing stored.</summary>
    public bool StoredOnly => Missing == "stored";

    public static MissingArguments Parse(CommandLine cl)
    {
        string? missing = cl.String("missing");
        if (missing is not null and not "nan" and not "stored")
            throw new UsageException($"--missing must be nan or stored, got '{missing}'");
        string? weights = cl.String("weights");
        if (missing == "stored" && weights is not null)
            throw new UsageException("--weights applies to dense INPUT; --missing stored applies to sparse INPUT");
        return new MissingArguments(missing, weights);
    }

    /// <summary>The weights for a dense X: from --weights (with NaN entries of X also missing under --missing nan) or the NaN mask.</summary>
    public NmfWeights<T> WeightsFor<T>(Matrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (StoredOnly) throw new UsageException("--missing stored needs a sparse INPUT (.mtx or .npz)");
        if (WeightsPath is null) return NmfWeights<T>.MissingWhereNaN(x);
        var omega = MatrixFile.ReadDense<T>(WeightsPath);
        if (omega.Rows != x.Rows || omega.Cols != x.Cols)
            throw new UsageException($"{WeightsPath}: the weights are {omega.Rows}×{omega.Cols} but INPUT is {x.Rows}×{x.Cols}");
        if (Missing == "nan")
        {
            for (int i = 0; i < x.Rows; i++)
            {
                var row = x.Row(i);
                for (int j = 0; j < row.Length; j++)
                    if (T.IsNaN(row[j])) omega[i, j] = T.Zero;
            }
        }
        try
        {
            return NmfWeights<T>.FromWeights(omega);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{WeightsPath}: {Messages.WithoutParameter(e)}");
        }
    }

    /// <summary>Prints each warning of a fit on stderr.</summary>
    public static void PrintWarnings<T>(NmfResult<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (string warning in result.Warnings) Console.Error.WriteLine($"nmf: warning: {warning}");
    }
}
