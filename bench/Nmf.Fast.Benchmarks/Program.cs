// BenchmarkDotNet entry point: `dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- --filter '*'`.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
