package org.siegegrid.core.load.siege;

import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.Histograms;
import org.siegegrid.core.report.IntervalStats;

/**
 * The siege runner's counters and latency recorder, in the same terms as the native engine's: one
 * request issued per line siege prints (it prints a request only once it is over), a response per
 * status line, a failure per socket error. siege measures from its own send, so the corrected and the
 * service histograms get the same value. Written by the output readers, read by anyone; intervals are
 * differences of cumulative snapshots, so they add up to the totals.
 */
final class SiegeRecorder {
    private static final int ISSUED = 0;
    private static final int RESPONSES = 1;
    private static final int SUCCESSES = 2;
    private static final int BYTES = 3;
    private static final int ERRORS = 4;
    private static final int SIZE = ERRORS + ErrorKind.values().length;

    private final AtomicLongArray c = new AtomicLongArray(SIZE);
    private final Recorder latency = Histograms.newRecorder();
    private final Ticker ticker;
    private long[] last = new long[SIZE];
    private long lastNanos;
    private boolean begun;
    private Histogram spare;

    SiegeRecorder(Ticker ticker) {
        this.ticker = ticker;
    }

    synchronized void begin() {
        if (!begun) {
            begun = true;
            lastNanos = ticker.nanoTime();
        }
    }

    void record(SiegeLine line) {
        if (line instanceof SiegeLine.Response r) {
            response(r.status(), r.bytes(), r.micros());
        } else if (line instanceof SiegeLine.Failure f) {
            failure(f.kind());
        }
    }

    void response(int status, long bytes, long micros) {
        latency.recordValue(Math.max(Histograms.LOWEST_US, Math.min(micros, Histograms.HIGHEST_US)));
        c.incrementAndGet(ISSUED);
        c.incrementAndGet(RESPONSES);
        c.addAndGet(BYTES, bytes);
        if (status < 400) {
            c.incrementAndGet(SUCCESSES);
        } else {
            c.incrementAndGet(ERRORS + (status >= 500 ? ErrorKind.HTTP_5XX : ErrorKind.HTTP_4XX).ordinal());
        }
    }

    void failure(ErrorKind kind) {
        c.incrementAndGet(ISSUED);
        c.incrementAndGet(ERRORS + kind.ordinal());
    }

    /** Requests issued so far (responses and failures). */
    long issued() {
        return c.get(ISSUED);
    }

    Counters totals() {
        return counters(snapshot());
    }

    private long[] snapshot() {
        long[] v = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            v[i] = c.get(i);
        }
        return v;
    }

    synchronized IntervalStats take() {
        spare = latency.getIntervalHistogram(spare);
        Histogram corrected = Histograms.newHistogram();
        corrected.add(spare);
        Histogram service = Histograms.newHistogram();
        service.add(spare);
        long now = ticker.nanoTime();
        long[] v = snapshot();
        long[] d = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            d[i] = v[i] - last[i];
        }
        long from = begun ? lastNanos : now;
        last = v;
        lastNanos = now;
        return new IntervalStats(from, now, 0, counters(d), corrected, service);
    }

    private static Counters counters(long[] v) {
        EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k, v[ERRORS + k.ordinal()]);
        }
        return new Counters(v[ISSUED], v[RESPONSES], v[SUCCESSES], 0, v[BYTES], errors);
    }
}
