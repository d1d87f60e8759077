package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.session.SessionSpec;

/** {@code run --api}'s loop against a scripted API and a fake clock: follow, stop, report, exit code. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RemoteRunTest {
    static final String REPORT_OK = "{\"transactions\":3000,\"successful_transactions\":3000,\"failed_transactions\":0,"
            + "\"thresholds\":[{\"expr\":\"p99 < 200ms\",\"ok\":true,\"value\":1.5}]}";
    static final String REPORT_BAD = "{\"transactions\":3000,\"successful_transactions\":3000,\"failed_transactions\":0,"
            + "\"thresholds\":[{\"expr\":\"p99 < 1ms\",\"ok\":false,\"value\":2.0}]}";
    static final String SIEGE = "Transactions:\t\t        3000 hits\n";

    /** Time moves only when the loop sleeps. */
    static final class FakeTicker implements Ticker {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += Math.max(nanos, 1_000_000);
        }
    }

    private FakeApi api;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    static String stats(String state, double elapsed, long requests) {
        return "{\"id\":\"s1\",\"state\":\"" + state + "\",\"transactions\":" + requests + ",\"failed_transactions\":0,"
                + "\"elapsed_time\":" + elapsed + ",\"errors\":{},\"target_rps\":1000,\"series\":[{\"t\":0,\"target\":1000,"
                + "\"achieved\":998,\"p99\":1.25,\"errors\":0},{\"t\":1,\"target\":1000,\"achieved\":1001,\"p99\":2.5,\"errors\":0}]}";
    }

    /** An API whose session runs for {@code polls} stats calls (or until stopped), then FINISHED. */
    private FakeApi cluster(int polls, String endState, String report, AtomicBoolean stopped) throws Exception {
        AtomicInteger statsCalls = new AtomicInteger();
        return new FakeApi(r -> {
            String p = r.path();
            if (r.method().equals("GET") && p.equals("/api/v1/sessions")) {
                return FakeApi.Answer.json(200, "{\"sessions\":[]}");
            }
            if (r.method().equals("POST") && p.equals("/api/v1/sessions")) {
                return FakeApi.Answer.json(201, "{\"id\":\"s1\",\"state\":\"PENDING\"}");
            }
            if (p.endsWith("/stop")) {
                stopped.set(true);
                return FakeApi.Answer.json(200, "{\"id\":\"s1\",\"state\":\"STOPPING\"}");
            }
            if (p.endsWith("/stats")) {
                int n = statsCalls.incrementAndGet();
                String state = stopped.get() ? (n % 2 == 0 ? endState : "STOPPING") : n > polls ? endState : "RUNNING";
                return FakeApi.Answer.json(200, stats(state, 2.0, 1000L * n));
            }
            if (p.endsWith("/report")) {
                return "format=siege".equals(r.query()) ? new FakeApi.Answer(200, "text/plain", SIEGE)
                        : FakeApi.Answer.json(200, report);
            }
            return FakeApi.Answer.json(200, "{\"id\":\"s1\",\"state\":\"" + endState + "\",\"reason\":\"no node could reach it\"}");
        });
    }

    private int run(boolean json, StopSignal stop) throws InterruptedException {
        SessionSpec spec = RemoteSpec.assemble(new RunFlags(List.of("http://127.0.0.1:9/"), null, null, null, "3S", null,
                false, false, null, null, null, 1000.0, null, null, null, null, List.of("p99 < 200ms"), null), null);
        return new RemoteRun(ApiClient.of(api.url(), null), new PrintWriter(out, true), new PrintWriter(err, true), false,
                json, new FakeTicker()).run(spec, stop);
    }

    @Test
    void theHttpOptionsReachTheCluster() throws Exception {
        api = cluster(1, "FINISHED", REPORT_OK, new AtomicBoolean());
        SessionSpec spec = RemoteSpec.assemble(new RunFlags(List.of("http://127.0.0.1:9/"), null, 2, null, "3S", null,
                false, false, null, null, null, null, null, null, null, null, List.of(), null, null, true, true,
                "al:secret", 7), null);
        new RemoteRun(ApiClient.of(api.url(), null), new PrintWriter(out, true), new PrintWriter(err, true), true,
                false, new FakeTicker()).run(spec, StopSignal.NEVER);
        JsonObject sent = JsonParser.parseString(api.requests.get(1).body()).getAsJsonObject();
        assertThat(sent.get("follow").getAsBoolean()).isFalse();
        assertThat(sent.get("cookies").getAsBoolean()).isFalse();
        assertThat(sent.get("failures").getAsInt()).isEqualTo(7);
        assertThat(sent.getAsJsonArray("targets").get(0).getAsJsonObject().toString()).contains("Authorization");
    }

    @Test
    void followsTheSessionToItsEndThenPrintsSiegesSummary() throws Exception {
        api = cluster(3, "FINISHED", REPORT_OK, new AtomicBoolean());
        int exit = run(false, StopSignal.NEVER);
        System.out.print(err + "" + out);
        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo(SIEGE);
        assertThat(err.toString()).contains("** SiegeGrid: session s1 on " + api.url(), "The server is now under siege...");
        assertThat(err.toString().lines().filter(l -> l.startsWith("[")).toList()).containsExactly(
                "[   2.0s] target 1000/s  achieved 1001/s  p99 2.50 ms  errors 0  requests 1000",
                "[   2.0s] target 1000/s  achieved 1001/s  p99 2.50 ms  errors 0  requests 2000",
                "[   2.0s] target 1000/s  achieved 1001/s  p99 2.50 ms  errors 0  requests 3000");
        assertThat(api.requests.stream().map(FakeApi.Request::line).toList()).containsExactly(
                "GET /api/v1/sessions", "POST /api/v1/sessions", "GET /api/v1/sessions/s1/stats", "GET /api/v1/sessions/s1/stats",
                "GET /api/v1/sessions/s1/stats", "GET /api/v1/sessions/s1/stats", "GET /api/v1/sessions/s1/report",
                "GET /api/v1/sessions/s1/report?format=siege");
        JsonObject sent = JsonParser.parseString(api.requests.get(1).body()).getAsJsonObject();
        assertThat(sent.get("rps").getAsDouble()).isEqualTo(1000.0);
        assertThat(sent.get("duration").getAsString()).isEqualTo("3s");
    }

    @Test
    void beforeItsFirstWholeSecondTheLineShowsThePartOfItSoFarNotZero() {
        SessionSpec spec = RemoteSpec.assemble(new RunFlags(List.of("http://127.0.0.1:9/"), null, null, null, "3S", null,
                false, false, null, null, null, 2000.0, null, null, null, null, List.of(), null), null);
        JsonObject stats = JsonParser.parseString("{\"state\":\"RUNNING\",\"transactions\":700,\"failed_transactions\":0,"
                + "\"elapsed_time\":0.4,\"errors\":{},\"target_rps\":2000,\"series\":[{\"t\":0,\"target\":2000,"
                + "\"achieved\":1750,\"sent\":1800,\"p99\":1.5,\"errors\":0,\"seconds\":0.4,\"partial\":true}]}")
                .getAsJsonObject();
        assertThat(RemoteRun.progress(stats, spec))
                .isEqualTo("[   0.4s] target 2000/s  achieved 1750/s  p99 1.50 ms  errors 0  requests 700");
    }

    @Test
    void aSessionThatEndsByItselfPrintsNoStoppingLine() throws Exception {
        AtomicInteger statsCalls = new AtomicInteger();
        api = new FakeApi(r -> {
            String p = r.path();
            if (r.method().equals("GET") && p.equals("/api/v1/sessions")) {
                return FakeApi.Answer.json(200, "{\"sessions\":[]}");
            }
            if (r.method().equals("POST") && p.equals("/api/v1/sessions")) {
                return FakeApi.Answer.json(201, "{\"id\":\"s1\",\"state\":\"PENDING\"}");
            }
            if (p.endsWith("/stats")) {
                int n = statsCalls.incrementAndGet();
                return FakeApi.Answer.json(200, stats(n <= 2 ? "RUNNING" : n <= 4 ? "STOPPING" : "FINISHED", 2.0,
                        1000L * Math.min(n, 3)));
            }
            if (p.endsWith("/report")) {
                return "format=siege".equals(r.query()) ? new FakeApi.Answer(200, "text/plain", SIEGE)
                        : FakeApi.Answer.json(200, REPORT_OK);
            }
            return FakeApi.Answer.json(200, "{\"id\":\"s1\",\"state\":\"FINISHED\"}");
        });
        assertThat(run(false, StopSignal.NEVER)).isZero();
        assertThat(err.toString().lines().filter(l -> l.startsWith("[")).toList()).containsExactly(
                "[   2.0s] target 1000/s  achieved 1001/s  p99 2.50 ms  errors 0  requests 1000",
                "[   2.0s] target 1000/s  achieved 1001/s  p99 2.50 ms  errors 0  requests 2000");
    }

    @Test
    void aFailedThresholdIsExit1AndJsonPrintsTheReportAndTheVerdicts() throws Exception {
        api = cluster(1, "FINISHED", REPORT_BAD, new AtomicBoolean());
        assertThat(run(true, StopSignal.NEVER)).isEqualTo(1);
        assertThat(JsonParser.parseString(out.toString())).isEqualTo(JsonParser.parseString(REPORT_BAD));
        assertThat(err.toString()).contains("threshold FAILED: p99 < 1ms (measured 2.00 ms)");
    }

    @Test
    void aStopRequestStopsTheSessionAndStillPrintsTheSummary() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        api = cluster(1_000_000, "FINISHED", REPORT_OK, stopped);
        AtomicInteger checks = new AtomicInteger();
        int exit = run(false, () -> checks.incrementAndGet() > 60);
        System.out.print(err);
        assertThat(exit).isZero();
        assertThat(stopped).isTrue();
        assertThat(err.toString()).contains("Lifting the server siege...");
        assertThat(api.requests.stream().map(FakeApi.Request::line)).contains("POST /api/v1/sessions/s1/stop");
        assertThat(out.toString()).isEqualTo(SIEGE);
    }

    @Test
    void aFailedSessionIsExit1WithItsReason() throws Exception {
        api = cluster(1, "FAILED", REPORT_OK, new AtomicBoolean());
        assertThat(run(false, StopSignal.NEVER)).isEqualTo(1);
        assertThat(err.toString()).contains("siegegrid: session s1 FAILED: no node could reach it");
    }

    @Test
    void aSessionThatVanishesIsAnApiErrorWithExit2() throws Exception {
        api = new FakeApi(r -> r.method().equals("POST") ? FakeApi.Answer.json(201, "{\"id\":\"s1\",\"state\":\"PENDING\"}")
                : r.path().equals("/api/v1/sessions") ? FakeApi.Answer.json(200, "{\"sessions\":[]}")
                : FakeApi.Answer.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no session s1\",\"field\":null,"
                + "\"problems\":[]}}"));
        assertThatThrownBy(() -> run(false, StopSignal.NEVER)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.exitCode()).isEqualTo(2));
    }

    @Test
    void aRejectedSpecIsExit2WithTheServersProblemsOnOneLine() throws Exception {
        api = new FakeApi(r -> FakeApi.Answer.json(400, "{\"error\":{\"code\":\"invalid\",\"message\":\"host not allowed\","
                + "\"field\":\"targets[0].url\",\"problems\":[{\"field\":\"targets[0].url\",\"message\":\"host not allowed\"}]}}"));
        Cli.Result r = Cli.run("run", "--api", api.url(), "--rps", "10", "-t", "1S", "http://127.0.0.1:9/");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("siegegrid: 400 invalid: targets[0].url: host not allowed");
        assertThat(r.out()).isEmpty();
    }
}
