// The direct path for tiny products (every dimension ≤ 32): no packing, no threads.
using System.Numerics;

using System.Runtime.CompilerServices;

namespace Nmf.Fast.Linear;

/// <summary>
/// C = α·op(A)·op(B) + β·C by plain dot products. For a few thousand multiply-adds the packing and dispatch of the
/// blocked path cost more than they save.
/// </summary>
internal static unsafe class GemmTiny
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> pr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool betaZero = pr.Beta == T.Zero;
        var a = pr.A;
        var b = pr.B;
        for (int i = 0; i < pr.M; i++)
        {
            if (pr.UpperOnly && i >= pr.N) break;
            T* ci = pr.C + i * pr.Ldc;
            for (int j = pr.UpperOnly ? i : 0; j < pr.N; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < pr.K; p++) sum = T.MultiplyAddEstimate(a[i, p], b[p, j], sum);
                ci[j] = betaZero ? pr.Alpha * sum : T.MultiplyAddEstimate(pr.Alpha, sum, pr.Beta * ci[j]);
            }
        }
    }
}
