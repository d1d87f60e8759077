package org.siegegrid.cluster;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The sink's count of each whole second since its first request, against the session's target: the
 * figures the fault scenarios print. Pure: no clock, no I/O. Second {@code i} covers
 * {@code [i, i+1)} seconds after the first request, which is (within milliseconds) the session's start.
 *
 * @param counts requests received in each whole second, only the seconds the schedule fills
 * @param target the session's rate, requests/s
 */
record Series(long[] counts, double target) {

    /**
     * The first {@code seconds} of the sink's series (the seconds after them are the end's stragglers); seconds
     * the sink has not listed (nothing arrived after them) are 0.
     */
    static Series of(List<Long> perSecond, double target, int seconds) {
        long[] c = new long[seconds];
        for (int i = 0; i < Math.min(seconds, perSecond.size()); i++) {
            c[i] = perSecond.get(i);
        }
        return new Series(c, target);
    }

    int length() {
        return counts.length;
    }

    /** Second {@code i} off the target, in percent. */
    double offPct(int i) {
        return 100.0 * (counts[i] - target) / target;
    }

    /** Seconds in {@code [from, to)} above the target by more than {@code pct} percent. */
    int secondsAbove(double pct, int from, int to) {
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, counts.length); i++) {
            if (offPct(i) > pct) {
                n++;
            }
        }
        return n;
    }

    /** Seconds in {@code [from, to)} more than {@code pct} percent off the target either way. */
    int secondsOutside(double pct, int from, int to) {
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, counts.length); i++) {
            if (Math.abs(offPct(i)) > pct) {
                n++;
            }
        }
        return n;
    }

    /** The highest second of {@code [from, to)} off the target, percent (negative when every one is below). */
    double worstOverPct(int from, int to) {
        double w = Double.NEGATIVE_INFINITY;
        for (int i = Math.max(0, from); i < Math.min(to, counts.length); i++) {
            w = Math.max(w, offPct(i));
        }
        return w;
    }

    /** The lowest second of {@code [from, to)} off the target, percent. */
    double worstUnderPct(int from, int to) {
        double w = Double.POSITIVE_INFINITY;
        for (int i = Math.max(0, from); i < Math.min(to, counts.length); i++) {
            w = Math.min(w, offPct(i));
        }
        return w;
    }

    /**
     * For every second of {@code [from, to)} above the target by more than 1 %: that second with the one before
     * it, or with the two before it when both fell short (a lateness that lasted), off that many times the
     * target, percent, whichever is smaller; the worst of them (negative infinity when no second is above). A
     * runner sends late what it owes, never more than the lateness bound (1 s) late, so a second that makes up
     * for a stall lands right after it and the run is on target (a fresh JVM's stall of two seconds, 740 then
     * 841 of 900, was made up by 1,119 in the third); a share sent twice is above it.
     */
    double worstOverWithCatchUpPct(int from, int to) {
        double w = Double.NEGATIVE_INFINITY;
        for (int k = Math.max(1, from); k < Math.min(to, counts.length); k++) {
            if (offPct(k) > 1) {
                double pair = offOf(k - 1, k);
                w = Math.max(w, k >= 2 && counts[k - 1] < target && counts[k - 2] < target
                        ? Math.min(pair, offOf(k - 2, k)) : pair);
            }
        }
        return w;
    }

    /**
     * The mirror of {@link #worstOverWithCatchUpPct}: for every second of {@code [from, to)} below the target by
     * more than 1 %, that second with the one after it, or with the two after it when the next one fell short
     * too and the third made up for them, off that many times the target, percent, whichever is larger; the worst (lowest) of them (positive
     * infinity when no second is below). Requests that land late (a receiver that handled them late, a sender
     * that sent them late) leave the run on target; requests never sent do not.
     */
    double worstUnderWithCatchUpPct(int from, int to) {
        double w = Double.POSITIVE_INFINITY;
        for (int k = Math.max(0, from); k < Math.min(to, counts.length - 1); k++) {
            if (offPct(k) < -1) {
                double pair = offOf(k, k + 1);
                boolean madeUpLater = k + 2 < counts.length && counts[k + 1] < target && counts[k + 2] > target;
                w = Math.min(w, madeUpLater ? Math.max(pair, offOf(k, k + 2)) : pair);
            }
        }
        return w;
    }

    /** Seconds {@code first..last} (inclusive) together, off that many times the target, percent. */
    private double offOf(int first, int last) {
        long sum = 0;
        for (int i = first; i <= last; i++) {
            sum += counts[i];
        }
        int n = last - first + 1;
        return 100.0 * (sum - n * target) / (n * target);
    }

    /** Requests short of the target over {@code [from, to)} (negative: more than the target). */
    long missing(int from, int to) {
        long m = 0;
        for (int i = Math.max(0, from); i < Math.min(to, counts.length); i++) {
            m += Math.round(target) - counts[i];
        }
        return m;
    }

    /**
     * Seconds from an event at {@code eventSec} (fractional, on the series' clock) to the start of the first
     * whole second at or after the event's own second that opens {@code hold} seconds in a row within
     * {@code pct} percent of the target, looking no further than {@code to}; empty if there is none.
     * 0 or less: the rate never left the band (the event's own second already was in it).
     */
    OptionalDouble restoreSeconds(double eventSec, double pct, int hold, int to) {
        int end = Math.min(to, counts.length);
        for (int i = (int) Math.floor(eventSec); i + hold <= end; i++) {
            boolean ok = true;
            for (int j = i; j < i + hold && ok; j++) {
                ok = Math.abs(offPct(j)) <= pct;
            }
            if (ok) {
                return OptionalDouble.of(Math.max(0, i - eventSec));
            }
        }
        return OptionalDouble.empty();
    }

    /** {@code "s8=1200(+0.0%) s9=800(-33.3%) ..."} for {@code [from, to)}. */
    String window(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, from); i < Math.min(to, counts.length); i++) {
            sb.append(String.format(Locale.ROOT, "s%d=%d(%+.1f%%) ", i, counts[i], offPct(i)));
        }
        return sb.toString().trim();
    }
}
