package org.siegegrid.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of per-second values as inline SVG (no script, no external resource): axes, ticks and
 * labels, one polyline a series, the warm-up and partial seconds shaded. Long series are downsampled to at
 * most {@link #MAX_POINTS} points a line by keeping each bucket's min and max, so spikes stay visible.
 * Pure: values in, markup out.
 */
final class SvgChart {
    /** Points a polyline keeps at most. */
    static final int MAX_POINTS = 1000;
    /** Partial seconds shaded at most (they are the first and last, or a few more). */
    private static final int MAX_MARKS = 100;
    private static final int W = 900;
    private static final int H = 240;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
    private static final int BOTTOM = 34;

    /** One line: its name in the legend, its colour, and a value per x (NaN = no value there). */
    record Line(String name, String color, double[] y) {
    }

    private SvgChart() {
    }

    /**
     * @param xs      the x of each value, seconds since the start
     * @param xMax    the end of the x axis, seconds
     * @param partial the x of each partial second (shaded)
     * @param warmup  the warm-up's end, seconds (0 = none)
     */
    static String chart(String title, String unit, double[] xs, double xMax, List<Line> lines, List<Double> partial,
                        double warmup) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<figure class=\"chart\"><figcaption>").append(Html.escape(title)).append("</figcaption>\n");
        b.append("<svg viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" width=\"").append(W)
                .append("\" height=\"").append(H).append("\" role=\"img\" aria-label=\"").append(Html.escape(title))
                .append("\">\n");
        double yMaxData = 0;
        for (Line l : lines) {
            for (double v : l.y()) {
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    yMaxData = Math.max(yMaxData, v);
                }
            }
        }
        double yStep = step(yMaxData);
        double yMax = Math.max(yStep, Math.ceil(yMaxData / yStep) * yStep);
        double xEnd = Math.max(1, xMax);
        double xStep = Math.max(1, step(xEnd));
        Scale sc = new Scale(xEnd, yMax);
        if (warmup > 0) {
            double x1 = sc.x(Math.min(warmup, xEnd));
            b.append("<rect class=\"warmup\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(f(x1 - LEFT)).append("\" height=\"").append(H - TOP - BOTTOM)
                    .append("\" fill=\"#f0a030\" fill-opacity=\"0.12\"><title>warm-up</title></rect>")
                    .append("<text x=\"").append(LEFT + 4).append("\" y=\"").append(TOP + 12)
                    .append("\" font-size=\"11\" fill=\"#a06010\">warm-up</text>\n");
        }
        int marks = 0;
        for (double x : partial) {
            if (marks++ >= MAX_MARKS) {
                break;
            }
            double x0 = sc.x(Math.floor(x));
            double x1 = sc.x(Math.min(xEnd, Math.floor(x) + 1));
            b.append("<rect class=\"partial\" x=\"").append(f(x0)).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(f(Math.max(1, x1 - x0))).append("\" height=\"").append(H - TOP - BOTTOM)
                    .append("\" fill=\"#888\" fill-opacity=\"0.18\"><title>partial second ").append((long) Math.floor(x))
                    .append(": rates over the part the run covered</title></rect>\n");
        }
        axes(b, sc, xEnd, xStep, yMax, yStep, unit);
        boolean any = false;
        for (Line l : lines) {
            List<Integer> keep = keep(l.y(), MAX_POINTS);
            if (keep.isEmpty()) {
                continue;
            }
            any = true;
            b.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(l.color())
                    .append("\" stroke-width=\"1.5\" stroke-linejoin=\"round\" points=\"");
            for (int i : keep) {
                b.append(f(sc.x(xs[i]))).append(',').append(f(sc.y(l.y()[i]))).append(' ');
            }
            b.setLength(b.length() - 1);
            b.append("\"><title>").append(Html.escape(l.name())).append("</title></polyline>\n");
        }
        if (!any) {
            b.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#888\">no data</text>\n");
        }
        b.append("</svg>\n<div class=\"legend\">");
        for (Line l : lines) {
            b.append("<span><i style=\"background:").append(l.color()).append("\"></i>").append(Html.escape(l.name()))
                    .append("</span>");
        }
        if (!partial.isEmpty()) {
            b.append("<span><i style=\"background:#ccc\"></i>partial second</span>");
        }
        b.append("</div></figure>\n");
        return b.toString();
    }

    private static void axes(StringBuilder b, Scale sc, double xEnd, double xStep, double yMax, double yStep, String unit) {
        int x0 = LEFT;
        int y0 = H - BOTTOM;
        b.append("<g class=\"axes\" stroke=\"#444\" stroke-width=\"1\" font-size=\"11\" fill=\"#333\">\n");
        b.append("<line x1=\"").append(x0).append("\" y1=\"").append(TOP).append("\" x2=\"").append(x0)
                .append("\" y2=\"").append(y0).append("\"/><line x1=\"").append(x0).append("\" y1=\"").append(y0)
                .append("\" x2=\"").append(W - RIGHT).append("\" y2=\"").append(y0).append("\"/>\n");
        for (int k = 0; k * yStep <= yMax + yStep / 1e6; k++) {
            double v = k * yStep;
            double y = sc.y(v);
            b.append("<line x1=\"").append(x0 - 4).append("\" y1=\"").append(f(y)).append("\" x2=\"").append(W - RIGHT)
                    .append("\" y2=\"").append(f(y)).append("\" stroke=\"#ddd\"/>")
                    .append("<text x=\"").append(x0 - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" stroke=\"none\">").append(label(v)).append("</text>\n");
        }
        for (int k = 0; k * xStep <= xEnd + 1e-9; k++) {
            double v = k * xStep;
            double x = sc.x(v);
            b.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(y0).append("\" x2=\"").append(f(x))
                    .append("\" y2=\"").append(y0 + 4).append("\"/>")
                    .append("<text x=\"").append(f(x)).append("\" y=\"").append(y0 + 16)
                    .append("\" text-anchor=\"middle\" stroke=\"none\">").append(seconds((long) v)).append("</text>\n");
        }
        b.append("<text x=\"").append(W - RIGHT).append("\" y=\"").append(H - 4)
                .append("\" text-anchor=\"end\" stroke=\"none\">time since start</text>")
                .append("<text x=\"4\" y=\"").append(TOP + 4).append("\" stroke=\"none\">")
                .append(Html.escape(unit)).append("</text>\n</g>\n");
    }

    /**
     * The indexes of the values a polyline keeps (NaN and infinities never): every one when there are at
     * most {@code max}; else, in buckets of consecutive values, each bucket's minimum and maximum in order.
     */
    static List<Integer> keep(double[] y, int max) {
        List<Integer> valid = new ArrayList<>(y.length);
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i]) && !Double.isInfinite(y[i])) {
                valid.add(i);
            }
        }
        if (valid.size() <= max) {
            return valid;
        }
        int buckets = Math.max(1, max / 2);
        int size = (valid.size() + buckets - 1) / buckets;
        List<Integer> out = new ArrayList<>(max);
        for (int start = 0; start < valid.size(); start += size) {
            int lo = valid.get(start);
            int hi = lo;
            for (int k = start; k < Math.min(valid.size(), start + size); k++) {
                int i = valid.get(k);
                if (y[i] < y[lo]) {
                    lo = i;
                }
                if (y[i] > y[hi]) {
                    hi = i;
                }
            }
            out.add(Math.min(lo, hi));
            if (lo != hi) {
                out.add(Math.max(lo, hi));
            }
        }
        return out;
    }

    /** A round tick step (1, 2 or 5 times a power of ten) giving about five ticks up to {@code max}. */
    static double step(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double raw = max / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String seconds(long s) {
        return s < 120 ? s + "s" : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private record Scale(double xMax, double yMax) {
        double x(double v) {
            return LEFT + v / xMax * (W - LEFT - RIGHT);
        }

        double y(double v) {
            return H - BOTTOM - v / yMax * (H - TOP - BOTTOM);
        }
    }
}
