package org.siegegrid.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.siegegrid.core.load.RateProfile;
import org.siegegrid.core.session.Stage;

/**
 * The closed-form schedule: {@code timeOf(count)} (when request n is due, what the pacer asks for
 * every request) and {@code countAt(t)} (what it asks when it re-anchors or counts due requests).
 * Arguments cycle through 1,024 random points of the profile so nothing folds to a constant.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RateProfileBench {
    private static final int MASK = 1023;

    /** constant: 1000 rps for an hour; stages3: up, hold, down; stages20: 20 ramps (the segment search is linear). */
    @Param({"constant", "stages3", "stages20"})
    public String shape;

    private RateProfile profile;
    private final double[] counts = new double[MASK + 1];
    private final double[] times = new double[MASK + 1];
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        profile = switch (shape) {
            case "constant" -> RateProfile.constant(1000, Duration.ofHours(1));
            case "stages3" -> RateProfile.stages(List.of(new Stage(Duration.ofSeconds(60), 2000),
                    new Stage(Duration.ofSeconds(60), 2000), new Stage(Duration.ofSeconds(60), 0)));
            case "stages20" -> twentyStages();
            default -> throw new IllegalArgumentException(shape);
        };
        SplittableRandom random = new SplittableRandom(42);
        for (int k = 0; k <= MASK; k++) {
            counts[k] = random.nextDouble(profile.totalCount());
            times[k] = random.nextDouble(profile.endSeconds());
        }
        if (!(profile.timeOf(counts[0]) < profile.endSeconds())) {
            throw new IllegalStateException("timeOf fixture falls outside the profile");
        }
    }

    private static RateProfile twentyStages() {
        List<Stage> stages = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            stages.add(new Stage(Duration.ofSeconds(30), k % 2 == 0 ? 3000 : 1000));
        }
        return RateProfile.stages(stages);
    }

    @Benchmark
    public double timeOf() {
        return profile.timeOf(counts[i++ & MASK]);
    }

    @Benchmark
    public double countAt() {
        return profile.countAt(times[i++ & MASK]);
    }
}
