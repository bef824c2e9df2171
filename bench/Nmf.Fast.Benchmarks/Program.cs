// BenchmarkDotNet entry point: `dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- --filter '*'`
// (or `-- projection-cpu [ranks]` for the thread-CPU-time projection timings of ProjectionCpuTime,
// `-- projection-threads [ranks] [rounds]` for one vs two concurrent callers, ProjectionThroughput;
// `-- restarts [rounds]` for concurrent vs sequential multi-start timings, RestartTiming;
// `-- sparse-phases [iterations] [threads]` for the per-phase stopwatch of a sparse HALS iteration, SparseHalsPhases;
// `-- sparse-wtx [repeats] [threads]` for Wᵀ·X by gather through Xᵀ against the scatter over X, SparseTransposedProducts;
// `-- sparse-rows [rounds] [threads] [cols]` for the CSR × dense row kernel alone on X·Hᵀ and Xᵀ·W, SparseRowKernel;
// `-- sparse-ab THREADS ROUNDS CONFIG...` for interleaved in-process A/B of whole sparse HALS iterations, SparseHalsAb).
using BenchmarkDotNet.Running;
using Nmf.Fast.Benchmarks;

if (args.Length > 0 && args[0] == "projection-cpu")
    ProjectionCpuTime.Run(args[1..]);
else if (args.Length > 0 && args[0] == "projection-threads")
    ProjectionThroughput.Run(args[1..]);
else if (args.Length > 0 && args[0] == "restarts")
    RestartTiming.Run(args[1..]);
else if (args.Length > 0 && args[0] == "sparse-phases")
    SparseHalsPhases.Run(args[1..]);
else if (args.Length > 0 && args[0] == "sparse-rows")
    SparseRowKernel.Run(args[1..]);
else if (args.Length > 0 && args[0] == "sparse-ab")
    SparseHalsAb.Run(args[1..]);
else if (args.Length > 0 && args[0] == "sparse-bytes")
    SparseBytesProbe.Run(args[1..]);
else if (args.Length > 0 && args[0] == "sparse-wtx")
    SparseTransposedProducts.Run(args[1..]);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
