package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunStatsCodecTest {
    private static final long S = 1_000_000_000L;

    private static IntervalStats interval(long second, long issued, long latencyUs, Map<ErrorKind, Long> errors) {
        Histogram corrected = Histograms.newHistogram();
        Histogram service = Histograms.newHistogram();
        for (int i = 0; i < issued; i++) {
            corrected.recordValue(latencyUs + i);
            service.recordValue(latencyUs / 2 + i);
        }
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        Counters c = new Counters(issued, issued - failed, issued - failed, 1, issued * 100, errors);
        return new IntervalStats(second * S, (second + 1) * S, issued, c, corrected, service);
    }

    @Test
    void roundTripKeepsTotalsHistogramsAndTheSeries() {
        RunStats s = new RunStats(0);
        s.add(interval(0, 100, 1_000, Map.of()), 100);
        s.add(interval(1, 120, 2_000, Map.of(ErrorKind.REFUSED, 3L)), 120);
        s.add(interval(2, 90, 50_000, Map.of(ErrorKind.HTTP_5XX, 2L, ErrorKind.TIMEOUT, 1L)), 100);

        RunStats back = RunStatsCodec.decode(RunStatsCodec.encode(s));

        assertThat(back.totals()).isEqualTo(s.totals());
        assertThat(back.elapsedNanos()).isEqualTo(s.elapsedNanos());
        assertThat(back.intervalCount()).isEqualTo(3);
        assertThat(back.corrected()).isEqualTo(s.corrected());
        assertThat(back.service()).isEqualTo(s.service());
        assertThat(back.series()).isEqualTo(s.series());
        assertThat(back.countersBySecond()).isEqualTo(s.countersBySecond());
    }

    @Test
    void theGeneratorLagHistogramTravelsAndMerges() {
        org.HdrHistogram.Histogram lag = Histograms.newHistogram();
        lag.recordValue(0);
        lag.recordValue(0);
        lag.recordValue(2_500);
        IntervalStats i = interval(0, 3, 1_000, Map.of());
        IntervalStats withLag = new IntervalStats(i.startNanos(), i.endNanos(), i.due(), i.counters(), i.corrected(),
                i.service(), 2_500_000, 0, lag);
        RunStats s = new RunStats(0).add(withLag, 3);
        RunStats back = RunStatsCodec.decode(RunStatsCodec.encode(s));
        assertThat(back.lag()).isEqualTo(lag);
        RunStats both = RunStats.merged(java.util.List.of(back, RunStatsCodec.decode(RunStatsCodec.encode(s))));
        assertThat(both.lag().getTotalCount()).isEqualTo(6);
        assertThat(both.lag().getMaxValue()).isBetween(2_499L, 2_501L);
        Report r = ReportBuilder.create().addNode("a", back).build();
        assertThat(r.generatorLag().count()).isEqualTo(3);
        assertThat(r.generatorLag().max()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.nodes().get(0).lagP99Ms()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.laggingNodes()).extracting(Report.Node::id).containsExactly("a");
        var json = ReportJson.toJsonObject(r);
        assertThat(json.getAsJsonObject("latency_ms").getAsJsonObject("generator_lag").get("max").getAsDouble())
                .isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(json.getAsJsonArray("nodes").get(0).getAsJsonObject().get("generator_lag_p99_ms").getAsDouble())
                .isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(SiegeSummary.extras(r)).contains("generator lag:").contains("Warning:")
                .contains("node a itself fell behind (generator lag p99 2.50 ms, above 1 ms)");
    }

    @Test
    void decodedNodesMergeLikeTheOriginals() {
        RunStats a = new RunStats(0).add(interval(0, 50, 1_000, Map.of()), 50);
        RunStats b = new RunStats(0).add(interval(0, 70, 9_000, Map.of()), 70);
        RunStats direct = RunStats.merged(java.util.List.of(a, b));
        RunStats viaBytes = RunStats.merged(java.util.List.of(
                RunStatsCodec.decode(RunStatsCodec.encode(a)), RunStatsCodec.decode(RunStatsCodec.encode(b))));
        assertThat(viaBytes.totals()).isEqualTo(direct.totals());
        assertThat(viaBytes.series()).isEqualTo(direct.series());
        assertThat(viaBytes.corrected().getValueAtPercentile(99))
                .isEqualTo(direct.corrected().getValueAtPercentile(99));
    }

    @Test
    void everySecondKeepsItsHistogramAndTheLastOneStillTakesIntervals() {
        RunStats s = new RunStats(0);
        Map<Long, Histogram> expected = new java.util.TreeMap<>();
        for (long t = 0; t < 300; t++) {
            IntervalStats i = interval(t, 20 + t % 7, 1_000 + 37 * t, Map.of());
            s.add(i, 20);
            expected.computeIfAbsent(t, k -> Histograms.newHistogram()).add(i.corrected());
        }
        RunStatsCodec.encode(s); // a publication in between must not close the last second
        IntervalStats late = interval(299, 30, 90_000, Map.of());
        s.add(late, 20);
        expected.get(299L).add(late.corrected());

        RunStats back = RunStatsCodec.decode(RunStatsCodec.encode(s));

        for (Map.Entry<Long, Histogram> e : expected.entrySet()) {
            assertThat(back.correctedAt(e.getKey())).as("second %d", e.getKey()).isEqualTo(e.getValue());
            assertThat(s.correctedAt(e.getKey())).as("second %d", e.getKey()).isEqualTo(e.getValue());
        }
        SeriesPoint last = back.series().get(299);
        assertThat(last.p99()).isEqualTo(expected.get(299L).getValueAtPercentile(99) / 1000.0);
        assertThat(last.p99()).isGreaterThan(90.0);
        assertThat(back.series()).isEqualTo(s.series());
    }

    @Test
    void mergedSecondsReadTheirP99FromTheMergedHistogram() {
        RunStats a = new RunStats(0);
        RunStats b = new RunStats(0);
        for (long t = 0; t < 120; t++) {
            a.add(interval(t, 100, 1_000, Map.of()), 100);
            b.add(interval(t, 3, 500_000, Map.of()), 3); // 3 slow of 103: above 1 %, so p99 is slow
        }
        RunStats merged = RunStats.merged(java.util.List.of(
                RunStatsCodec.decode(RunStatsCodec.encode(a)), RunStatsCodec.decode(RunStatsCodec.encode(b))));
        for (SeriesPoint p : merged.series()) {
            Histogram both = a.correctedAt(p.t());
            both.add(b.correctedAt(p.t()));
            assertThat(p.p99()).as("second %d", p.t()).isEqualTo(both.getValueAtPercentile(99) / 1000.0);
            assertThat(p.p99()).isGreaterThan(400.0);
        }
        assertThat(merged.series()).hasSize(120);
    }

    @Test
    void blocksAndTheTailAddUpToTheWholeRun() {
        RunStats s = new RunStats(0);
        for (long t = 0; t < 300; t++) {
            Map<ErrorKind, Long> errors = t % 50 == 0 ? Map.of(ErrorKind.TIMEOUT, 1L) : Map.of();
            s.add(interval(t, 20 + t % 7, 1_000 + 37 * t, errors), 20);
        }
        assertThat(s.sealedBefore()).isEqualTo(299);

        RunStats back = RunStatsCodec.decode(RunStatsCodec.encode(s, 120));
        assertThat(back.series()).hasSize(180).allSatisfy(p -> assertThat(p.t()).isGreaterThanOrEqualTo(120));
        assertThat(back.totals()).isEqualTo(s.totals());
        byte[] first = RunStatsCodec.encodeSeconds(s, 0, 60);
        RunStatsCodec.addSeconds(back, first);
        RunStatsCodec.addSeconds(back, RunStatsCodec.encodeSeconds(s, 60, 120));

        assertThat(back.series()).isEqualTo(s.series());
        assertThat(back.countersBySecond()).isEqualTo(s.countersBySecond());
        assertThat(back.correctedAt(59)).isEqualTo(s.correctedAt(59));
        System.out.printf("a 60-second block: %d bytes; the tail from second 120: %d bytes; all 300 s: %d bytes%n",
                first.length, RunStatsCodec.encode(s, 120).length, RunStatsCodec.encode(s).length);
        assertThatThrownBy(() -> RunStatsCodec.addSeconds(back, new byte[] {2, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyStatsRoundTrip() {
        RunStats back = RunStatsCodec.decode(RunStatsCodec.encode(new RunStats()));
        assertThat(back.totals()).isEqualTo(Counters.ZERO);
        assertThat(back.series()).isEmpty();
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> RunStatsCodec.decode(new byte[] {9, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunStatsCodec.decode(new byte[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
