package org.siegegrid.core.load;

import java.util.function.LongConsumer;

/**
 * The open-model schedule of one sender: request {@code n} (0-based) is due at an absolute time.
 * Pure and single-threaded: it reads no clock and never sleeps; callers pass "now".
 *
 * <p>A virtual count {@code v(t) = anchorCount + fraction * (P(t) - P(anchor))} grows with the
 * profile's cumulative count P; request n is due at the first instant with {@code v(t) > n}. So at a
 * constant rate r, request n is due at {@code anchor + n / r} exactly, without drift. A rate,
 * fraction or profile change re-anchors at "now" keeping v continuous (no catch-up burst, no gap);
 * {@link #resume} goes on with the schedule as it would have been, sending nothing "missed".
 * Zero rate or fraction: nothing is ever due.
 *
 * <p>Lateness: a request whose due time is at most {@code maxLatenessNanos} behind "now" is still
 * sent (and its corrected latency counts from its due time). {@link #dropOverdue} skips every due
 * request once the oldest is later than that, counting them dropped, so a stalled sender never bursts.
 */
public final class Pacer {
    public static final long NEVER = Long.MAX_VALUE;

    private RateProfile profile;
    private final long originNanos;
    private final long maxLatenessNanos;

    private double fraction;
    private double phase;
    private long anchorNanos;
    private double anchorCount;
    private double anchorP;
    private long next;
    private boolean paused;
    private long cachedDue;
    private long cachedFor = -1;

    /**
     * @param originNanos      time 0 of the profile (the session start), on the caller's clock
     * @param maxLatenessNanos how late a request may be sent before it is dropped instead
     */
    public Pacer(RateProfile profile, long originNanos, long maxLatenessNanos) {
        this.profile = profile;
        this.originNanos = originNanos;
        this.maxLatenessNanos = maxLatenessNanos;
        this.anchorNanos = originNanos;
        this.paused = true;
    }

    /**
     * Anchors the schedule at {@code now}: with phase 0 the next request is due now; a phase in
     * [0, 1) delays it by that part of one interval (used to interleave several senders).
     */
    public void start(long now, double newFraction, double phase) {
        checkFraction(newFraction);
        fraction = newFraction;
        this.phase = phase;
        paused = false;
        anchor(now, next - phase);
    }

    /** A new fraction from {@code now} on; the virtual count stays continuous. */
    public void retune(long now, double newFraction) {
        checkFraction(newFraction);
        if (!paused) {
            anchor(now, virtualCount(now));
        }
        fraction = newFraction;
        cachedFor = -1;
    }

    /** A new profile (same origin) from {@code now} on; the virtual count stays continuous. */
    public void setProfile(long now, RateProfile newProfile) {
        double v = paused ? anchorCount : virtualCount(now);
        profile = newProfile;
        if (!paused) {
            anchor(now, v);
        }
        cachedFor = -1;
    }

    /** Nothing is due while paused. */
    public void pause(long now) {
        if (!paused) {
            anchor(now, virtualCount(now));
            paused = true;
        }
    }

    /**
     * Ends a pause: the schedule goes on where it would be had there been no pause. What fell due
     * in the meantime is never sent, and the next request keeps its own slot, never earlier (a
     * resume that sent "now" shifted the whole schedule forward: one request too many per pause at
     * a low rate); senders that were interleaved stay so.
     */
    public void resume(long now) {
        double v = paused ? anchorCount + fraction * (profile.countAt(seconds(Math.max(now, anchorNanos))) - anchorP)
                : virtualCount(now);
        paused = false;
        long first = (long) Math.ceil(v - 1e-9);
        if (first > next) {
            next = first;
        }
        cachedFor = -1;
    }

    private void anchor(long now, double count) {
        anchorNanos = now;
        anchorCount = count;
        anchorP = profile.countAt(seconds(now));
        cachedFor = -1;
    }

    private static void checkFraction(double f) {
        if (!(f >= 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("fraction must be finite and >= 0: " + f);
        }
    }

    private double seconds(long nanos) {
        return (nanos - originNanos) / 1e9;
    }

    /** v(now): how many requests the schedule has made due by {@code now} (a real number). */
    public double virtualCount(long now) {
        if (paused || fraction == 0 || now <= anchorNanos) {
            return anchorCount;
        }
        return anchorCount + fraction * (profile.countAt(seconds(now)) - anchorP);
    }

    /** Index of the next request to send. */
    public long next() {
        return next;
    }

    /** When request {@code n} is due, or {@link #NEVER}. */
    public long dueNanos(long n) {
        if (paused || fraction == 0) {
            return NEVER;
        }
        double need = anchorP + (n - anchorCount) / fraction;
        double t = profile.timeOf(need);
        if (Double.isInfinite(t)) {
            return NEVER;
        }
        double ns = t * 1e9;
        if (originNanos + ns >= 9.0e18) {
            return NEVER;
        }
        return originNanos + Math.round(ns);
    }

    /** Due time of the next request (cached), or {@link #NEVER}. */
    public long nextDue() {
        if (cachedFor != next) {
            cachedDue = dueNanos(next);
            cachedFor = next;
        }
        return cachedDue;
    }

    /** Consumes the next request (it is being sent) and returns its due time. */
    public long advance() {
        long due = nextDue();
        next++;
        return due;
    }

    /**
     * If the next request is later than the lateness bound at {@code now}, skips every request
     * due by {@code now} and re-anchors (phase kept). Returns how many were skipped (dropped).
     */
    public long dropOverdue(long now) {
        return dropOverdue(now, null);
    }

    /**
     * {@link #dropOverdue(long)}, telling {@code dueTimes} (when not null) the due time of every
     * request it skips, oldest first, before the schedule moves on.
     */
    public long dropOverdue(long now, LongConsumer dueTimes) {
        if (!overdue(now)) {
            return 0;
        }
        double v = virtualCount(now);
        long upTo = (long) Math.ceil(v);
        long dropped = Math.max(0, upTo - next);
        dueTimes(next, next + dropped, dueTimes);
        next += dropped;
        anchor(now, v);
        return dropped;
    }

    /** True when the next request is later than the lateness bound at {@code now}: {@link #dropOverdue} would drop. */
    public boolean overdue(long now) {
        long due = nextDue();
        return due != NEVER && now - due > maxLatenessNanos;
    }

    /** Tells {@code sink} the due times of requests {@code from} (inclusive) to {@code to} (exclusive). */
    public void dueTimes(long from, long to, LongConsumer sink) {
        if (sink == null) {
            return;
        }
        for (long n = from; n < to; n++) {
            long d = dueNanos(n);
            if (d == NEVER) {
                return;
            }
            sink.accept(d);
        }
    }

    /** True once the profile has ended by {@code now}. */
    public boolean ended(long now) {
        double end = profile.endSeconds();
        return !Double.isInfinite(end) && seconds(now) >= end;
    }

    public double fraction() {
        return fraction;
    }

    public boolean paused() {
        return paused;
    }

    public long maxLatenessNanos() {
        return maxLatenessNanos;
    }
}
