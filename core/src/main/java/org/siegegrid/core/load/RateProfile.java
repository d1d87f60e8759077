package org.siegegrid.core.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.siegegrid.core.session.Stage;

/**
 * A piecewise-linear request rate over time since the profile's origin, in seconds: a constant
 * rate (optionally ending), or k6-style stages where each stage ramps linearly from the previous
 * stage's rate (0 before the first) to its own rate over its duration. Pure: closed-form
 * cumulative count {@link #countAt(double)} and its inverse {@link #timeOf(double)}.
 */
public final class RateProfile {
    private final double[] start;     // segment start, s
    private final double[] length;    // segment length, s (may be +inf for the last)
    private final double[] rate0;     // rate at segment start, 1/s
    private final double[] slope;     // rate change per second, 1/s^2
    private final double[] cumStart;  // P(start[i])
    private final double end;         // profile end, s (+inf when open-ended)
    private final double total;       // P(end) (+inf when unbounded)

    private RateProfile(List<double[]> segs) {
        int n = segs.size();
        start = new double[n];
        length = new double[n];
        rate0 = new double[n];
        slope = new double[n];
        cumStart = new double[n];
        double t = 0;
        double cum = 0;
        for (int i = 0; i < n; i++) {
            double[] s = segs.get(i);
            double len = s[0];
            double r0 = s[1];
            double r1 = s[2];
            start[i] = t;
            length[i] = len;
            rate0[i] = r0;
            slope[i] = Double.isInfinite(len) || len == 0 ? 0 : (r1 - r0) / len;
            cumStart[i] = cum;
            cum += segmentCount(r0, r1, len);
            t += len;
        }
        end = t;
        total = cum;
    }

    private static double segmentCount(double r0, double r1, double len) {
        if (Double.isInfinite(len)) {
            return r0 == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (r0 + r1) / 2 * len;
    }

    /** A constant rate forever. */
    public static RateProfile constant(double rps) {
        return constant(rps, null);
    }

    /** A constant rate that ends after {@code duration} (null = never). */
    public static RateProfile constant(double rps, Duration duration) {
        checkRate(rps);
        double len = duration == null ? Double.POSITIVE_INFINITY : seconds(duration);
        List<double[]> segs = new ArrayList<>();
        segs.add(new double[] {len, rps, rps});
        return new RateProfile(segs);
    }

    /** k6-style stages; the profile ends after the last one. */
    public static RateProfile stages(List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no stages");
        }
        List<double[]> segs = new ArrayList<>();
        double prev = 0;
        for (Stage s : stages) {
            checkRate(s.rps());
            double len = seconds(s.duration());
            if (len < 0) {
                throw new IllegalArgumentException("negative stage duration: " + s.duration());
            }
            segs.add(new double[] {len, prev, s.rps()});
            prev = s.rps();
        }
        return new RateProfile(segs);
    }

    private static void checkRate(double rps) {
        if (!(rps >= 0) || Double.isInfinite(rps)) {
            throw new IllegalArgumentException("rate must be finite and >= 0: " + rps);
        }
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** When the profile ends, seconds since origin; +inf when it never ends. */
    public double endSeconds() {
        return end;
    }

    /** The highest rate the profile reaches, 1/s. */
    public double peakRate() {
        double peak = 0;
        for (int i = 0; i < start.length; i++) {
            peak = Math.max(peak, rate0[i]);
            if (!Double.isInfinite(length[i])) {
                peak = Math.max(peak, rate0[i] + slope[i] * length[i]);
            }
        }
        return peak;
    }

    /** Requests in the whole profile (+inf when unbounded). */
    public double totalCount() {
        return total;
    }

    private int segmentAt(double t) {
        int i = start.length - 1;
        while (i > 0 && t < start[i]) {
            i--;
        }
        return i;
    }

    /** The rate at {@code t} seconds since origin; 0 before the origin and after the end. */
    public double rateAt(double t) {
        if (t < 0 || t >= end) {
            return 0;
        }
        int i = segmentAt(t);
        return rate0[i] + slope[i] * (t - start[i]);
    }

    /**
     * The mean rate from {@code from} to {@code to} seconds since origin while the schedule runs: the part
     * after its end is left out (the rate at {@code from} for an instant, 0 from the end on).
     */
    public double meanRate(double from, double to) {
        double b = Math.min(to, end);
        return b - from < 1e-6 ? rateAt(from) : (countAt(b) - countAt(from)) / (b - from);
    }

    /** P(t): requests due by {@code t} seconds since origin (a real number; 0 for t <= 0). */
    public double countAt(double t) {
        if (t <= 0) {
            return 0;
        }
        if (t >= end) {
            return total;
        }
        int i = segmentAt(t);
        double x = t - start[i];
        return cumStart[i] + rate0[i] * x + slope[i] * x * x / 2;
    }

    /**
     * The earliest time at which the cumulative count exceeds {@code count}: inf{t : P(t) > count}.
     * So with a constant rate r, {@code timeOf(n) = n / r}; across a zero-rate segment the answer
     * is where the rate resumes. +inf when the profile never gets there.
     */
    public double timeOf(double count) {
        if (count < 0) {
            return 0;
        }
        if (!(count < total)) {
            return Double.POSITIVE_INFINITY;
        }
        int i = 0;
        int last = start.length - 1;
        while (i < last && !(count < cumStart[i + 1])) {
            i++;
        }
        double c = count - cumStart[i];
        double x = solve(rate0[i], slope[i], c);
        if (x > length[i]) {
            x = length[i];
        }
        return start[i] + x;
    }

    /** Smallest x >= 0 with r0 x + a x^2 / 2 = c, in a form that is stable for a of any sign and r0 = 0. */
    private static double solve(double r0, double a, double c) {
        if (c <= 0) {
            return 0;
        }
        double disc = r0 * r0 + 2 * a * c;
        double denom = r0 + Math.sqrt(Math.max(0, disc));
        if (denom <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 2 * c / denom;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RateProfile[");
        for (int i = 0; i < start.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(length[i]).append("s ").append(rate0[i])
                    .append("->").append(rate0[i] + slope[i] * (Double.isInfinite(length[i]) ? 0 : length[i]));
        }
        return sb.append(']').toString();
    }
}
