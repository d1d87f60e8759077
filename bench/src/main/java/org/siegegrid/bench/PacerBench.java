package org.siegegrid.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.siegegrid.core.load.Pacer;
import org.siegegrid.core.load.RateProfile;
import org.siegegrid.core.session.Stage;

/**
 * The open-model send loop's per-request pacing: {@code nextDue()} (computes and caches the due
 * time of the next request) then {@code advance()} (consumes it), as {@code OpenSlice} does for
 * every request it sends. One op = one request scheduled.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PacerBench {
    private static final long ORIGIN = 1_000_000_000L;
    private static final long MAX_LATENESS = Duration.ofSeconds(1).toNanos();
    /** This node's share of the session rate, as a two-node cluster would give it. */
    private static final double FRACTION = 0.5;

    /** Ramp 0 -> 2000 rps in 60 s, hold 60 s, down to 0 in 60 s: 240,000 requests, 120,000 for this node. */
    private static final RateProfile RAMP = RateProfile.stages(List.of(
            new Stage(Duration.ofSeconds(60), 2000),
            new Stage(Duration.ofSeconds(60), 2000),
            new Stage(Duration.ofSeconds(60), 0)));

    private Pacer constant;
    private Pacer ramp;

    @Setup(Level.Trial)
    public void setUp() {
        constant = started(RateProfile.constant(10_000));
        ramp = started(RAMP);
        long due = ramp.nextDue();
        if (due == Pacer.NEVER || constant.nextDue() != ORIGIN) {
            throw new IllegalStateException("pacer fixture does not schedule anything");
        }
    }

    private static Pacer started(RateProfile profile) {
        Pacer p = new Pacer(profile, ORIGIN, MAX_LATENESS);
        p.start(ORIGIN, FRACTION, 0);
        return p;
    }

    /** Constant 10,000 rps forever: request n is due at origin + n / 5000 s. */
    @Benchmark
    public long constantRate() {
        long due = constant.nextDue();
        return due + constant.advance();
    }

    /**
     * The three-stage ramp, swept end to end (all segments are visited, so the segment search and
     * the square root of the ramp's inverse are both in); a fresh pacer once the profile is spent,
     * which costs one small allocation per 120,000 ops.
     */
    @Benchmark
    public long rampStages() {
        long due = ramp.nextDue();
        if (due == Pacer.NEVER) {
            ramp = started(RAMP);
            due = ramp.nextDue();
        }
        return due + ramp.advance();
    }
}
