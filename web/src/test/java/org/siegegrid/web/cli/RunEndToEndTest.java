package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.web.target.Stall;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;
import org.siegegrid.web.target.TargetStats;

/**
 * The foundation issue's acceptance criteria: the real {@code run} command, in-process, against a
 * real sink on 127.0.0.1. The sink's counts are the ground truth.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunEndToEndTest {
    private TargetServer sink;

    @BeforeAll
    static void engineIsBuilt() {
        boolean present;
        try {
            Class.forName("org.siegegrid.core.load.NativeEngine");
            present = true;
        } catch (ClassNotFoundException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "the native engine is not on this branch yet");
    }

    @AfterEach
    void closeSink() {
        if (sink != null) {
            sink.close();
        }
    }

    private TargetServer sink(TargetOptions o) {
        sink = new TargetServer(o).start();
        return sink;
    }

    private static JsonObject json(Cli.Result r) {
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /** A number from one of the report's "label:   value" lines. */
    private static long reportCount(Cli.Result r, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+(\\d+)").matcher(r.out());
        assertThat(m.find()).as("a '%s' line in the report", label).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void openModelHitsTheRateEverySecond() {
        TargetServer s = sink(TargetOptions.defaults());
        // warm the JIT (engine, sink and report code share this JVM), then count from zero
        Cli.Result warm = Cli.run("run", "--rps", "2000", "-t", "2S", "-q", s.url());
        System.out.println("warm-up --rps 2000 -t 2S: exit " + warm.exit() + ", sink " + s.stats());
        s.reset();
        Cli.Result r = Cli.run("run", "--rps", "2000", "-t", "10S", s.url());
        TargetStats st = s.stats();
        long issued = reportCount(r, "Requests issued:");
        long dropped = reportCount(r, "Dropped (too late):");
        System.out.println("--rps 2000 -t 10S: exit " + r.exit() + ", " + r.millis() + " ms, issued " + issued
                + ", dropped " + dropped + ", sink " + st.requests() + " requests, per second " + st.perSecond());
        System.out.print(r.out());
        assertThat(r.exit()).isZero();
        // every request the schedule made due in the 10 s is sent or counted dropped: 20000 (19999 when the
        // runner's schedule starts more than 0.5 ms after the run loop's clock, so the last one falls after the stop)
        assertThat(issued + dropped).isBetween(19_999L, 20_000L);
        assertThat(dropped).as("dropped (a second late)").isLessThan(200);
        // every issued request reaches the sink, but for those still connecting when the run stopped (at most
        // the 64 default connections)
        assertThat(st.requests()).isBetween(issued - 64, issued);
        // Per-second counts are measured where a busy machine shows: the sink's seconds start at its first
        // request (not at the schedule's origin), and on a shared 2-core machine the client or the sink can be
        // held back ~100 ms (a GC, the other builds), which moves up to ~200 requests from one sink-second into
        // the next (we saw 1955, 2055 on an idle-ish machine, outside the old 1960-2040 band). The band below
        // only says "each second is at the rate, give or take such a hiccup"; the exact pacing (one request
        // every 0.5 ms, no drift, no catch-up burst) is pinned down on simulated time in core's
        // NativeRunnerControlTest and NativeRunnerPlanTest, and the once-a-second intervals in RunLoopTest.
        List<Long> per = st.perSecond();
        assertThat(per.size()).isGreaterThanOrEqualTo(10);
        for (int i = 1; i < 10; i++) {
            assertThat(per.get(i)).as("second %d", i).isBetween(1700L, 2300L);
        }
        assertThat(r.errLines()).as("a progress line at least once a second").hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void usersTimesRepsIsTheExactBudget() {
        TargetServer s = sink(TargetOptions.defaults());
        Cli.Result r = Cli.run("run", "-c", "10", "-r", "100", "-b", "-j", s.url());
        System.out.println("-c 10 -r 100 -b: exit " + r.exit() + ", sink " + s.requests() + ", " + r.millis() + " ms");
        assertThat(r.exit()).isZero();
        assertThat(s.requests()).isEqualTo(1000);
        assertThat(json(r).get("transactions").getAsLong()).isEqualTo(1000);
    }

    @Test
    void htmlWritesTheReportPageBesidesTheSummary(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TargetServer s = sink(TargetOptions.defaults());
        java.nio.file.Path page = dir.resolve("run.html");
        Cli.Result r = Cli.run("run", "-c", "2", "-r", "10", "-b", "-q", "--html", page.toString(), s.url());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Transactions:");
        assertThat(java.nio.file.Files.readString(page)).startsWith("<!doctype html>").contains("closed model",
                "<polyline", "GET " + s.url()).doesNotContain("<script");
        Cli.Result remote = Cli.run("run", "--api", "http://127.0.0.1:1", "--html", page.toString(), s.url());
        assertThat(remote.exit()).isEqualTo(2);
        assertThat(remote.err()).contains("--html is for a local run");
    }

    @Test
    void timeLimitEndsWithin200Ms() {
        TargetServer s = sink(TargetOptions.defaults());
        Cli.Result r = Cli.run("run", "-c", "5", "-d", "0.1", "-t", "5S", "-q", s.url());
        System.out.println("-t 5S: command took " + r.millis() + " ms (overshoot " + (r.millis() - 5000) + " ms), sink "
                + s.requests());
        assertThat(r.exit()).isZero();
        assertThat(r.millis()).isBetween(5000L, 5200L);
    }

    @Test
    void stallsShowInCorrectedButNotInServiceLatency() {
        TargetServer s = sink(TargetOptions.defaults().withStall(Stall.parse("500ms/2s")));
        Cli.Result r = Cli.run("run", "--rps", "500", "--concurrency", "1", "-t", "6S", "-j", "-q", s.url());
        JsonObject lat = json(r).getAsJsonObject("latency_ms");
        double corrected = lat.getAsJsonObject("corrected").get("p99").getAsDouble();
        double service = lat.getAsJsonObject("service").get("p99").getAsDouble();
        System.out.printf("stall 500ms/2s: corrected p99 %.1f ms, service p99 %.1f ms, sink %d%n",
                corrected, service, s.requests());
        assertThat(r.exit()).isZero();
        assertThat(corrected).isGreaterThanOrEqualTo(400);
        assertThat(service).isLessThan(100);
    }

    @Test
    void whatWasNeverSentIsNeverHidden() {
        // a sink that stalls 3 s in every 5 (8 s hold a whole stall wherever they start): the default bound (a
        // second of the rate, 300) fills in the stall's first second and what is due after it waits past 1 s
        TargetServer s = sink(TargetOptions.defaults().withStall(Stall.parse("3s/5s")));
        Cli.Result r = Cli.run("run", "--rps", "300", "-t", "8S", "-j", "-q", s.url());
        JsonObject o = json(r);
        long issued = o.get("issued_requests").getAsLong();
        long dropped = o.get("dropped_requests").getAsLong();
        long unfinished = o.get("unfinished_requests").getAsLong();
        long transactions = o.get("transactions").getAsLong();
        double availability = o.get("availability").getAsDouble();
        JsonObject lat = o.getAsJsonObject("latency_ms");
        double correctedP90 = lat.getAsJsonObject("corrected").get("p90").getAsDouble();
        double serviceP90 = lat.getAsJsonObject("service").get("p90").getAsDouble();
        System.out.printf("stall 3s/5s, 300 rps x 8 s: issued %d, dropped %d, unfinished %d, answered %d, availability"
                        + " %.2f %%, corrected p90 %.1f ms, service p90 %.1f ms, sink %d%n", issued, dropped, unfinished,
                transactions, availability, correctedP90, serviceP90, s.requests());
        // every scheduled request is sent or counted as dropped
        assertThat(issued + dropped).isBetween(2376L, 2400L);
        assertThat(dropped).as("a 3 s stall holds requests past the 1 s bound").isGreaterThan(100);
        assertThat(transactions + unfinished).isEqualTo(issued);
        assertThat(availability).isCloseTo(100.0 * transactions / (issued + dropped), org.assertj.core.api.Assertions.within(0.01));
        // the dropped are in corrected latency at a second or more (the 2s/4s run had a p90 of 5.3 ms)
        assertThat(correctedP90).as("corrected p90").isGreaterThanOrEqualTo(1000);
        JsonObject last = o.getAsJsonArray("series").get(o.getAsJsonArray("series").size() - 1).getAsJsonObject();
        assertThat(last.get("t").getAsInt()).as("no empty trailing second").isEqualTo(7);
        // it sent (the stall holds the answers: achieved, which counts responses, may be 0 there)
        assertThat(last.get("sent").getAsDouble()).isPositive();
    }

    @Test
    void aWarmUpIsSentInFullAndReportedApart() {
        TargetServer s = sink(TargetOptions.defaults());
        Cli.Result r = Cli.run("run", "--rps", "400", "-t", "4S", "--warmup", "1s", "-j", "-q", s.url());
        JsonObject o = json(r);
        JsonObject warm = o.getAsJsonObject("warmup");
        long measured = o.get("issued_requests").getAsLong();
        long warmed = warm.get("requests").getAsLong();
        System.out.printf("--warmup 1s of 4 s at 400 rps: warm-up %d requests (corrected p99 %s ms), measured %d in %s s,"
                        + " sink %d%n", warmed, warm.getAsJsonObject("latency_ms").getAsJsonObject("corrected").get("p99"),
                measured, o.get("elapsed_time"), s.requests());
        assertThat(r.exit()).isZero();
        assertThat(warm.get("seconds").getAsLong()).isEqualTo(1);
        // the whole schedule is sent: the sink has both parts, the report each apart
        assertThat(warmed + measured).isEqualTo(s.requests()).isBetween(1584L, 1600L);
        assertThat(warmed).isBetween(380L, 420L);
        assertThat(o.get("elapsed_time").getAsDouble()).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.05));
        assertThat(o.get("achieved_rps").getAsDouble()).isCloseTo(400, org.assertj.core.api.Assertions.within(8.0));
        assertThat(o.getAsJsonArray("series")).hasSize(4);   // every second is charted, the warm-up's too

        Cli.Result bad = Cli.run("run", "--rps", "400", "-t", "4S", "--warmup", "4s", s.url());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--warmup: must be shorter than the run (4s), got 4s");
    }

    @Test
    void anOpenModelUrlFileIsTakenInTurnAndJsonPrintsNoBanner(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TargetServer s = sink(TargetOptions.defaults());
        java.nio.file.Path urls = dir.resolve("urls.txt");
        java.nio.file.Files.writeString(urls, s.url() + "a\n" + s.url() + "b\n" + s.url() + "c\n");
        Cli.Result r = Cli.run("run", "-f", urls.toString(), "--rps", "30", "-t", "1S", "-v", "-j");
        List<String> paths = r.err().lines().filter(l -> l.contains("==> GET")).map(l -> l.substring(l.lastIndexOf('/')))
                .toList();
        System.out.println("-f with --rps, in order sent: " + paths);
        // siege's order: each line in turn (two I/O loops sent a, b, b, c, c, a: each walked the file alone)
        assertThat(paths).hasSizeGreaterThanOrEqualTo(6);
        assertThat(paths.subList(0, 6)).containsExactly("/a", "/b", "/c", "/a", "/b", "/c");
        // siege prints no banner with -j: stdout is the JSON, stderr only the -v lines and the progress
        assertThat(r.err()).doesNotContain("** SiegeGrid").doesNotContain("under siege");
        assertThat(json(r).get("issued_requests").getAsLong()).isBetween(29L, 30L);
    }

    @Test
    void aServerThatNeverAnswersShowsEveryRequestUnfinished() {
        TargetServer s = sink(TargetOptions.defaults().withFaults(new org.siegegrid.web.target.FaultMix(0, 0, 0, 1.0)));
        Cli.Result r = Cli.run("run", "--rps", "50", "-t", "2S", "-j", "-q", s.url());
        JsonObject o = json(r);
        System.out.println("silent server, 50 rps x 2 s: " + o.get("issued_requests") + " issued, "
                + o.get("unfinished_requests") + " unfinished, availability " + o.get("availability"));
        assertThat(o.get("transactions").getAsLong()).isZero();
        // 64 connections (the floor at 50 rps) fill, the rest of the 100 due wait and are dropped
        assertThat(o.get("issued_requests").getAsLong() + o.get("dropped_requests").getAsLong()).isBetween(95L, 100L);
        assertThat(o.get("issued_requests").getAsLong()).isEqualTo(64);
        assertThat(o.get("unfinished_requests").getAsLong()).isEqualTo(o.get("issued_requests").getAsLong());
        assertThat(o.get("availability").getAsDouble()).isZero();
        assertThat(r.exit()).as("nothing answered is a failed run").isNotZero();
    }

    @Test
    void aRefusedPortCountsEveryFailureAndExitsNonZero() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Cli.Result r = Cli.run("run", "-c", "4", "-r", "25", "-q", "http://127.0.0.1:" + port + "/");
        System.out.println("refused: exit " + r.exit() + " in " + r.millis() + " ms\n" + r.out());
        assertThat(r.exit()).isNotZero().isNotEqualTo(2);
        assertThat(r.out()).contains("Transactions:").contains("Failed transactions:");
        assertThat(r.out()).containsPattern("Failed transactions:\\s+100\\b");
        assertThat(r.millis()).isLessThan(10_000);
    }

    @Test
    void verbosePrintsSiegesLineForEveryRequest() throws Exception {
        TargetServer s = sink(TargetOptions.defaults());
        String url = s.url().replaceAll("/$", "") + "/a?x=1";
        Cli.Result r = Cli.run("run", "-v", "-c", "2", "-r", "3", url);
        List<String> lines = r.outLines().stream().takeWhile(l -> !l.startsWith("Transactions:"))
                .filter(l -> !l.isBlank()).toList();
        System.out.println("-v:\n" + String.join("\n", lines));
        assertThat(r.exit()).isZero();
        assertThat(lines).hasSize(6)
                .allMatch(l -> l.matches("HTTP/1\\.1 200 {4} *\\d+\\.\\d\\d secs: +\\d+ bytes ==> GET  /a\\?x=1"));

        Cli.Result j = Cli.run("run", "-v", "-j", "-c", "1", "-r", "2", s.url());
        assertThat(json(j).get("transactions").getAsLong()).isEqualTo(2);
        assertThat(j.errLines().stream().filter(l -> l.startsWith("HTTP/1.1 200 "))).hasSize(2);

        Cli.Result q = Cli.run("run", "-v", "-q", "-c", "1", "-r", "2", s.url());
        assertThat(q.out() + q.err()).doesNotContain("HTTP/1.1 200 ");

        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Cli.Result refused = Cli.run("run", "-v", "-c", "1", "-r", "2", "http://127.0.0.1:" + port + "/gone");
        assertThat(refused.outLines().stream().filter(l -> l.equals("[error] connection refused ==> GET  /gone")))
                .hasSize(2);
        assertThat(s.requests()).isEqualTo(10);
    }

    @Test
    void thresholdsDecideTheExitCode() {
        TargetServer s = sink(TargetOptions.defaults());
        Cli.Result pass = Cli.run("run", "-c", "2", "-r", "50", "-q", "--threshold", "errors < 1%",
                "--threshold", "p99 < 30s", s.url());
        Cli.Result fail = Cli.run("run", "-c", "2", "-r", "50", "-q", "-j", "--threshold", "p50 < 0.001ms", s.url());
        System.out.println("thresholds: pass -> " + pass.exit() + ", fail -> " + fail.exit() + " " + fail.err().strip());
        assertThat(pass.exit()).isZero();
        assertThat(pass.out()).contains("Threshold:").doesNotContain("FAILED");
        assertThat(fail.exit()).isEqualTo(1);
        assertThat(json(fail).getAsJsonArray("thresholds").get(0).getAsJsonObject().get("ok").getAsBoolean()).isFalse();
        assertThat(fail.err()).containsPattern("threshold FAILED: p50 < 0\\.001ms \\(measured \\d+\\.\\d\\d ms\\)");
        assertThat(s.requests()).isEqualTo(200);
    }

    @Test
    void aThresholdWithoutItsUnitIsRefusedBeforeTheRun() {
        TargetServer s = sink(TargetOptions.defaults());
        Cli.Result noUnit = Cli.run("run", "-c", "1", "-r", "5", "-q", "--threshold", "p99 < 200", s.url());
        Cli.Result count = Cli.run("run", "-c", "1", "-r", "5", "-q", "--threshold", "errors < 3", s.url());
        Cli.Result alone = Cli.run("run", "-c", "1", "-r", "5", "-q", "--abort-on-fail", s.url());
        System.out.println("no unit -> " + noUnit.exit() + " " + noUnit.err().strip());
        assertThat(noUnit.exit()).isEqualTo(2);
        assertThat(noUnit.errLines()).hasSize(1);
        assertThat(noUnit.err()).contains("--threshold: threshold 'p99 < 200': a latency needs a unit: 200ms or 0.2s");
        assertThat(count.exit()).isEqualTo(2);
        assertThat(count.err()).contains("errors < 3%").contains("failures < 3");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("--abort-on-fail");
        assertThat(s.requests()).as("refused before a request is sent").isZero();
    }

    @Test
    void aFailingThresholdAbortsTheRunOnceTheGraceIsOver() {
        TargetServer s = sink(TargetOptions.defaults().withLatency(
                org.siegegrid.web.target.Latency.fixed(java.time.Duration.ofMillis(20))));
        Cli.Result r = Cli.run("run", "--rps", "200", "-t", "30S", "-q", "--threshold", "errors < 1%",
                "--threshold", "p99 < 1ms", "--abort-on-fail", "--abort-grace", "2s", s.url());
        System.out.println("abort-on-fail after a 2 s grace: exit " + r.exit() + " in " + r.millis() + " ms, "
                + s.requests() + " requests; " + r.err().strip());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.millis()).as("not before the grace, within 2 s after it").isBetween(2_000L, 4_000L);
        assertThat(r.err()).containsPattern(
                "siegegrid aborted: threshold failed: p99 < 1ms \\(measured \\d+\\.\\d\\d ms\\) \\(--abort-on-fail\\)");
        assertThat(r.out()).containsPattern("Threshold:\\s+FAILED  p99 < 1ms \\(measured \\d+\\.\\d\\d ms\\)")
                .containsPattern("Threshold:\\s+ok  errors < 1% \\(measured \\d\\.\\d\\d %\\)");
        assertThat(s.requests()).isBetween(200L, 1_000L);
    }

    @Test
    void aPassingThresholdNeverAborts() {
        TargetServer s = sink(TargetOptions.defaults());
        Cli.Result r = Cli.run("run", "--rps", "100", "-t", "3S", "-q", "-j", "--threshold", "p99 < 30s",
                "--threshold", "rps > 10/s", "--abort-on-fail", s.url());
        System.out.println("abort-on-fail, passing: exit " + r.exit() + " in " + r.millis() + " ms; " + r.err().strip());
        assertThat(r.exit()).isZero();
        assertThat(r.millis()).as("ran its whole 3 s").isGreaterThanOrEqualTo(3_000L);
        assertThat(r.err()).doesNotContain("aborted").containsPattern("threshold ok: rps > 10/s \\(measured \\d+\\.\\d/s\\)");
    }

    @Test
    void everyRequestAnswered500IsAFailedRun() {
        TargetServer s = sink(TargetOptions.defaults().withErrorRate(1.0));
        Cli.Result r = Cli.run("run", "-c", "2", "-r", "10", "-q", s.url());
        System.out.println("all 500: exit " + r.exit());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("Failed transactions:\\s+20\\b");
        assertThat(s.requests()).isEqualTo(20);
    }
}
