package org.siegegrid.core.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * A node's {@link RunStats} as bytes, for the cluster's {@code stats} map: counters, the two
 * whole-run histograms (compressed) and every second's bucket, so that merged cluster-wide series
 * and percentiles come from merged histograms. Decoded stats have origin 0 (seconds are already
 * relative to the session start).
 */
public final class RunStatsCodec {
    /** 2: each second carries its p99 and its histogram's compressed bytes as they are. */
    private static final int FORMAT_2 = 2;
    /** 4: as 2, plus the whole run's generator-lag histogram after the service one. */
    private static final int FORMAT = 4;
    /** A block of seconds only (see {@link #encodeSeconds}). */
    private static final int BLOCK_FORMAT = 3;

    private RunStatsCodec() {
    }

    public static byte[] encode(RunStats s) {
        return encode(s, Long.MIN_VALUE);
    }

    /**
     * The whole-run part and only the seconds from {@code fromSecond} on: a node that has put its
     * earlier seconds into {@link #encodeSeconds blocks} publishes this much every second.
     */
    public static byte[] encode(RunStats s, long fromSecond) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(s.elapsedNanos());
            out.writeInt(s.intervalCount());
            writeCounters(out, s.totals());
            writeHistogram(out, s.correctedView());
            writeHistogram(out, s.serviceView());
            writeHistogram(out, s.lagView());
            writeSeconds(out, s.buckets().tailMap(fromSecond, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The seconds in [{@code from}, {@code to}) alone: one immutable block of a node's series. */
    public static byte[] encodeSeconds(RunStats s, long from, long to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(BLOCK_FORMAT);
            writeSeconds(out, s.buckets().subMap(from, true, to, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Adds the seconds of a block made by {@link #encodeSeconds} to decoded stats. */
    public static void addSeconds(RunStats into, byte[] block) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(block))) {
            int format = in.readByte();
            if (format != BLOCK_FORMAT) {
                throw new IllegalArgumentException("unknown series block format " + format);
            }
            readSeconds(in, into);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt series block", e);
        }
    }

    private static void writeSeconds(DataOutputStream out, Map<Long, SecondBucket> seconds) throws IOException {
        out.writeInt(seconds.size());
        for (SecondBucket b : seconds.values()) {
            out.writeLong(b.t);
            out.writeDouble(b.seconds);
            out.writeDouble(b.target);
            out.writeDouble(0);   // the second's achieved rate until 2026-12: computed from its counters now
            writeCounters(out, b.counters);
            out.writeDouble(b.p99Ms());
            byte[] h = b.encoded();
            out.writeInt(h.length);
            out.write(h);
        }
    }

    private static void readSeconds(DataInputStream in, RunStats s) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            SecondBucket b = new SecondBucket(in.readLong());
            b.seconds = in.readDouble();
            b.target = in.readDouble();
            in.readDouble();
            b.counters = readCounters(in);
            double p99 = in.readDouble();
            b.restore(readBytes(in), p99);
            SecondBucket had = s.buckets().putIfAbsent(b.t, b);
            if (had != null) {
                had.addNode(b); // a block and the tail never overlap, but a second is never lost
                had.seal();
            }
        }
    }

    public static RunStats decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != FORMAT && format != FORMAT_2) {
                throw new IllegalArgumentException("unknown stats format " + format);
            }
            long elapsed = in.readLong();
            int intervals = in.readInt();
            Counters totals = readCounters(in);
            Histogram corrected = readHistogram(in);
            Histogram service = readHistogram(in);
            Histogram lag = format == FORMAT ? readHistogram(in) : null;
            RunStats s = new RunStats(0);
            s.restore(elapsed, intervals, totals, corrected, service, lag);
            readSeconds(in, s);
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt stats bytes", e);
        }
    }

    private static void writeCounters(DataOutputStream out, Counters c) throws IOException {
        out.writeLong(c.issued());
        out.writeLong(c.responses());
        out.writeLong(c.successes());
        out.writeLong(c.dropped());
        out.writeLong(c.bytes());
        out.writeByte(c.errors().size());
        for (Map.Entry<ErrorKind, Long> e : c.errors().entrySet()) {
            out.writeByte(e.getKey().ordinal());
            out.writeLong(e.getValue());
        }
    }

    private static Counters readCounters(DataInputStream in) throws IOException {
        long issued = in.readLong();
        long responses = in.readLong();
        long successes = in.readLong();
        long dropped = in.readLong();
        long bytes = in.readLong();
        int n = in.readByte();
        EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        ErrorKind[] kinds = ErrorKind.values();
        for (int i = 0; i < n; i++) {
            int k = in.readByte();
            if (k < 0 || k >= kinds.length) {
                throw new IOException("unknown error kind " + k);
            }
            errors.put(kinds[k], in.readLong());
        }
        return new Counters(issued, responses, successes, dropped, bytes, errors);
    }

    private static void writeHistogram(DataOutputStream out, Histogram h) throws IOException {
        byte[] b = Histograms.encode(h);
        out.writeInt(b.length);
        out.write(b);
    }

    private static Histogram readHistogram(DataInputStream in) throws IOException {
        return Histograms.decode(readBytes(in));
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 64 << 20) {
            throw new IOException("bad histogram length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
