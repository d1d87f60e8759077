package org.siegegrid.core.node;

/**
 * Auto capacity: a node starts with no ceiling (its weight is its core count). When it cannot
 * keep up with its share — fewer than {@code keepUpRatio} of the due requests issued for
 * {@code behindSeconds} whole seconds in a row — it reports what it actually achieved as its
 * ceiling, so the allocator moves the rest to nodes that can. After {@code probeSeconds} seconds
 * of keeping up at its ceiling it doubles the ceiling to find out whether it can do more: a truly
 * slow node falls back within {@code behindSeconds}, a node that was only briefly starved (a GC
 * pause, a busy machine) climbs back to its full share in a few probes. A configured cap always
 * bounds the estimate. A second in which the node fell behind because the server held its
 * connections (every one busy: a slow, stalled or silent target) says nothing of the node and is
 * not counted; only lateness with a connection free — the generator's own — is. Pure: fed one
 * observation per second.
 */
public final class CapacityEstimator {
    public static final double KEEP_UP_RATIO = 0.95;
    public static final int BEHIND_SECONDS = 3;
    public static final int PROBE_SECONDS = 5;
    public static final double PROBE_STEP = 2.0;

    private final double configuredCap;
    private double ceiling;
    private int behindRun;
    private int keptUpRun;
    private double achievedSumWhileBehind;

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
        observe(due, issued, true);
    }

    /**
     * One second's observation.
     *
     * @param due            requests the schedule made due in that second
     * @param issued         requests the node actually started in that second
     * @param generatorBound the late requests were held back by the node itself (its loop late with a
     *                       connection free), not by the server keeping every connection busy
     */
    public void observe(long due, long issued, boolean generatorBound) {
        if (due <= 0 || issued < KEEP_UP_RATIO * due && !generatorBound) {
            behindRun = 0;
            achievedSumWhileBehind = 0;
            return;
        }
        if (issued < KEEP_UP_RATIO * due) {
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
