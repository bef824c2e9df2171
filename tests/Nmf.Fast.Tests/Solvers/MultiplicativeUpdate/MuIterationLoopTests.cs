// The shared MU loop on a scripted variant: checks every 10 iterations only with a tolerance, scikit-learn's relative-decrease rule, final report, stop requests.
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

public class MuIterationLoopTests
{
    /// <summary>A variant whose divergence after iteration i is script(i); it counts its iterations and evaluations.</summary>
    private struct Scripted(Func<int, double> script) : IMuIteration
    {
        public int Iterations;
        public int Evaluations;

        public void Iterate(int iteration)
        {
            Assert.Equal(Iterations + 1, iteration);
            Iterations = iteration;
        }

        public double Divergence()
        {
            Evaluations++;
            return script(Iterations);
        }

        public readonly double Penalty() => 1.0;
    }

    private static SolverSettings Settings(int maxIterations, double tolerance) => new() { MaxIterations = maxIterations, Tolerance = tolerance, Beta = 2 };

    [Fact]
    public void Loop_StopsAtTheFirstCheckWhoseErrorFellByLessThanTolTimesTheInitialError()
    {
        // e = √(2·D): 10 at the start, then 8, 7, 6.9 at the checks; with tol = 0.05 the drop 0.1/10 = 0.01 at 30 stops it.
        var divergences = new Dictionary<int, double> { [0] = 50, [10] = 32, [20] = 24.5, [30] = 23.805 };
        var variant = new Scripted(i => divergences.TryGetValue(i, out double d) ? d : double.NaN);
        var monitor = MuTestSupport.Monitor();
        var (iterations, converged) = MuIterationLoop.Run(ref variant, Settings(1000, 0.05), monitor);
        Assert.True(converged);
        Assert.Equal(30, iterations);
        Assert.Equal(30, variant.Iterations);
        Assert.Equal(new[] { 0, 10, 20, 30 }, monitor.Trace.Select(p => p.Iteration));
        Assert.Equal(new[] { 51.0, 33, 25.5, 24.805 }, monitor.Trace.Select(p => p.Loss)); // divergence + penalty
    }

    [Fact]
    public void Loop_WithoutTolerance_EvaluatesOnlyTheStartAndTheEnd()
    {
        var variant = new Scripted(i => 100.0 / (1 + i));
        var monitor = MuTestSupport.Monitor();
        var (iterations, converged) = MuIterationLoop.Run(ref variant, Settings(37, 0), monitor);
        Assert.Equal(37, iterations);
        Assert.False(converged);
        Assert.Equal(2, variant.Evaluations);
        Assert.Equal(new[] { 0, 37 }, monitor.Trace.Select(p => p.Iteration));
    }

    [Fact]
    public void Loop_EndingOnACheckIteration_DoesNotReportTheLastLossTwice()
    {
        var variant = new Scripted(i => 100.0 / (1 + i));
        var monitor = MuTestSupport.Monitor();
        var (iterations, converged) = MuIterationLoop.Run(ref variant, Settings(20, 1e-12), monitor);
        Assert.Equal(20, iterations);
        Assert.False(converged);
        Assert.Equal(new[] { 0, 10, 20 }, monitor.Trace.Select(p => p.Iteration));
        Assert.Equal(3, variant.Evaluations);
    }

    [Fact]
    public void Loop_StopsAfterTheIterationInWhichAStopWasRequested_NotConverged()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var variant = new Scripted(i => 100.0 / (1 + i));
        var monitor = MuTestSupport.Monitor(cancellation.Token);
        var (iterations, converged) = MuIterationLoop.Run(ref variant, Settings(200, 1e-4), monitor);
        Assert.Equal(1, iterations);
        Assert.False(converged);
        Assert.True(monitor.StoppedEarly);
        Assert.Equal(new[] { 0, 1 }, monitor.Trace.Select(p => p.Iteration));
    }

    [Fact]
    public void Loop_StopsAtTheFirstReportThatReachesTheTargetError()
    {
        // Loss = ½‖X − WH‖² with ‖X‖² = 200: relative error √(2·loss/200); the target 0.5 is reached when loss ≤ 25.
        var variant = new Scripted(i => 100.0 / (1 + i) - 1); // the loop adds the penalty 1 back
        var monitor = MuTestSupport.Monitor();
        monitor.UseTarget(new TargetError(0.5, 200, LossIsHalfSquaredResidual: true));
        var (iterations, converged) = MuIterationLoop.Run(ref variant, Settings(200, 1e-12), monitor);
        Assert.False(converged);
        Assert.Equal(10, iterations); // 100/11 ≤ 25 at the first check
        Assert.Equal(10, monitor.TargetIteration);
    }
}
