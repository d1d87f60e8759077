package org.siegegrid.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * Accumulates a run's {@link IntervalStats} into cumulative counters, whole-run corrected and service
 * histograms (microseconds) and a per-second series. Mutable and NOT thread-safe: one owner feeds it
 * (the node's stats publisher), others get {@link #copy()}s.
 *
 * <p>Time: an interval's second is the whole second, since the origin, that holds its midpoint.
 * The origin is the first interval's start unless given ({@link #RunStats(long)}: a node that joins
 * a running session passes the session start on its own ticker, so its seconds line up with the
 * others'). Elapsed time = latest interval end - origin; merged over nodes it is the longest.
 *
 * <p>Merging nodes ({@link #merge}) adds counters and histograms; percentiles are only ever read
 * from merged histograms, never averaged.
 *
 * <p>Warm-up: with {@code warmupSeconds} W, the intervals of seconds before W go into the series only;
 * the totals and the whole-run histograms are the measured window's (from W on). What the warm-up did
 * is read from its seconds ({@link #warmupCounters}, {@link #correctedBefore}).
 */
public final class RunStats {
    private static final long UNSET = Long.MIN_VALUE;

    private long originNanos;
    private long elapsedNanos;
    private Counters totals = Counters.ZERO;
    private final Histogram corrected = Histograms.newHistogram();
    private final Histogram service = Histograms.newHistogram();
    /** The generator's own lateness per request (open model): see {@link IntervalStats#lag}. */
    private final Histogram lag = Histograms.newHistogram();
    private final TreeMap<Long, SecondBucket> seconds = new TreeMap<>();
    /** Seconds from here on may still take intervals; the ones before are sealed. */
    private long openFrom = Long.MIN_VALUE;
    private int intervals;
    /** Seconds before this are the warm-up: in the series, not in the totals (0 = none). */
    private final long warmupSeconds;

    /** Origin = the first interval's start. */
    public RunStats() {
        this(UNSET);
    }

    /** Origin = {@code originNanos} on the ticker the intervals are stamped with. */
    public RunStats(long originNanos) {
        this(originNanos, 0);
    }

    /** ... with the first {@code warmupSeconds} measured apart. */
    public RunStats(long originNanos, long warmupSeconds) {
        this.originNanos = originNanos;
        this.warmupSeconds = Math.max(0, warmupSeconds);
    }

    /** Origin = the first interval's start, the first {@code warmupSeconds} measured apart. */
    public static RunStats withWarmup(long warmupSeconds) {
        return new RunStats(UNSET, warmupSeconds);
    }

    /** Adds an interval without a target rate (closed model). */
    public RunStats add(IntervalStats interval) {
        return add(interval, Double.NaN);
    }

    /**
     * Adds one interval of this node.
     *
     * @param targetRps this runner's target rate during the interval (its share), requests/s; NaN for none
     */
    public RunStats add(IntervalStats interval, double targetRps) {
        if (originNanos == UNSET) {
            originNanos = interval.startNanos();
        }
        elapsedNanos = Math.max(elapsedNanos, interval.endNanos() - originNanos);
        SecondBucket last = seconds.get(openFrom);
        if (interval.tail() && last != null) {
            // sending had ended: late answers count in the last second that sent, not in one of their own
            measure(last.t, interval);
            last.addInterval(0, targetRps, interval.counters(), interval.corrected());
            intervals++;
            return this;
        }
        // the part of the interval in which the runner sent decides its second and its length
        long sendingEnd = interval.sendingEndNanos();
        long mid = interval.startNanos() + (sendingEnd - interval.startNanos()) / 2;
        long t = Math.max(0, Math.floorDiv(mid - originNanos, 1_000_000_000L));
        double dt = (sendingEnd - interval.startNanos()) / 1e9;
        measure(t, interval);
        seconds.computeIfAbsent(t, SecondBucket::new)
                .addInterval(dt, targetRps, interval.counters(), interval.corrected());
        // intervals come in time order: the seconds before this one are complete
        if (t > openFrom) {
            for (SecondBucket b : seconds.subMap(openFrom, true, t, false).values()) {
                b.seal();
            }
            openFrom = t;
        }
        intervals++;
        return this;
    }

    /** The interval's counters and latencies into the whole run's, unless its second is the warm-up's. */
    private void measure(long second, IntervalStats interval) {
        if (second < warmupSeconds) {
            return;
        }
        totals = totals.plus(interval.counters());
        if (interval.corrected() != null) {
            corrected.add(interval.corrected());
        }
        if (interval.service() != null) {
            service.add(interval.service());
        }
        if (interval.lag() != null) {
            lag.add(interval.lag());
        }
    }

    /** What the seconds before {@code second} counted (the warm-up's, when it is the warm-up's length). */
    public Counters countersBefore(long second) {
        Counters c = Counters.ZERO;
        for (SecondBucket b : seconds.headMap(second, false).values()) {
            c = c.plus(b.counters);
        }
        return c;
    }

    /** The corrected latency of the seconds before {@code second}, merged (microseconds; empty if none). */
    public Histogram correctedBefore(long second) {
        Histogram h = Histograms.newHistogram();
        for (SecondBucket b : seconds.headMap(second, false).values()) {
            Histogram s = b.histogram();
            if (s != null) {
                h.add(s);
            }
        }
        return h;
    }

    /** Adds another node's stats of the same run (counters and histograms add; rates add per second). */
    public RunStats merge(RunStats other) {
        mergeOpen(other);
        sealAll();
        return this;
    }

    /** {@link #merge} leaving the seconds open: merging many nodes seals each second once, at the end. */
    private void mergeOpen(RunStats other) {
        totals = totals.plus(other.totals);
        corrected.add(other.corrected);
        service.add(other.service);
        lag.add(other.lag);
        elapsedNanos = Math.max(elapsedNanos, other.elapsedNanos);
        for (Map.Entry<Long, SecondBucket> e : other.seconds.entrySet()) {
            seconds.computeIfAbsent(e.getKey(), SecondBucket::new).addNode(e.getValue());
        }
        intervals += other.intervals;
    }

    /** Merged stats take no more intervals of their own: every second is kept compressed. */
    private void sealAll() {
        for (SecondBucket b : seconds.values()) {
            b.seal();
        }
    }

    /** An independent copy. */
    public RunStats copy() {
        RunStats c = new RunStats(originNanos, warmupSeconds);
        c.merge(this);
        return c;
    }

    /** Merges several nodes' stats into a new object; the inputs are left alone. */
    public static RunStats merged(Iterable<RunStats> nodes) {
        RunStats all = new RunStats();
        for (RunStats s : nodes) {
            all.mergeOpen(s);
        }
        all.sealAll();
        return all;
    }

    public Counters totals() {
        return totals;
    }

    /** Whole-run corrected latency, microseconds. A copy. */
    public Histogram corrected() {
        return corrected.copy();
    }

    /** Whole-run corrected latency without a copy, for the codec. */
    Histogram correctedView() {
        return corrected;
    }

    /** Whole-run service time without a copy, for the codec. */
    Histogram serviceView() {
        return service;
    }

    /** The generator's own lateness per request, whole run, microseconds (empty when not measured). A copy. */
    public Histogram lag() {
        return lag.copy();
    }

    /** The lag histogram without a copy, for the codec. */
    Histogram lagView() {
        return lag;
    }

    /** Seconds before this one are complete (sealed): no interval of this node will land in them. */
    public long sealedBefore() {
        return openFrom;
    }

    /** The per-second buckets themselves, for the codec. */
    TreeMap<Long, SecondBucket> buckets() {
        return seconds;
    }

    /** Sets the whole-run parts of a decoded node's stats (origin already 0). */
    void restore(long elapsed, int intervalCount, Counters total, Histogram correctedUs, Histogram serviceUs,
                 Histogram lagUs) {
        this.elapsedNanos = elapsed;
        this.intervals = intervalCount;
        this.totals = total;
        this.corrected.add(correctedUs);
        this.service.add(serviceUs);
        if (lagUs != null) {
            this.lag.add(lagUs);
        }
    }

    /** Whole-run service time, microseconds. A copy. */
    public Histogram service() {
        return service.copy();
    }

    /** Elapsed time of the run in seconds (longest node). */
    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Number of intervals added (over all merged nodes). */
    public int intervalCount() {
        return intervals;
    }

    /** The per-second series, in time order. Seconds without any interval are absent. */
    public List<SeriesPoint> series() {
        List<SeriesPoint> out = new ArrayList<>(seconds.size());
        for (SecondBucket b : seconds.values()) {
            out.add(b.point());
        }
        return out;
    }

    /** Counters of each second, for checks that the seconds add up to the run. */
    public Map<Long, Counters> countersBySecond() {
        TreeMap<Long, Counters> out = new TreeMap<>();
        seconds.forEach((t, b) -> out.put(t, b.counters));
        return out;
    }

    /** Corrected-latency histogram of one second (a copy), or null if that second has none. */
    public Histogram correctedAt(long second) {
        SecondBucket b = seconds.get(second);
        if (b == null) {
            return null;
        }
        Histogram h = b.histogram();
        return h == null ? Histograms.newHistogram() : h.copy();
    }

    /**
     * Time-weighted mean target rate over the seconds that have one, or NaN (closed model).
     */
    public double meanTargetRps() {
        return meanTargetRps(0);
    }

    /** The same over the seconds from {@code fromSecond} on (the measured window after a warm-up). */
    public double meanTargetRps(long fromSecond) {
        double weighted = 0;
        double time = 0;
        for (SecondBucket b : seconds.tailMap(fromSecond, true).values()) {
            if (!Double.isNaN(b.target) && b.seconds > 0) {
                weighted += b.target * b.seconds;
                time += b.seconds;
            }
        }
        return time == 0 ? Double.NaN : weighted / time;
    }

    /**
     * Sum of all service times in seconds, as mean x count of the service histogram (HdrHistogram's
     * mean uses each bucket's middle value, so this is within 0.1 % of the exact sum).
     */
    public double serviceSeconds() {
        return service.getTotalCount() == 0 ? 0 : service.getMean() * service.getTotalCount() / 1e6;
    }
}
