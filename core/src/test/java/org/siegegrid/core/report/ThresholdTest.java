package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ThresholdTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "p99 < 200ms   | P99          | LT | 200     | false | false",
            "p50<=1s       | P50          | LE | 1000    | false | false",
            "p999 < 2s     | P999         | LT | 2000    | false | false",
            "p99.9 < 2.5s  | P999         | LT | 2500    | false | false",
            "P95 >= 15ms   | P95          | GE | 15      | false | false",
            "p90 < 500us   | P90          | LT | 0.5     | false | false",
            "p90 < 500 US  | P90          | LT | 0.5     | false | false",
            "max < 5s      | MAX          | LT | 5000    | false | false",
            "mean < 100ms  | MEAN         | LT | 100     | false | false",
            "avg < 0.1s    | MEAN         | LT | 100     | false | false",
            "service.p99 < 50ms | P99     | LT | 50      | false | true",
            "SERVICE.max < 1s | MAX       | LT | 1000    | false | true",
            "corrected.p99 < 50ms | P99   | LT | 50      | false | false",
            "corrected.p99.9 < 1s | P999  | LT | 1000    | false | false",
            "errors < 1%   | ERRORS       | LT | 1       | true  | false",
            "errors <= 0.5 % | ERRORS     | LE | 0.5     | true  | false",
            "errors == 0%  | ERRORS       | EQ | 0       | true  | false",
            "availability > 99.9 | AVAILABILITY | GT | 99.9 | true | false",
            "availability >= 99% | AVAILABILITY | GE | 99 | true | false",
            "rps > 900     | RPS          | GT | 900     | false | false",
            "rps > 900/s   | RPS          | GT | 900     | false | false",
            "rps >= 1e3    | RPS          | GE | 1000    | false | false",
            "failures == 0 | FAILURES     | EQ | 0       | false | false",
            "failures <= 3 | FAILURES     | LE | 3       | false | false"})
    void parses(String expr, Threshold.Metric metric, Threshold.Op op, double limit, boolean percent, boolean service) {
        Threshold t = Threshold.parse(expr);
        assertThat(t.expr()).isEqualTo(expr);
        assertThat(t.metric()).isEqualTo(metric);
        assertThat(t.op()).isEqualTo(op);
        assertThat(t.limit()).isCloseTo(limit, within(1e-12));
        assertThat(t.percent()).isEqualTo(percent);
        assertThat(t.service()).isEqualTo(service);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "p99 < 200     | a latency needs a unit: 200ms or 0.2s",
            "p50 <= 1.5    | a latency needs a unit: 1.5ms or 0.0015s",
            "service.p99 < 50 | a latency needs a unit: 50ms or 0.05s",
            "max < 1e3     | a latency needs a unit: 1e3ms or 1s",
            "errors < 3    | errors is a percentage: errors < 3% (for a count of siege's failed transactions: failures < 3)",
            "errors <= 10  | errors <= 10% (for a count of siege's failed transactions: failures <= 10)",
            "errors < 3ms  | errors takes % (errors < 1%), not ms",
            "p99 << 200ms  | expected <metric> <op> <value>",
            "p99 200ms     | expected <metric> <op> <value>",
            "p99 < fast    | expected <metric> <op> <value>",
            "p99 < -5ms    | expected <metric> <op> <value>",
            "p42 < 1s      | unknown metric 'p42'",
            "latency < 1s  | unknown metric 'latency'",
            "server.p99 < 1s | unknown metric 'server.p99'",
            "service.errors < 1% | service. and corrected. select a latency",
            "corrected.rps > 5 | service. and corrected. select a latency",
            "p99 < 2h      | a latency's unit is us, ms or s, not h",
            "p99 < 1m      | a latency's unit is us, ms or s, not m",
            "p99 < 20%     | a latency's unit is us, ms or s, not %",
            "rps > 5%      | rps takes no unit or /s",
            "rps > 5ms     | rps takes no unit or /s",
            "failures < 3% | failures is a count and takes no unit, not % (for a percentage: errors < 3%)",
            "availability > 99s | availability takes % or no unit",
            "errors < 101% | at most 100",
            "availability > 101 | at most 100",
            "p99 < 1e999ms | number too large",
            "p99 = 1ms     | expected <metric> <op> <value>",
            "'   '         | empty threshold"})
    void rejectsNamingTheExpression(String expr, String message) {
        assertThatThrownBy(() -> Threshold.parse(expr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    if (!expr.isBlank()) {
                        assertThat(e.getMessage()).startsWith("threshold '" + expr + "': ");
                    }
                });
    }

    @ParameterizedTest(name = "{0} measured {1}")
    @CsvSource(delimiter = '|', value = {
            "p99 < 1ms          | 2        | 2.00 ms",
            "service.p99 < 1s   | 350.004  | 350.00 ms",
            "errors < 1%        | 3.1      | 3.10 %",
            "availability > 99  | 98.5     | 98.50 %",
            "rps > 1000         | 951.23   | 951.2/s",
            "failures == 0      | 3        | 3",
            "p99 < 1ms          | NaN      | nothing",
            "p99 < 200          | 2        | 2.000"})
    void measuredValuesCarryTheirUnit(String expr, double value, String shown) {
        assertThat(Threshold.measured(expr, value)).isEqualTo(shown);
    }

    @Test
    void evaluatesAgainstTheHandWorkedReport() {
        // corrected latencies 100, 200, 350, 450 ms; 5 issued and 4 answered in 2 s; 3 errors of 5 completed (refused, 404, 500);
        // availability 60 %; siege failures 2
        Report r = ReportBuilderTest.handWorkedReport(List.of(
                "p99 < 500ms", "p50 <= 0.2s", "mean < 275ms", "max > 450ms", "errors < 50%", "errors <= 60%",
                "availability > 99.9", "availability >= 60%", "rps > 2", "rps == 2/s", "failures == 0", "failures < 3",
                "bogus < 1", "service.p99 < 420ms", "p99 < 420ms", "service.p50 < 1ms"));
        assertThat(r.thresholds()).extracting(ThresholdResult::expr, ThresholdResult::ok).containsExactly(
                tuple("p99 < 500ms", true), tuple("p50 <= 0.2s", false), tuple("mean < 275ms", false),
                tuple("max > 450ms", true), tuple("errors < 50%", false), tuple("errors <= 60%", true),
                tuple("availability > 99.9", false), tuple("availability >= 60%", true), tuple("rps > 2", false),
                tuple("rps == 2/s", true), tuple("failures == 0", false), tuple("failures < 3", true),
                tuple("bogus < 1", false), tuple("service.p99 < 420ms", true), tuple("p99 < 420ms", false),
                tuple("service.p50 < 1ms", false));
        Map<String, Double> values = new java.util.HashMap<>();
        r.thresholds().forEach(t -> values.put(t.expr(), t.value()));
        assertThat(values.get("p99 < 500ms")).isCloseTo(450, within(0.5));
        // HdrHistogram reports a bucket's highest equivalent value: 200 ms reads as 200.06 ms, so "<= 0.2s" fails
        assertThat(values.get("p50 <= 0.2s")).isCloseTo(200.06, within(0.01));
        assertThat(values.get("errors < 50%")).isEqualTo(60.0);
        assertThat(values.get("errors <= 60%")).isEqualTo(60.0);
        assertThat(values.get("availability > 99.9")).isEqualTo(60.0);
        assertThat(values.get("rps > 2")).as("responses a second, not requests sent").isEqualTo(2.0);
        assertThat(values.get("failures == 0")).isEqualTo(2.0);
        assertThat(values.get("bogus < 1")).isNaN();
        assertThat(values.get("service.p99 < 420ms")).as("the service time: 50 ms less than the corrected").isCloseTo(400, within(0.5));
        assertThat(r.thresholdsOk()).isFalse();
    }

    @Test
    void nothingMeasuredFailsExceptCounts() {
        Report empty = ReportBuilder.of(new RunStats())
                .thresholds(List.of("p99 < 1s", "errors < 1%", "service.p99 < 1s", "failures == 0")).build();
        assertThat(empty.thresholds()).extracting(ThresholdResult::ok).containsExactly(false, false, false, true);
        assertThat(empty.thresholds().get(0).value()).isNaN();
        assertThat(ReportBuilder.of(new RunStats()).build().thresholdsOk()).isTrue();
    }

    @Test
    void theLiveAbortWaitsForItsGraceSkipsWhatIsNotMeasuredYetAndNamesTheFirstFailure() {
        ThresholdAbort abort = new ThresholdAbort(List.of("errors < 70%", "service.p99 < 1s", "p99 < 420ms", "max < 1ms"),
                2_000_000_000L);
        assertThat(abort.due(1_999_999_999L)).isFalse();
        assertThat(abort.due(2_000_000_000L)).isTrue();
        assertThat(new ThresholdAbort(List.of(), 0).due(5_000_000_000L)).as("nothing to check").isFalse();
        Report r = ReportBuilderTest.handWorkedReport(List.of());
        assertThat(abort.check(r)).matches("threshold failed: p99 < 420ms \\(measured 45\\d\\.\\d\\d ms\\)");
        assertThat(new ThresholdAbort(List.of("p99 < 1s", "errors < 70%"), 0).check(r)).as("all pass").isNull();
        Report empty = ReportBuilder.of(new RunStats()).build();
        assertThat(new ThresholdAbort(List.of("p99 < 1ms", "errors < 1%", "failures < 1"), 0).check(empty))
                .as("nothing measured yet has not failed yet").isNull();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
