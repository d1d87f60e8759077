package org.siegegrid.core.report;

import java.util.ArrayList;
import java.util.List;

/** The report page's three per-second charts, from the report's series ({@link SvgChart}). */
final class ReportCharts {
    private ReportCharts() {
    }

    static void all(StringBuilder b, Report r) {
        List<SeriesPoint> s = r.series();
        int n = s.size();
        double[] xs = new double[n];
        double[] target = new double[n];
        double[] achieved = new double[n];
        double[] sent = new double[n];
        double[] p99 = new double[n];
        double[] errors = new double[n];
        List<Double> partial = new ArrayList<>();
        double xMax = 0;
        for (int i = 0; i < n; i++) {
            SeriesPoint p = s.get(i);
            xs[i] = p.t() + 0.5;
            target[i] = p.target();
            achieved[i] = p.achieved();
            sent[i] = p.sent();
            p99[i] = p.p99();
            errors[i] = p.errors();
            xMax = Math.max(xMax, p.t() + 1);
            if (p.partial()) {
                partial.add((double) p.t());
            }
        }
        double warmup = r.warmup() == null ? 0 : r.warmup().seconds();
        b.append("<h2>Per second</h2>\n");
        if (n == 0) {
            b.append("<p class=\"muted\">No seconds recorded.</p>\n");
        }
        List<SvgChart.Line> rates = new ArrayList<>();
        if (r.targetRps() != null) {
            rates.add(new SvgChart.Line("target", "#7f7f7f", target));
        }
        rates.add(new SvgChart.Line("achieved (responses)", "#1f77b4", achieved));
        rates.add(new SvgChart.Line("sent", "#2ca02c", sent));
        b.append(SvgChart.chart("Target vs achieved rate", "req/s", xs, xMax, rates, partial, warmup));
        b.append(SvgChart.chart("Corrected latency p99", "ms", xs, xMax,
                List.of(new SvgChart.Line("corrected p99", "#ff7f0e", p99)), partial, warmup));
        b.append(SvgChart.chart("Errors per second", "errors", xs, xMax,
                List.of(new SvgChart.Line("errors (every kind)", "#d62728", errors)), partial, warmup));
        if (!partial.isEmpty()) {
            b.append("<p class=\"muted\">Shaded grey: a second the run covered only part of; its rates are over the"
                    + " part it covered.</p>\n");
        }
    }
}
