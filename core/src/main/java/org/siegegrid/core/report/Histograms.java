package org.siegegrid.core.report;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The one place that fixes how latency histograms are made and shipped. All latency
 * histograms in SiegeGrid record MICROSECONDS, from 1 us to 1 hour, 3 significant digits.
 */
public final class Histograms {
    public static final long LOWEST_US = 1;
    public static final long HIGHEST_US = 3_600_000_000L;
    public static final int DIGITS = 3;

    private Histograms() {
    }

    public static Histogram newHistogram() {
        return new Histogram(LOWEST_US, HIGHEST_US, DIGITS);
    }

    /**
     * The same buckets (so the same percentiles), sized to what it holds and growing as needed: a second's
     * histogram of answers within a few ms is a few KB in memory instead of the whole hour's 350 KB, and so is
     * every copy decoded from it when a report merges thousands of seconds from many nodes.
     */
    public static Histogram newGrowing() {
        Histogram h = new Histogram(LOWEST_US, 2, DIGITS);
        h.setAutoResize(true);
        return h;
    }

    /** {@link #decode}, the result growing as values beyond its range are added to it. */
    public static Histogram decodeGrowing(byte[] bytes) {
        Histogram h = decode(bytes);
        h.setAutoResize(true);
        return h;
    }

    public static Recorder newRecorder() {
        return new Recorder(LOWEST_US, HIGHEST_US, DIGITS);
    }

    /** Clamp a measured duration in nanoseconds into the histogram's range, in microseconds. */
    public static long toMicros(long nanos) {
        long us = nanos / 1_000;
        if (us < LOWEST_US) {
            return LOWEST_US;
        }
        return Math.min(us, HIGHEST_US);
    }

    /** Compressed bytes, for the cluster's stats map and for files. */
    public static byte[] encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] out = new byte[n];
        buf.flip();
        buf.get(out);
        return out;
    }

    public static Histogram decode(byte[] bytes) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), LOWEST_US);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt histogram bytes", e);
        }
    }
}
