package org.siegegrid.core.load;

import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.Histograms;

/**
 * Cumulative counters and interval latency recorders of one slice. Written only by the slice's
 * loop thread (release stores, no atomic read-modify-write); read by any thread.
 */
final class SliceStats {
    static final int ISSUED = 0;
    static final int RESPONSES = 1;
    static final int SUCCESSES = 2;
    static final int DROPPED = 3;
    static final int BYTES = 4;
    static final int DUE = 5;
    /** Nanoseconds requests were late with a connection free: the generator's own lateness. */
    static final int LAG_NANOS = 6;
    /** Nanoseconds requests were late waiting for a free connection: the server's doing. */
    static final int WAIT_NANOS = 7;
    static final int ERRORS = 8;
    static final int SIZE = ERRORS + ErrorKind.values().length;

    private final AtomicLongArray c = new AtomicLongArray(SIZE);
    private final SingleWriterRecorder corrected = recorder();
    private final SingleWriterRecorder service = recorder();
    /** Per request, how late the loop sent it with a connection free (microseconds, 0 when on time). */
    private final SingleWriterRecorder lag = recorder();
    private Histogram correctedSpare;
    private Histogram serviceSpare;
    private Histogram lagSpare;

    private static SingleWriterRecorder recorder() {
        return new SingleWriterRecorder(Histograms.LOWEST_US, Histograms.HIGHEST_US, Histograms.DIGITS);
    }

    private void add(int i, long d) {
        c.setRelease(i, c.getPlain(i) + d);
    }

    void issued() {
        add(ISSUED, 1);
    }

    void due(long n) {
        add(DUE, n);
    }

    void dropped(long n) {
        add(DROPPED, n);
    }

    /**
     * The corrected latency of one dropped request (counted by {@link #dropped}): as late as it got,
     * never less than {@code floorNanos} (it was skipped as part of a backlog that old, and had it been
     * sent its answer would have come later still).
     */
    void droppedLatency(long lateNanos, long floorNanos) {
        corrected.recordValue(Histograms.toMicros(Math.max(lateNanos, floorNanos)));
    }

    /** How late one request went out: {@code lagNanos} with a connection free, {@code waitNanos} waiting for one. */
    void late(long lagNanos, long waitNanos) {
        add(LAG_NANOS, lagNanos);
        add(WAIT_NANOS, waitNanos);
        lag.recordValue(Math.min(Math.max(0, lagNanos) / 1_000, Histograms.HIGHEST_US));
    }

    void response(int status, long bodyBytes, long correctedNanos, long serviceNanos) {
        corrected.recordValue(Histograms.toMicros(correctedNanos));
        service.recordValue(Histograms.toMicros(serviceNanos));
        add(RESPONSES, 1);
        add(BYTES, bodyBytes);
        if (status < 400) {
            add(SUCCESSES, 1);
        } else {
            add(ERRORS + (status >= 500 ? ErrorKind.HTTP_5XX : ErrorKind.HTTP_4XX).ordinal(), 1);
        }
    }

    void failure(ErrorKind kind) {
        add(ERRORS + kind.ordinal(), 1);
    }

    /** Adds this slice's cumulative counters into {@code into}. */
    void addTo(long[] into) {
        for (int i = 0; i < SIZE; i++) {
            into[i] += c.getAcquire(i);
        }
    }

    /** Adds the interval since the last call; the swapped-out histograms are recycled (no allocation). */
    synchronized void addIntervalTo(Histogram correctedInto, Histogram serviceInto, Histogram lagInto) {
        correctedSpare = corrected.getIntervalHistogram(correctedSpare);
        correctedInto.add(correctedSpare);
        serviceSpare = service.getIntervalHistogram(serviceSpare);
        serviceInto.add(serviceSpare);
        lagSpare = lag.getIntervalHistogram(lagSpare);
        lagInto.add(lagSpare);
    }

    static Counters counters(long[] v) {
        EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k, v[ERRORS + k.ordinal()]);
        }
        return new Counters(v[ISSUED], v[RESPONSES], v[SUCCESSES], v[DROPPED], v[BYTES], errors);
    }
}
