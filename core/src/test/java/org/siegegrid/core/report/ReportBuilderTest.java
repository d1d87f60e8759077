package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.siegegrid.core.report.Intervals.counters;
import static org.siegegrid.core.report.Intervals.us;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReportBuilderTest {
    private static final long MIB = 1024 * 1024;
    /** HdrHistogram with 3 digits: every value within 0.1 %. */
    private static final double REL = 0.001;

    /**
     * Two seconds, five requests:
     * second 0: 200 in 100 ms (512 KiB), 404 in 200 ms (256 KiB);
     * second 1: 200 in 300 ms (1 MiB), 500 in 400 ms (256 KiB), one connection refused (no time, no bytes).
     * In second 1 the sender was 50 ms behind: corrected = service + 50 ms.
     */
    static Report handWorkedReport(List<String> thresholds) {
        RunStats s = new RunStats();
        s.add(Intervals.of(0, 1, counters(2, 2, 1, MIB / 2 + MIB / 4, Map.of(ErrorKind.HTTP_4XX, 1L)),
                100_000, 200_000), 2.0);
        s.add(Intervals.of(1, 2, counters(3, 2, 1, MIB + MIB / 4, Map.of(ErrorKind.HTTP_5XX, 1L, ErrorKind.REFUSED, 1L)),
                us(350_000, 450_000), us(300_000, 400_000)), 3.0);
        return ReportBuilder.of(s).thresholds(thresholds).build();
    }

    @Test
    void siegeFieldsMatchHandComputedValues() {
        Report r = handWorkedReport(List.of());
        // transactions: 4 responses - 1 5xx (siege does not count a 5xx as a hit) = 3
        assertThat(r.transactions()).isEqualTo(3);
        // failed: 1 refused + 1 5xx = 2; the 404 is neither successful nor failed
        assertThat(r.failedTransactions()).isEqualTo(2);
        assertThat(r.successfulTransactions()).isEqualTo(2);
        // availability = 3 / (3 + 2) x 100
        assertThat(r.availability()).isEqualTo(60.0);
        assertThat(r.elapsedTime()).isEqualTo(2.0);
        // 0.75 MiB + 1.25 MiB
        assertThat(r.dataTransferred()).isEqualTo(2.0);
        assertThat(r.throughput()).isEqualTo(1.0);
        // sum of service times, 5xx included: 0.1 + 0.2 + 0.3 + 0.4 = 1.0 s; over 3 transactions
        assertThat(r.responseTime()).isCloseTo(1.0 / 3, within(REL));
        assertThat(r.concurrency()).isCloseTo(0.5, within(REL));
        assertThat(r.transactionRate()).isEqualTo(1.5);
        assertThat(r.longestTransaction()).isCloseTo(0.4, within(0.4 * REL));
        assertThat(r.shortestTransaction()).isCloseTo(0.1, within(0.1 * REL));
        // ours: 4 responses in 2 s (5 sent: a refused connection is no response); targets 2 then 3 rps
        assertThat(r.achievedRps()).isEqualTo(2.0);
        assertThat(r.targetRps()).isEqualTo(2.5);
        assertThat(r.errors()).containsExactly(Map.entry("refused", 1L), Map.entry("reset", 0L), Map.entry("timeout", 0L),
                Map.entry("tls", 0L), Map.entry("dns", 0L), Map.entry("other", 0L), Map.entry("http_4xx", 1L),
                Map.entry("http_5xx", 1L));
        assertThat(r.nodes()).containsExactly(new Report.Node("local", 5, 1.0));
        // latencies: 4 samples; p50 is the 2nd smallest, p90/p99/p999/max the largest
        Report.Latency c = r.corrected();
        assertThat(c.count()).isEqualTo(4);
        assertThat(c.p50()).isCloseTo(200, relative(200));
        assertThat(c.p99()).isCloseTo(450, relative(450));
        assertThat(c.max()).isCloseTo(450, relative(450));
        assertThat(c.mean()).isCloseTo((100 + 200 + 350 + 450) / 4.0, relative(275));
        assertThat(r.service().p99()).isCloseTo(400, relative(400));
        assertThat(r.service().mean()).isCloseTo(250, relative(250));
        // series: one point per second
        assertThat(r.series()).hasSize(2);
        SeriesPoint p0 = r.series().get(0);
        SeriesPoint p1 = r.series().get(1);
        assertThat(p0.t()).isZero();
        assertThat(p0.target()).isEqualTo(2.0);
        assertThat(p0.achieved()).isEqualTo(2.0);
        assertThat(p0.p99()).isCloseTo(200, relative(200));
        assertThat(p0.errors()).isEqualTo(1);
        assertThat(p1.t()).isEqualTo(1);
        assertThat(p1.achieved()).isEqualTo(2.0);
        assertThat(p1.sent()).isEqualTo(3.0);
        assertThat(p0.responses() + p1.responses()).isEqualTo(r.totals().responses());
        assertThat(p0.issued() + p1.issued()).isEqualTo(r.totals().issued());
        assertThat(p1.p99()).isCloseTo(450, relative(450));
        assertThat(p1.errors()).isEqualTo(2);
        System.out.println(SiegeSummary.format(r));
    }

    @Test
    void requestsANodeNeverPublishedAreReportedApartNeverGuessedIn() {
        RunStats s = new RunStats();
        s.add(Intervals.of(0, 1, counters(100, 100, 0, 10_000, Map.of()), 1, 1));
        Report r = ReportBuilder.create().addNode("a", s).addNode("b", s).unreported("b", 37, 250)
                .unreported("a", -3, -1).build();
        assertThat(r.totals().issued()).as("the counts are what was published").isEqualTo(200);
        assertThat(r.nodes()).extracting(Report.Node::unreported).containsExactly(0L, 37L);
        assertThat(r.unreported()).isEqualTo(37);
        assertThat(r.unreportedMax()).isEqualTo(250);
        assertThat(ReportJson.toJson(r)).contains("\"unreported_requests\": 37").contains("\"unreported\": 37")
                .contains("\"unreported_requests_max\": 250");
        assertThat(SiegeSummary.extras(r)).contains("Unreported (lost):").contains("37 to 250");
        assertThat(SiegeSummary.extras(ReportBuilder.of(s).build())).doesNotContain("Unreported");
    }

    @Test
    void siegeTextIsRoundedLikeSiege() {
        assertThat(SiegeSummary.siege(handWorkedReport(List.of()))).isEqualTo(""
                + "Transactions:\t\t           3 hits\n"
                + "Availability:\t\t       60.00 %\n"
                + "Elapsed time:\t\t        2.00 secs\n"
                + "Data transferred:\t        2.00 MB\n"
                + "Response time:\t\t        0.33 secs\n"
                + "Transaction rate:\t        1.50 trans/sec\n"
                + "Throughput:\t\t        1.00 MB/sec\n"
                + "Concurrency:\t\t        0.50\n"
                + "Successful transactions:           2\n"
                + "Failed transactions:\t           2\n"
                + "Longest transaction:\t        0.40\n"
                + "Shortest transaction:\t        0.10\n"
                + " \n");
    }

    /**
     * The run of siege 4.0.7 captured in {@code siege-4.0.7/summary-200-404-500-slow.txt}
     * ({@code siege -c 1 -r 4 -f urls.txt}; elapsed 0.25 s), its verbose lines:
     * <pre>
     * HTTP/1.1 200     0.00 secs:    1000 bytes ==> GET  /ok
     * HTTP/1.1 404     0.00 secs:    1000 bytes ==> GET  /nf
     * HTTP/1.1 500     0.01 secs:    1000 bytes ==> GET  /err
     * HTTP/1.1 200     0.24 secs:    1000 bytes ==> GET  /slow
     * </pre>
     * fed as one interval gives siege's summary byte for byte (concurrency 1.00 shows that siege adds
     * the 500's time to the total while not counting it as a transaction).
     */
    @Test
    void reproducesARealSiegeRunByteForByte() throws IOException {
        RunStats s = new RunStats();
        s.add(Intervals.of(0, 0.25, counters(4, 4, 2, 4000, Map.of(ErrorKind.HTTP_4XX, 1L, ErrorKind.HTTP_5XX, 1L)),
                1, 1, 10_000, 240_000));
        String ours = SiegeSummary.siege(ReportBuilder.of(s).build());
        assertThat(ours).isEqualTo(resource("siege-4.0.7/summary-200-404-500-slow.txt"));
    }

    /** siege 4.0.7: 2 x 200 and 2 x connection refused, all within one clock tick (elapsed 0.00). */
    @Test
    void reproducesASiegeRunWithSocketFailures() throws IOException {
        RunStats s = new RunStats();
        s.add(Intervals.of(0, 0.001, counters(4, 2, 2, 2000, Map.of(ErrorKind.REFUSED, 2L)), 1, 1));
        Report r = ReportBuilder.of(s).elapsed(Duration.ZERO).build();
        assertThat(SiegeSummary.siege(r)).isEqualTo(resource("siege-4.0.7/summary-200-refused.txt"));
    }

    @Test
    void nothingSucceededAndNothingSent() {
        RunStats failing = new RunStats();
        failing.add(Intervals.of(0, 1, counters(2, 2, 0, 10, Map.of(ErrorKind.HTTP_5XX, 2L)), 5_000, 7_000));
        Report r = ReportBuilder.of(failing).build();
        assertThat(r.transactions()).isZero();
        assertThat(r.availability()).isZero();
        assertThat(r.responseTime()).isZero();
        assertThat(r.shortestTransaction()).as("siege: 0 when no transaction succeeded").isZero();
        assertThat(r.longestTransaction()).isCloseTo(0.007, within(0.007 * REL));
        assertThat(r.concurrency()).isCloseTo(0.012, within(0.012 * REL));

        Report empty = ReportBuilder.of(new RunStats()).build();
        assertThat(empty.elapsedTime()).isZero();
        assertThat(empty.transactionRate()).isZero();
        assertThat(empty.corrected()).isEqualTo(Report.Latency.EMPTY);
        assertThat(empty.targetRps()).isNull();
        assertThat(empty.series()).isEmpty();
    }

    @Test
    void whatWasNeverSentOrNeverAnsweredCountsAsFailedNeverAsAvailable() {
        // 100 due: 60 answered, 30 dropped (never sent), 10 sent and never answered (a silent server)
        RunStats s = new RunStats();
        s.add(Intervals.of(0, 1, new Counters(70, 60, 60, 30, 600, Map.of()), 1_000), 100);
        Report live = ReportBuilder.of(s).thresholds(List.of("errors < 1%", "errors <= 40%")).build();
        assertThat(live.totals().unfinished()).as("live: in flight").isEqualTo(10);
        assertThat(live.availability()).as("live: the 10 in flight may yet answer").isCloseTo(100.0 * 60 / 90, within(1e-9));
        assertThat(live.thresholds()).extracting(ThresholdResult::value).containsExactly(100.0 * 30 / 90, 100.0 * 30 / 90);

        Report end = ReportBuilder.of(s).ended(true).thresholds(List.of("errors < 1%", "errors <= 40%")).build();
        assertThat(end.neverAnswered()).isEqualTo(40);
        assertThat(end.availability()).isEqualTo(60.0);
        assertThat(end.thresholds()).extracting(ThresholdResult::value).containsExactly(40.0, 40.0);
        assertThat(end.thresholds()).extracting(ThresholdResult::ok).containsExactly(false, true);
        assertThat(SiegeSummary.extras(end)).contains("Dropped (too late):\t          30\n")
                .contains("Unfinished:\t\t          10\n")
                .contains("40 requests due got no answer (30 dropped: never sent, over 1 s late; 10 unfinished)");
        var json = com.google.gson.JsonParser.parseString(ReportJson.toJson(end)).getAsJsonObject();
        assertThat(json.get("availability").getAsDouble()).isEqualTo(60.0);
        assertThat(json.get("dropped_requests").getAsLong()).isEqualTo(30);
        assertThat(json.get("unfinished_requests").getAsLong()).isEqualTo(10);
        assertThat(json.get("issued_requests").getAsLong()).isEqualTo(70);

        // siege's own figure where nothing was dropped and everything came back (the closed model)
        RunStats closed = new RunStats();
        closed.add(Intervals.of(0, 1, counters(10, 10, 10, 0, Map.of()), 1_000));
        Report siege = ReportBuilder.of(closed).ended(true).build();
        assertThat(siege.availability()).isEqualTo(100.0);
        assertThat(SiegeSummary.extras(siege)).doesNotContain("Unfinished").doesNotContain("got no answer");
    }

    @Test
    void answersToTheWarmUpsLastRequestsAreNotTheMeasuredWindowsAchievedRate() {
        // 1 s of warm-up at 100 rps ending with 10 requests in flight, answered in the first measured second
        RunStats s = RunStats.withWarmup(1);
        s.add(Intervals.of(0, 1, counters(100, 90, 90, 0, Map.of()), repeat(90, 1_000)), 100);
        s.add(Intervals.of(1, 2, counters(100, 110, 110, 0, Map.of()), repeat(110, 1_000)), 100);
        s.add(Intervals.of(2, 3, counters(100, 100, 100, 0, Map.of()), repeat(100, 1_000)), 100);
        Report r = ReportBuilder.of(s).warmup(1).ended(true).build();
        assertThat(r.totals().responses()).as("every answer that arrived in the window").isEqualTo(210);
        assertThat(r.achievedRps()).as("but 10 of them were the warm-up's").isEqualTo(100.0);
    }

    @Test
    void aWarmUpIsSentAndShownApartFromEveryMeasuredFigure() {
        // 2 s of warm-up at 50 rps with a slow start (10 ms), then 3 s at 100 rps answered in 1 ms
        RunStats s = RunStats.withWarmup(2);
        for (int i = 0; i < 5; i++) {
            boolean warm = i < 2;
            s.add(Intervals.of(i, i + 1, counters(warm ? 50 : 100, warm ? 50 : 100, warm ? 49 : 100, 0,
                    warm ? Map.of(ErrorKind.HTTP_5XX, 1L) : Map.of()), repeat(warm ? 50 : 100, warm ? 10_000 : 1_000)),
                    warm ? 50 : 100);
        }
        Report r = ReportBuilder.of(s).warmup(2).ended(true).thresholds(List.of("p99 < 2ms", "errors == 0%")).build();
        assertThat(r.totals().issued()).isEqualTo(300);
        assertThat(r.elapsedTime()).isEqualTo(3.0);
        assertThat(r.achievedRps()).isEqualTo(100.0);
        assertThat(r.targetRps()).as("the mean target of the measured window").isEqualTo(100.0);
        assertThat(r.corrected().p99()).isCloseTo(1.0, relative(1));
        assertThat(r.thresholdsOk()).as("the warm-up's 10 ms and its 5xx are not measured").isTrue();
        assertThat(r.series()).hasSize(5);   // the series shows every second, the warm-up's too

        Report.Warmup w = r.warmup();
        assertThat(w.seconds()).isEqualTo(2);
        assertThat(w.totals().issued()).isEqualTo(100);
        assertThat(w.totals().failures()).isEqualTo(2);
        assertThat(w.achievedRps()).isEqualTo(50.0);
        assertThat(w.corrected().p99()).isCloseTo(10.0, relative(10));
        assertThat(SiegeSummary.extras(r)).contains("Warm-up (apart):\t         100 requests in 2 s, 2 failed, corrected p99 10.0");
        var json = com.google.gson.JsonParser.parseString(ReportJson.toJson(r)).getAsJsonObject();
        assertThat(json.getAsJsonObject("warmup").get("requests").getAsLong()).isEqualTo(100);
        assertThat(json.get("issued_requests").getAsLong()).isEqualTo(300);

        Report none = ReportBuilder.of(new RunStats()).build();
        assertThat(none.warmup()).isNull();
        assertThat(com.google.gson.JsonParser.parseString(ReportJson.toJson(none)).getAsJsonObject().get("warmup")
                .isJsonNull()).isTrue();
    }

    @Test
    void nodesGetTheirShareAndTheirMergedPercentiles() {
        RunStats fast = new RunStats();
        RunStats slow = new RunStats();
        for (int i = 0; i < 10; i++) {
            // every node carries the session's target (100), whatever its share
            fast.add(Intervals.of(i, i + 1, counters(90, 90, 90, 0, Map.of()), repeat(90, 1_000)), 100);
            slow.add(Intervals.of(i, i + 1, counters(10, 10, 10, 0, Map.of()), repeat(10, 100_000)), 100);
        }
        Report r = ReportBuilder.create().addNode("a", fast).addNode("b", slow).targetRps(100.0).build();
        assertThat(r.nodes()).containsExactly(new Report.Node("a", 900, 0.9), new Report.Node("b", 100, 0.1));
        // the slowest 10 % are the slow node's 100 ms: p90 is still 1 ms, p99 is 100 ms.
        // averaging the nodes' p99 (1 ms and 100 ms) would give 50.5 ms: wrong.
        assertThat(r.corrected().p90()).isCloseTo(1.0, relative(1));
        assertThat(r.corrected().p99()).isCloseTo(100.0, relative(100));
        assertThat(r.series()).hasSize(10).allSatisfy(p -> {
            assertThat(p.target()).isEqualTo(100.0);
            assertThat(p.achieved()).isEqualTo(100.0);
        });
        assertThat(r.elapsedTime()).isEqualTo(10.0);
        assertThat(r.achievedRps()).isEqualTo(100.0);
    }

    private static long[] repeat(int n, long value) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static Offset<Double> relative(double value) {
        return within(value * REL);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ReportBuilderTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
