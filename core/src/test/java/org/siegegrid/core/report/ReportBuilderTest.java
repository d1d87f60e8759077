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
        // ours: 5 issued in 2 s; targets 2 then 3 rps
        assertThat(r.achievedRps()).isEqualTo(2.5);
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
        assertThat(p1.achieved()).isEqualTo(3.0);
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
    void nodesGetTheirShareAndTheirMergedPercentiles() {
        RunStats fast = new RunStats();
        RunStats slow = new RunStats();
        for (int i = 0; i < 10; i++) {
            fast.add(Intervals.of(i, i + 1, counters(90, 90, 90, 0, Map.of()), repeat(90, 1_000)), 90);
            slow.add(Intervals.of(i, i + 1, counters(10, 10, 10, 0, Map.of()), repeat(10, 100_000)), 10);
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
