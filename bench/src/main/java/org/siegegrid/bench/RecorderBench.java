package org.siegegrid.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.siegegrid.core.report.Histograms;

/**
 * Latency recording as the engine does it for every response ({@link Histograms#toMicros} then
 * {@code recordValue}), and the interval swap it does once per stats tick per histogram
 * ({@code SliceStats.addIntervalTo}: {@code into.add(recorder.getIntervalHistogram())}).
 * Histograms are SiegeGrid's: 1 us .. 1 h, 3 digits (a 23,552-slot counts array).
 * Recorded latencies cycle through 4,096 log-uniform values from 100 us to 2 s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RecorderBench {
    private static final int MASK = 4095;

    private final long[] latencyNanos = new long[MASK + 1];
    private int i;

    private Recorder recorder;
    private SingleWriterRecorder single;
    private SingleWriterRecorder swapped;
    private Histogram recycled;
    private Histogram into;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        double lo = Math.log(100_000);
        double hi = Math.log(2_000_000_000);
        for (int k = 0; k <= MASK; k++) {
            latencyNanos[k] = (long) Math.exp(lo + random.nextDouble() * (hi - lo));
        }
        recorder = Histograms.newRecorder();
        single = new SingleWriterRecorder(Histograms.LOWEST_US, Histograms.HIGHEST_US, Histograms.DIGITS);
        swapped = new SingleWriterRecorder(Histograms.LOWEST_US, Histograms.HIGHEST_US, Histograms.DIGITS);
        into = Histograms.newHistogram();
        recycled = swapped.getIntervalHistogram();
    }

    /** {@code Histograms.newRecorder()}: the multi-writer {@link Recorder} (atomic counts). */
    @Benchmark
    public void recordRecorder() {
        recorder.recordValue(Histograms.toMicros(latencyNanos[i++ & MASK]));
    }

    /** The {@link SingleWriterRecorder} the engine's {@code SliceStats} actually records into. */
    @Benchmark
    public void recordSingleWriter() {
        single.recordValue(Histograms.toMicros(latencyNanos[i++ & MASK]));
    }

    /** One value recorded, then the interval taken the way {@code SliceStats} does today: a new histogram each time. */
    @Benchmark
    public long intervalSwapFresh() {
        swapped.recordValue(Histograms.toMicros(latencyNanos[i++ & MASK]));
        into.add(swapped.getIntervalHistogram());
        return into.getTotalCount();
    }

    /** The same with the previous interval histogram handed back for reuse. */
    @Benchmark
    public long intervalSwapRecycled() {
        swapped.recordValue(Histograms.toMicros(latencyNanos[i++ & MASK]));
        recycled = swapped.getIntervalHistogram(recycled);
        into.add(recycled);
        return into.getTotalCount();
    }
}
