package org.siegegrid.cluster;

import java.util.List;

/**
 * A least-squares line through points {@code (t, y)}: how fast a figure (a heap, a thread count) grows. Pure.
 *
 * @param slope     growth of y per unit of t
 * @param intercept y at t = 0
 * @param n         points fitted
 */
record Trend(double slope, double intercept, int n) {

    /** The line through {@code points}, each {@code {t, y}}; a flat line at the mean with fewer than two times. */
    static Trend fit(List<double[]> points) {
        int n = points.size();
        if (n == 0) {
            return new Trend(0, 0, 0);
        }
        double st = 0;
        double sy = 0;
        for (double[] p : points) {
            st += p[0];
            sy += p[1];
        }
        double mt = st / n;
        double my = sy / n;
        double stt = 0;
        double sty = 0;
        for (double[] p : points) {
            stt += (p[0] - mt) * (p[0] - mt);
            sty += (p[0] - mt) * (p[1] - my);
        }
        double slope = stt == 0 ? 0 : sty / stt;
        return new Trend(slope, my - slope * mt, n);
    }

    /** The line's value at {@code t}. */
    double at(double t) {
        return intercept + slope * t;
    }
}
