// The report, results.json and the charts rendered from a recorded outcome with ok, skipped, failed and NaN runs.
using Nmf.Fast.Cli.Compare;
using SkiaSharp;

namespace Nmf.Fast.Tests.Compare;

public class ReportTests
{
    [Fact]
    public void ResultsTable_HasOneRowPerRun_WithStatus_TimePerIteration_AndTimeToTarget()
    {
        var outcome = CompareFixtures.RecordedOutcome(CompareFixtures.TempDirectory("table"));
        var rows = ReportWriter.ResultsTable(outcome).TrimEnd().Split('\n');
        Assert.Equal(2 + outcome.Runs.Count, rows.Length);
        Assert.StartsWith("| library | method | start | status | time / iteration | error after 8 it.", rows[0]);
        // HALS: median 0.009 s / 8 = 1.13 ms; target 0.0101 first reached at iteration 8? error(i) = 0.01 + 0.1/i² ≤ 0.0101 ⇒ i ≥ 32: not reached.
        Assert.Equal("| Nmf.Fast | HALS | shared | ok | 1.13 ms | 0.0102 | not reached | not reached | 40 MiB |", rows[2].Trim());
        // cd: median 0.025 / 8; error(i) = 0.01 + 0.1/i³ ≤ 0.0101 ⇒ i ≥ 10: first traced point at or below is 8? 0.01 + 0.1/512 = 0.0101953 > 0.0101 → not reached.
        Assert.Contains("| scikit-learn | cd | shared | ok | 3.13 ms | 0.01 |", rows[4]);
        Assert.Contains("| Nmf.Fast | MU | shared | skipped | — | — | — | — | — |", rows[3]);
        Assert.Contains("| scikit-learn | mu | shared | NaN | 1.25 ms | NaN | — | — |", rows[5]);
        Assert.Contains("| RcppML | nmf | own | failed |", rows[6]);
    }

    [Fact]
    public void TimeToTarget_IsTheTimeOfTheFirstTracedPointAtOrBelowTheTarget()
    {
        var outcome = CompareFixtures.RecordedOutcome(CompareFixtures.TempDirectory("target"));
        outcome.TargetRelativeError = 0.0105; // cd reaches 0.0100 + 0.1/64 = 0.01156 at 4 (no), 0.01019 at 8 (yes)
        var rows = ReportWriter.ResultsTable(outcome).Split('\n');
        Assert.Contains("| 8 | 24 ms |", rows[4]);
    }

    [Fact]
    public void Report_NamesEverySkippedFailedAndNaNRun_WithItsReason()
    {
        var outcome = CompareFixtures.RecordedOutcome(CompareFixtures.TempDirectory("report"));
        string md = ReportWriter.Render(outcome, ["loss_vs_time.png"]);
        Assert.Contains("**Nmf.Fast MU** (skipped): not available in this build", md);
        Assert.Contains("**RcppML nmf** (failed): no results: the peer exited with code 1: Error in nmf: boom", md);
        Assert.Contains("**scikit-learn mu** (NaN): returned non-finite", md);
        Assert.Contains("![loss vs time](loss_vs_time.png)", md);
        Assert.Contains("openblas 0.3.21 kernel=SkylakeX", md);
        Assert.Contains("OPENBLAS_CORETYPE=SkylakeX, OPENBLAS_L2_SIZE unset", md);
    }

    [Fact]
    public void ResultsJson_RoundTrips()
    {
        var outcome = CompareFixtures.RecordedOutcome(CompareFixtures.TempDirectory("json"));
        string json = ResultsJson.Write(outcome);
        var back = ResultsJson.Read(json);
        Assert.Equal(json, ResultsJson.Write(back));
        Assert.Equal(outcome.Runs.Count, back.Runs.Count);
        Assert.Equal(RunStatus.NonFinite, back.Runs[3].Status);
        Assert.True(double.IsNaN(back.Runs[3].Trace[0].RelativeError));
        Assert.Equal(outcome.Runs[0].Trace, back.Runs[0].Trace);
        Assert.Equal(outcome.Settings with { }, back.Settings with { Solvers = outcome.Settings.Solvers, Peers = outcome.Settings.Peers });
    }

    [Fact]
    public void ResultsJson_RejectsForeignJson()
    {
        Assert.Throws<InvalidDataException>(() => ResultsJson.Read("{\"tool\": \"something else\"}"));
    }

    [Fact]
    public void Charts_ArePngFilesOfTheExpectedSize_AndTheReportLinksThem()
    {
        string dir = CompareFixtures.TempDirectory("plots");
        var outcome = CompareFixtures.RecordedOutcome(dir);
        CompareOrchestrator.WriteOutputs(outcome, dir);
        string[] expected = ["loss_vs_time.png", "loss_vs_iteration.png", "time_per_iteration.png"];
        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        foreach (var file in expected)
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(dir, file));
            Assert.NotNull(bitmap);
            Assert.Equal(ComparePlots.Width, bitmap.Width);
            Assert.Equal(ComparePlots.Height, bitmap.Height);
            Assert.Contains($"({file})", md);
        }
        Assert.Equal(ResultsJson.Write(outcome), File.ReadAllText(Path.Combine(dir, "results.json")));
    }
}
