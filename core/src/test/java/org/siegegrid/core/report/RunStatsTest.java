package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunStatsTest {

    /** Random intervals of about a second, with jitter, as a node's publisher would take them. */
    private static List<IntervalStats> run(long seed, int count, double startS) {
        Random rnd = new Random(seed);
        List<IntervalStats> out = new ArrayList<>();
        double t = startS;
        for (int i = 0; i < count; i++) {
            double dt = 0.8 + rnd.nextDouble() * 0.4;
            int n = rnd.nextInt(200);
            Histogram corrected = Histograms.newHistogram();
            Histogram service = Histograms.newHistogram();
            Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
            long responses = 0;
            long successes = 0;
            long bytes = 0;
            for (int k = 0; k < n; k++) {
                int roll = rnd.nextInt(100);
                if (roll < 3) {
                    errors.merge(ErrorKind.values()[rnd.nextInt(6)], 1L, Long::sum);
                    continue;
                }
                responses++;
                if (roll < 5) {
                    errors.merge(ErrorKind.HTTP_5XX, 1L, Long::sum);
                } else if (roll < 8) {
                    errors.merge(ErrorKind.HTTP_4XX, 1L, Long::sum);
                } else {
                    successes++;
                }
                bytes += rnd.nextInt(5000);
                long s = 100 + (long) (rnd.nextDouble() * rnd.nextDouble() * 2_000_000);
                service.recordValue(s);
                corrected.recordValue(s + rnd.nextInt(50_000));
            }
            Counters c = new Counters(n, responses, successes, rnd.nextInt(3), bytes, errors);
            out.add(new IntervalStats(nanos(t), nanos(t + dt), n, c, corrected, service));
            t += dt;
        }
        return out;
    }

    private static long nanos(double s) {
        return Math.round(s * 1e9);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void intervalsAddUpToTheWholeRun(long seed) {
        List<IntervalStats> intervals = run(seed, 120, 1000.0);
        RunStats s = new RunStats();
        Counters sum = Counters.ZERO;
        Histogram all = Histograms.newHistogram();
        for (IntervalStats i : intervals) {
            s.add(i, 100);
            sum = sum.plus(i.counters());
            all.add(i.corrected());
        }
        assertThat(s.totals()).isEqualTo(sum);
        assertThat(s.corrected()).isEqualTo(all);
        Counters bySecond = s.countersBySecond().values().stream().reduce(Counters.ZERO, Counters::plus);
        assertThat(bySecond).isEqualTo(sum);
        long histogramSamples = 0;
        for (long t : s.countersBySecond().keySet()) {
            histogramSamples += s.correctedAt(t).getTotalCount();
        }
        assertThat(histogramSamples).isEqualTo(all.getTotalCount());
        long seriesErrors = s.series().stream().mapToLong(SeriesPoint::errors).sum();
        assertThat(seriesErrors).isEqualTo(sum.errors().values().stream().mapToLong(Long::longValue).sum());
        double last = (intervals.get(intervals.size() - 1).endNanos() - intervals.get(0).startNanos()) / 1e9;
        assertThat(s.elapsedSeconds()).isEqualTo(last, within(1e-9));
        assertThat(s.intervalCount()).isEqualTo(120);
        // seconds are strictly increasing and each holds at least one interval
        List<Long> ts = s.series().stream().map(SeriesPoint::t).toList();
        assertThat(ts).isSorted().doesNotHaveDuplicates();
        System.out.printf("seed %d: %d intervals -> %d seconds over %.2f s, %d requests%n",
                seed, intervals.size(), ts.size(), s.elapsedSeconds(), sum.issued());
    }

    @Test
    void mergingNodesIsTheSameWhateverTheOrderAndLeavesInputsAlone() {
        List<RunStats> nodes = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            RunStats s = new RunStats();
            run(100 + n, 30, n * 77.0).forEach(i -> s.add(i, 25));
            nodes.add(s);
        }
        Counters before = nodes.get(0).totals();
        RunStats ab = RunStats.merged(nodes);
        RunStats ba = RunStats.merged(List.of(nodes.get(3), nodes.get(1), nodes.get(2), nodes.get(0)));
        assertThat(ab.totals()).isEqualTo(ba.totals());
        assertThat(ab.corrected()).isEqualTo(ba.corrected());
        assertThat(ab.service()).isEqualTo(ba.service());
        assertThat(ab.series()).hasSameSizeAs(ba.series());
        for (int i = 0; i < ab.series().size(); i++) {
            SeriesPoint x = ab.series().get(i);
            SeriesPoint y = ba.series().get(i);
            assertThat(x.t()).isEqualTo(y.t());
            assertThat(x.p99()).isEqualTo(y.p99());
            assertThat(x.errors()).isEqualTo(y.errors());
            assertThat(x.achieved()).isCloseTo(y.achieved(), within(1e-9));
            assertThat(x.target()).isCloseTo(y.target(), within(1e-9));
            // each node carries the session's target, 25 rps: so does every second, however many nodes ran in it
            assertThat(x.target()).isCloseTo(25.0, within(1e-9));
        }
        assertThat(nodes.get(0).totals()).isEqualTo(before);
        assertThat(ab.totals()).isEqualTo(nodes.stream().map(RunStats::totals).reduce(Counters.ZERO, Counters::plus));
        assertThat(ab.elapsedSeconds()).isEqualTo(nodes.stream().mapToDouble(RunStats::elapsedSeconds).max().orElseThrow());
    }

    @Test
    void perSecondP99ComesFromMergedHistograms() {
        RunStats a = new RunStats();
        RunStats b = new RunStats();
        // both nodes carry the session's target, 100, whatever their shares (99 and 1)
        a.add(Intervals.of(0, 1, Intervals.counters(99, 99, 99, 0, Map.of()), fill(99, 1_000)), 100);
        b.add(Intervals.of(0, 1, Intervals.counters(1, 1, 1, 0, Map.of()), fill(1, 900_000)), 100);
        SeriesPoint p = RunStats.merged(List.of(a, b)).series().get(0);
        // 100 samples: 99 at 1 ms, one at 900 ms -> p99 is 1 ms (the 99th sample). Averaging nodes' p99 gives 450.5.
        assertThat(p.p99()).isCloseTo(1.0, within(0.001));
        assertThat(p.achieved()).isEqualTo(100.0);
        assertThat(p.target()).isEqualTo(100.0);
    }

    @Test
    void intervalsInTheSameSecondAreTimeWeightedAndALateJoinerLinesUp() {
        RunStats s = new RunStats(0);
        // a node joining 5 s into the session: origin 0 on its ticker is the session start
        s.add(Intervals.of(5.0, 5.25, Intervals.counters(25, 25, 25, 0, Map.of()), fill(25, 2_000)), 100);
        s.add(Intervals.of(5.25, 5.5, Intervals.counters(75, 75, 75, 0, Map.of()), fill(75, 2_000)), 300);
        s.add(Intervals.of(5.5, 7.0, Intervals.counters(150, 150, 150, 0, Map.of()), fill(150, 2_000)), 100);
        List<SeriesPoint> series = s.series();
        assertThat(series).extracting(SeriesPoint::t).containsExactly(5L, 6L);
        // second 5 holds two quarter-second intervals: target (100 x .25 + 300 x .25) / .5, achieved 100 / .5
        assertThat(series.get(0).target()).isEqualTo(200.0);
        assertThat(series.get(0).achieved()).isEqualTo(200.0);
        // the 1.5 s interval's midpoint (6.25 s) falls in second 6
        assertThat(series.get(1).achieved()).isEqualTo(100.0);
        assertThat(s.elapsedSeconds()).isEqualTo(7.0);
        assertThat(s.meanTargetRps()).isCloseTo((200 * 0.5 + 100 * 1.5) / 2.0, within(1e-9));
    }

    @Test
    void copyIsIndependent() {
        RunStats s = new RunStats();
        s.add(Intervals.of(0, 1, Intervals.counters(1, 1, 1, 10, Map.of()), 5_000));
        RunStats c = s.copy();
        s.add(Intervals.of(1, 2, Intervals.counters(1, 1, 1, 10, Map.of()), 5_000));
        assertThat(c.totals().issued()).isEqualTo(1);
        assertThat(c.corrected().getTotalCount()).isEqualTo(1);
        assertThat(c.series()).hasSize(1);
        assertThat(s.series()).hasSize(2);
        assertThat(c.elapsedSeconds()).isEqualTo(1.0);
    }

    private static long[] fill(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void theTailAfterSendingEndedIsNoSecondOfItsOwnAndTheLastSecondsRateIsOverItsRealLength() {
        RunStats s = new RunStats(0);
        long second = 1_000_000_000L;
        // 3 whole seconds at 100 rps, then a stop at 3.4 s inside the interval [3, 4): 40 sent in 0.4 s
        for (int i = 0; i < 3; i++) {
            s.add(new IntervalStats(i * second, (i + 1) * second, 100, Intervals.counters(100, 100, 100, 0, Map.of()),
                    Intervals.us(1_000), Intervals.us(1_000), 0, 0, null, Long.MAX_VALUE), 100);
        }
        s.add(new IntervalStats(3 * second, 4 * second, 40, Intervals.counters(40, 38, 38, 0, Map.of()),
                Intervals.us(1_000), Intervals.us(1_000), 0, 0, null, 3 * second + 400_000_000L), 100);
        // then only answers: the last 2, one of them a timeout, in [4, 5.2)
        s.add(new IntervalStats(4 * second, 5_200_000_000L, 0,
                Intervals.counters(0, 1, 1, 0, Map.of(ErrorKind.TIMEOUT, 1L)), Intervals.us(2_000_000),
                Intervals.us(2_000_000), 0, 0, null, 3 * second + 400_000_000L), 0);

        List<SeriesPoint> series = s.series();
        assertThat(series).extracting(SeriesPoint::t).containsExactly(0L, 1L, 2L, 3L);
        SeriesPoint last = series.get(3);
        assertThat(last.seconds()).isCloseTo(0.4, within(1e-9));
        assertThat(last.partial()).isTrue();
        assertThat(last.sent()).as("40 in 0.4 s, not 40/s").isCloseTo(100.0, within(1e-6));
        assertThat(last.achieved()).as("38 answers, and the tail's 1, in 0.4 s").isCloseTo(97.5, within(1e-6));
        assertThat(last.errors()).as("the tail's timeout is in the last second that sent").isEqualTo(1);
        assertThat(series.subList(0, 3)).allSatisfy(p -> assertThat(p.partial()).isFalse());
        // the series adds up to the run
        assertThat(series.stream().mapToDouble(SeriesPoint::issued).sum()).isCloseTo(340.0, within(1e-6));
        assertThat(series.stream().mapToDouble(SeriesPoint::responses).sum()).isCloseTo(s.totals().responses(),
                within(1e-6)).isCloseTo(339.0, within(1e-6));
        assertThat(s.countersBySecond().values().stream().mapToLong(c -> c.completed()).sum())
                .isEqualTo(s.totals().completed()).isEqualTo(340);
        assertThat(s.elapsedSeconds()).as("the run waited for its answers").isEqualTo(5.2);
    }
}
