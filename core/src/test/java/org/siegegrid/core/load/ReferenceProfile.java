package org.siegegrid.core.load;

import java.util.List;

import org.siegegrid.core.session.Stage;

/**
 * The exact-by-brute-force reference for {@link RateProfile} (k6 keeps one in its tests): the rate
 * by linear interpolation, the count by stepping the trapezoid rule in tiny steps.
 */
final class ReferenceProfile {
    private final double[] ends;
    private final double[] rates;

    ReferenceProfile(List<Stage> stages) {
        ends = new double[stages.size()];
        rates = new double[stages.size()];
        double t = 0;
        for (int i = 0; i < stages.size(); i++) {
            t += RateProfile.seconds(stages.get(i).duration());
            ends[i] = t;
            rates[i] = stages.get(i).rps();
        }
    }

    double rate(double t) {
        double prevEnd = 0;
        double prevRate = 0;
        for (int i = 0; i < ends.length; i++) {
            if (t < ends[i]) {
                double len = ends[i] - prevEnd;
                return prevRate + (rates[i] - prevRate) * (t - prevEnd) / len;
            }
            prevEnd = ends[i];
            prevRate = rates[i];
        }
        return 0;
    }

    /** P(t) by stepping dt. */
    double count(double t, double dt) {
        double sum = 0;
        for (double x = 0; x < t; x += dt) {
            double h = Math.min(dt, t - x);
            sum += (rate(x) + rate(x + h)) / 2 * h;
        }
        return sum;
    }

    /** Times at which the running count first exceeds 0, 1, 2, ... up to max entries. */
    double[] dueTimes(int max, double dt) {
        double[] out = new double[max];
        int n = 0;
        double sum = 0;
        double end = ends[ends.length - 1];
        for (double x = 0; x < end && n < max; x += dt) {
            double r0 = rate(x);
            double r1 = rate(Math.min(end, x + dt));
            double next = sum + (r0 + r1) / 2 * dt;
            while (n < max && next > n) {
                // linear interpolation inside the step is accurate to O(dt^2)
                double frac = (n - sum) / (next - sum);
                out[n++] = x + Math.max(0, frac) * dt;
            }
            sum = next;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
