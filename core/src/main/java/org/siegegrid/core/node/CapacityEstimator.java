package org.siegegrid.core.node;

/**
 * Auto capacity: a node starts with no ceiling (its weight is its core count). When it cannot
 * keep up with its share — fewer than {@code keepUpRatio} of the due requests issued for
 * {@code behindSeconds} whole seconds in a row — it reports what it actually achieved as its
 * ceiling, so the allocator moves the rest to nodes that can. After {@code probeSeconds} seconds
 * of keeping up at its ceiling it doubles the ceiling to find out whether it can do more: a truly
 * slow node falls back within {@code behindSeconds}, a node that was only briefly starved (a GC
 * pause, a busy machine) climbs back to its full share in a few probes. A configured cap always
 * bounds the estimate. A second in which the node fell behind because the server slowed down —
 * every connection busy and the server answering far slower than while the node kept up, or not
 * at all (a stalled or silent target) — says nothing of the node and is not counted; a node that
 * is behind because its own loop is late, or because its connections are too few for its share at
 * the server's usual speed, is. Pure: fed one observation per second.
 */
public final class CapacityEstimator {
    public static final double KEEP_UP_RATIO = 0.95;
    public static final int BEHIND_SECONDS = 3;
    public static final int PROBE_SECONDS = 5;
    public static final double PROBE_STEP = 2.0;
    /** The server counts as slowed down when its median answer takes this many times its usual one. */
    public static final double SLOWED_FACTOR = 4.0;

    private final double configuredCap;
    private double ceiling;
    private int behindRun;
    private int keptUpRun;
    private double achievedSumWhileBehind;
    /** The server's median answer (ms) in seconds the node kept up, smoothed; 0 until one. */
    private double usualServiceMillis;

    /** @param configuredCap the operator's cap in rps; 0 for none */
    public CapacityEstimator(double configuredCap) {
        if (!(configuredCap >= 0) || Double.isInfinite(configuredCap)) {
            throw new IllegalArgumentException("cap must be finite and >= 0: " + configuredCap);
        }
        this.configuredCap = configuredCap;
    }

    /**
     * One second's observation.
     *
     * @param due      requests the schedule made due in that second (the share the node was asked for)
     * @param issued   requests the node actually started in that second
     */
    public void observe(long due, long issued) {
        observe(due, issued, true, Double.NaN);
    }

    /**
     * One second's observation.
     *
     * @param due            requests the schedule made due in that second
     * @param issued         requests the node actually started in that second
     * @param generatorBound the late requests were held back by the node itself (its loop late with a
     *                       connection free), not by the server keeping every connection busy
     * @param serviceMillis  the median time the server took to answer in that second; NaN without an answer
     */
    public void observe(long due, long issued, boolean generatorBound, double serviceMillis) {
        boolean behind = issued < KEEP_UP_RATIO * due;
        boolean serverSlowed = behind && !generatorBound && (Double.isNaN(serviceMillis)
                || usualServiceMillis > 0 && serviceMillis > SLOWED_FACTOR * usualServiceMillis);
        if (due <= 0 || serverSlowed) {
            behindRun = 0;
            achievedSumWhileBehind = 0;
            return;
        }
        if (!behind && !Double.isNaN(serviceMillis)) {
            usualServiceMillis = usualServiceMillis == 0 ? serviceMillis : 0.8 * usualServiceMillis + 0.2 * serviceMillis;
        }
        if (behind) {
            keptUpRun = 0;
            behindRun++;
            achievedSumWhileBehind += issued;
            if (behindRun >= BEHIND_SECONDS) {
                double measured = achievedSumWhileBehind / behindRun;
                ceiling = Math.max(1, measured);
                behindRun = 0;
                achievedSumWhileBehind = 0;
            }
        } else {
            behindRun = 0;
            achievedSumWhileBehind = 0;
            if (ceiling > 0 && due >= KEEP_UP_RATIO * ceiling) {
                if (++keptUpRun >= PROBE_SECONDS) {
                    ceiling *= PROBE_STEP;
                    keptUpRun = 0;
                }
            } else {
                keptUpRun = 0;
            }
        }
    }

    /** The cap to report to the allocator in rps: 0 means none. */
    public double cap() {
        if (ceiling > 0 && configuredCap > 0) {
            return Math.min(ceiling, configuredCap);
        }
        return ceiling > 0 ? ceiling : configuredCap;
    }

    /** True when the node has measured a ceiling below what it was asked for. */
    public boolean limited() {
        return ceiling > 0;
    }
}
