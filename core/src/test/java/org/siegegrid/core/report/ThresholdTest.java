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
            "p99 < 200ms   | P99          | LT | 200     | false",
            "p50<=1s       | P50          | LE | 1000    | false",
            "p999 < 2s     | P999         | LT | 2000    | false",
            "p99.9 < 2.5s  | P999         | LT | 2500    | false",
            "P95 >= 15     | P95          | GE | 15      | false",
            "p90 < 500us   | P90          | LT | 0.5     | false",
            "max < 5s      | MAX          | LT | 5000    | false",
            "mean < 100ms  | MEAN         | LT | 100     | false",
            "avg < 1m      | MEAN         | LT | 60000   | false",
            "errors < 1%   | ERRORS       | LT | 1       | true",
            "errors < 10   | ERRORS       | LT | 10      | false",
            "errors <= 0.5 % | ERRORS     | LE | 0.5     | true",
            "availability > 99.9 | AVAILABILITY | GT | 99.9 | true",
            "availability >= 99% | AVAILABILITY | GE | 99 | true",
            "rps > 900     | RPS          | GT | 900     | false",
            "rps >= 1e3    | RPS          | GE | 1000    | false",
            "failures == 0 | FAILURES     | EQ | 0       | false"})
    void parses(String expr, Threshold.Metric metric, Threshold.Op op, double limit, boolean percent) {
        Threshold t = Threshold.parse(expr);
        assertThat(t.expr()).isEqualTo(expr);
        assertThat(t.metric()).isEqualTo(metric);
        assertThat(t.op()).isEqualTo(op);
        assertThat(t.limit()).isCloseTo(limit, within(1e-12));
        assertThat(t.percent()).isEqualTo(percent);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "p99 << 200ms  | expected <metric> <op> <value>",
            "p99 200ms     | expected <metric> <op> <value>",
            "p99 < fast    | expected <metric> <op> <value>",
            "p99 < -5ms    | expected <metric> <op> <value>",
            "p42 < 1s      | unknown metric \"p42\"",
            "latency < 1s  | unknown metric \"latency\"",
            "p99 < 2h      | latency unit must be us, ms, s or m",
            "p99 < 20%     | latency unit must be us, ms, s or m",
            "rps > 5%      | % applies to errors and availability only",
            "failures < 3% | % applies to errors and availability only",
            "rps > 5ms     | rps takes no unit",
            "errors < 101% | at most 100",
            "availability > 101 | at most 100",
            "p99 < 1e999   | number too large",
            "p99 = 1       | expected <metric> <op> <value>",
            "'   '         | empty threshold"})
    void rejectsNamingTheExpression(String expr, String message) {
        assertThatThrownBy(() -> Threshold.parse(expr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    if (!expr.isBlank()) {
                        assertThat(e.getMessage()).contains("\"" + expr + "\"");
                    }
                });
    }

    @Test
    void evaluatesAgainstTheHandWorkedReport() {
        // corrected latencies 100, 200, 350, 450 ms; 5 issued and 4 answered in 2 s; 3 errors of 5 completed (refused, 404, 500);
        // availability 60 %; siege failures 2
        Report r = ReportBuilderTest.handWorkedReport(List.of(
                "p99 < 500ms", "p50 <= 0.2s", "mean < 275ms", "max > 450ms", "errors < 50%", "errors <= 3",
                "availability > 99.9", "availability >= 60%", "rps > 2", "rps == 2", "failures == 0", "failures < 3",
                "bogus < 1"));
        assertThat(r.thresholds()).extracting(ThresholdResult::expr, ThresholdResult::ok).containsExactly(
                tuple("p99 < 500ms", true), tuple("p50 <= 0.2s", false), tuple("mean < 275ms", false),
                tuple("max > 450ms", true), tuple("errors < 50%", false), tuple("errors <= 3", true),
                tuple("availability > 99.9", false), tuple("availability >= 60%", true), tuple("rps > 2", false),
                tuple("rps == 2", true), tuple("failures == 0", false), tuple("failures < 3", true),
                tuple("bogus < 1", false));
        Map<String, Double> values = new java.util.HashMap<>();
        r.thresholds().forEach(t -> values.put(t.expr(), t.value()));
        assertThat(values.get("p99 < 500ms")).isCloseTo(450, within(0.5));
        // HdrHistogram reports a bucket's highest equivalent value: 200 ms reads as 200.06 ms, so "<= 0.2s" fails
        assertThat(values.get("p50 <= 0.2s")).isCloseTo(200.06, within(0.01));
        assertThat(values.get("errors < 50%")).isEqualTo(60.0);
        assertThat(values.get("errors <= 3")).isEqualTo(3.0);
        assertThat(values.get("availability > 99.9")).isEqualTo(60.0);
        assertThat(values.get("rps > 2")).as("responses a second, not requests sent").isEqualTo(2.0);
        assertThat(values.get("failures == 0")).isEqualTo(2.0);
        assertThat(values.get("bogus < 1")).isNaN();
        assertThat(r.thresholdsOk()).isFalse();
    }

    @Test
    void nothingMeasuredFailsExceptCounts() {
        Report empty = ReportBuilder.of(new RunStats())
                .thresholds(List.of("p99 < 1s", "errors < 1%", "errors < 1", "failures == 0")).build();
        assertThat(empty.thresholds()).extracting(ThresholdResult::ok).containsExactly(false, false, true, true);
        assertThat(empty.thresholds().get(0).value()).isNaN();
        assertThat(ReportBuilder.of(new RunStats()).build().thresholdsOk()).isTrue();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
