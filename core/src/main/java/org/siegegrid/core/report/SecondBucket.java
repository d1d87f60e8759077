package org.siegegrid.core.report;

import org.HdrHistogram.Histogram;

/**
 * The stats of one second of a run: its counters, its corrected latency, how much of the second it covered,
 * and the session's target rate in it (time-weighted over a node's intervals; across nodes, which all carry
 * the session's target, the one of the node that covered most of the second). Not thread-safe.
 *
 * <p>The second's corrected-latency histogram is a plain {@link Histogram} only while the second
 * is open (intervals may still land in it) or being merged; once {@link #seal() sealed} it is kept
 * as HdrHistogram's compressed bytes (about 1 KB) with its p99 beside them. A long run therefore
 * holds, encodes and ships a few KB per second, and encoding a node's stats copies the sealed
 * seconds' bytes instead of re-encoding every second each time.
 */
final class SecondBucket {
    private static final byte[] NONE = new byte[0];

    final long t;
    double seconds;
    double target;
    Counters counters = Counters.ZERO;
    /** Open or merging: the histogram itself; null when sealed. */
    private Histogram live;
    /** Sealed: the compressed histogram (empty = no latency recorded) and its p99 in ms (NaN if none). */
    private byte[] sealed = NONE;
    private double sealedP99Ms = Double.NaN;

    SecondBucket(long t) {
        this.t = t;
    }

    /** One more interval of the same node. */
    void addInterval(double dt, double targetRps, Counters c, Histogram correctedUs) {
        counters = counters.plus(c);
        if (correctedUs != null && correctedUs.getTotalCount() > 0) {
            open().add(correctedUs);
        }
        if (dt <= 0) {
            return;   // the tail after sending ended (answers only) or an instant: no time of its own
        }
        double total = seconds + dt;
        target = seconds == 0 ? targetRps : (target * seconds + targetRps * dt) / total;
        seconds = total;
    }

    /** The same second seen by another node: rates add. */
    void addNode(SecondBucket o) {
        counters = counters.plus(o.counters);
        if (o.hasLatency()) {
            if (!hasLatency() && o.live == null) {
                live = null;
                sealed = o.sealed;            // immutable bytes: shared, not copied
                sealedP99Ms = o.sealedP99Ms;
            } else {
                open().add(o.histogram());
            }
        }
        if (o.seconds > seconds) {
            target = o.target;   // every node carries the session's target: the one that saw most of the second
        }
        seconds = Math.max(seconds, o.seconds);
    }

    /** No more intervals will land here: keep the histogram as compressed bytes. */
    void seal() {
        if (live == null) {
            return;
        }
        if (live.getTotalCount() == 0) {
            sealed = NONE;
            sealedP99Ms = Double.NaN;
        } else {
            sealed = Histograms.encode(live);
            sealedP99Ms = p99Ms(live);
        }
        live = null;
    }

    /** Restores a sealed second from the codec. */
    void restore(byte[] encoded, double p99Ms) {
        live = null;
        sealed = encoded.length == 0 ? NONE : encoded;
        sealedP99Ms = encoded.length == 0 ? Double.NaN : p99Ms;
    }

    boolean hasLatency() {
        return live != null ? live.getTotalCount() > 0 : sealed.length > 0;
    }

    /** The compressed histogram (empty: none); an open second is encoded on the spot and stays open. */
    byte[] encoded() {
        if (live == null) {
            return sealed;
        }
        return live.getTotalCount() == 0 ? NONE : Histograms.encode(live);
    }

    /** The corrected latency of this second in ms at p99, NaN if none. */
    double p99Ms() {
        return live != null ? p99Ms(live) : sealedP99Ms;
    }

    /** The histogram (a fresh one when sealed, so a copy only then), or null if none. */
    Histogram histogram() {
        if (live != null) {
            return live.getTotalCount() == 0 ? null : live;
        }
        return sealed.length == 0 ? null : Histograms.decode(sealed);
    }

    private Histogram open() {
        if (live == null) {
            live = sealed.length == 0 ? Histograms.newGrowing() : Histograms.decodeGrowing(sealed);
            sealed = NONE;
            sealedP99Ms = Double.NaN;
        }
        return live;
    }

    private static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0;
    }

    SecondBucket copy() {
        SecondBucket b = new SecondBucket(t);
        b.addNode(this);
        b.seal();
        return b;
    }

    SeriesPoint point() {
        long errors = 0;
        for (long n : counters.errors().values()) {
            errors += n;
        }
        // over the time the run really covered (an interval longer than a second lands whole in one): rates
        // times seconds are the counts, so the series adds up to the totals
        return new SeriesPoint(t, target, seconds == 0 ? 0 : counters.responses() / seconds,
                seconds == 0 ? 0 : counters.issued() / seconds, p99Ms(), errors, seconds);
    }
}
