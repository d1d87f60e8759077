package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReportJsonTest {

    @Test
    void fieldNamesAndOrderAreThoseOfTheDesign() {
        Report r = ReportBuilderTest.handWorkedReport(List.of("p99 < 500ms", "errors < 1%"));
        String json = ReportJson.toJson(r);
        System.out.println(json);
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        assertThat(o.keySet()).containsExactly("transactions", "availability", "elapsed_time", "data_transferred",
                "response_time", "transaction_rate", "throughput", "concurrency", "successful_transactions",
                "failed_transactions", "longest_transaction", "shortest_transaction", "latency_ms", "errors",
                "target_rps", "achieved_rps", "thresholds", "nodes", "issued_requests", "dropped_requests",
                "unfinished_requests", "unreported_requests", "unreported_requests_max", "warmup", "series");
        JsonObject latency = o.getAsJsonObject("latency_ms");
        assertThat(latency.keySet()).containsExactly("corrected", "service", "generator_lag");
        assertThat(latency.getAsJsonObject("corrected").keySet())
                .containsExactly("p50", "p90", "p95", "p99", "p999", "max", "mean");
        assertThat(o.getAsJsonObject("errors").keySet()).containsExactly(
                "refused", "reset", "timeout", "tls", "dns", "other", "http_4xx", "http_5xx");
        assertThat(o.getAsJsonArray("thresholds").get(0).getAsJsonObject().keySet()).containsExactly("expr", "ok", "value");
        assertThat(o.getAsJsonArray("nodes").get(0).getAsJsonObject().keySet()).containsExactly("id", "requests", "share",
                "unreported", "unreported_max", "generator_lag_p99_ms");
        assertThat(o.getAsJsonArray("series").get(0).getAsJsonObject().keySet())
                .containsExactly("t", "target", "achieved", "sent", "p99", "errors", "seconds", "partial");
    }

    @Test
    void valuesAreInSiegesUnitsWithSiegesDecimals() {
        Report r = ReportBuilderTest.handWorkedReport(List.of("p99 < 500ms"));
        String json = ReportJson.toCompactJson(r);
        assertThat(json).startsWith("{\"transactions\":3,\"availability\":60.00,\"elapsed_time\":2.00,"
                + "\"data_transferred\":2.00,\"response_time\":0.33,\"transaction_rate\":1.50,\"throughput\":1.00,"
                + "\"concurrency\":0.50,\"successful_transactions\":2,\"failed_transactions\":2,"
                + "\"longest_transaction\":0.40,\"shortest_transaction\":0.10,\"latency_ms\":{\"corrected\":"
                + "{\"p50\":200.063,");
        assertThat(json).contains("\"errors\":{\"refused\":1,\"reset\":0,\"timeout\":0,\"tls\":0,\"dns\":0,\"other\":0,"
                + "\"http_4xx\":1,\"http_5xx\":1},\"target_rps\":2.50,\"achieved_rps\":2.00,"
                + "\"thresholds\":[{\"expr\":\"p99 < 500ms\",\"ok\":true,\"value\":450.047}],"
                + "\"nodes\":[{\"id\":\"local\",\"requests\":5,\"share\":1.0000,\"unreported\":0,\"unreported_max\":0,\"generator_lag_p99_ms\":0.000}],"
                + "\"issued_requests\":5,\"dropped_requests\":0,\"unfinished_requests\":0,"
                + "\"unreported_requests\":0,\"unreported_requests_max\":0,\"warmup\":null,"
                + "\"series\":[{\"t\":0,\"target\":2.00,\"achieved\":2.00,\"sent\":2.00,\"p99\":200.063,\"errors\":1,\"seconds\":1.000,\"partial\":false},"
                + "{\"t\":1,\"target\":3.00,\"achieved\":2.00,\"sent\":3.00,\"p99\":450.047,\"errors\":2,\"seconds\":1.000,\"partial\":false}]}");
        assertThat(ReportJson.toJson(r)).isEqualTo(ReportJson.toJson(ReportBuilderTest.handWorkedReport(List.of("p99 < 500ms"))));
    }

    @Test
    void missingValuesAreNull() {
        RunStats closed = new RunStats();
        closed.add(Intervals.of(0, 1, Intervals.counters(1, 1, 1, 0, Map.of()), 1_000));
        closed.add(Intervals.of(1, 2, Intervals.counters(0, 0, 0, 0, Map.of()), new long[0]));
        Report r = ReportBuilder.of(closed).thresholds(List.of("p99 < 1s", "nonsense")).build();
        JsonObject o = JsonParser.parseString(ReportJson.toJson(r)).getAsJsonObject();
        assertThat(o.get("target_rps").isJsonNull()).isTrue();
        assertThat(o.getAsJsonArray("series").get(0).getAsJsonObject().get("target").isJsonNull()).isTrue();
        assertThat(o.getAsJsonArray("series").get(1).getAsJsonObject().get("p99").isJsonNull()).isTrue();
        assertThat(o.getAsJsonArray("thresholds").get(1).getAsJsonObject().get("value").isJsonNull()).isTrue();
    }

    @Test
    void siegeGlibcRounding() {
        // glibc's %.2f rounds the exact binary value: 0.125 is exact, a tie, to even -> 0.12; 1.005 is below -> 1.00
        assertThat(CFormat.fixed(0.125, 12, 2)).isEqualTo("        0.12");
        assertThat(CFormat.fixed(0.375, 0, 2)).isEqualTo("0.38");
        assertThat(CFormat.fixed(1.005, 0, 2)).isEqualTo("1.00");
        assertThat(CFormat.fixed(2.675, 0, 2)).isEqualTo("2.67");
        assertThat(CFormat.fixed(99.995, 0, 2)).isEqualTo("100.00");
        assertThat(CFormat.fixed(Double.NaN, 5, 2)).isEqualTo("  n/a");
        assertThat(CFormat.count(1000, 12)).isEqualTo("        1000");
    }
}
