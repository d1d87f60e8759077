package org.siegegrid.core.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page that opens offline: inline CSS, charts as inline SVG drawn
 * here ({@link SvgChart}), no script and no external resource. The summary (siege's fields and SiegeGrid's
 * rates), percentiles, target vs achieved rate, corrected p99 and errors per second, each node's part,
 * errors by kind, thresholds, the warm-up and the session's events. Every string that came from a user is
 * escaped. Pure: values in, markup out.
 */
public final class ReportHtml {
    private static final String[] COLORS = {"#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#8c564b",
            "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
    /** Targets listed at most (a URL file may hold thousands). */
    static final int MAX_TARGETS = 20;
    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;max-width:960px}"
            + "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}"
            + "table{border-collapse:collapse;margin:.4em 0}td,th{padding:2px 10px;border-bottom:1px solid #eee;"
            + "text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
            + ".ok{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}.muted{color:#777}"
            + "figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}svg{max-width:100%;height:auto}"
            + ".legend span{margin-right:1.2em;font-size:.9em}.legend i{display:inline-block;width:.9em;height:.9em;"
            + "margin-right:.3em;vertical-align:middle}code{background:#f4f4f4;padding:0 3px}";

    /** What the page says about the session beyond the report: all optional (null or empty). */
    public record Meta(String id, String name, List<String> targets) {
        public static final Meta NONE = new Meta(null, null, List.of());

        public Meta {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    private ReportHtml() {
    }

    public static String page(Report r, Meta meta, List<ReportEvent> events) {
        meta = meta == null ? Meta.NONE : meta;
        events = events == null ? List.of() : events;
        String title = "SiegeGrid report" + (blank(meta.name()) ? "" : " — " + meta.name())
                + (blank(meta.id()) ? "" : " (" + meta.id() + ")");
        StringBuilder b = new StringBuilder(32_768);
        b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(Html.escape(title)).append("</title><style>").append(CSS)
                .append("</style></head>\n<body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        header(b, r, meta);
        summary(b, r);
        percentiles(b, r);
        ReportCharts.all(b, r);
        nodes(b, r);
        errors(b, r);
        thresholds(b, r);
        warmup(b, r);
        events(b, events);
        b.append("<p class=\"muted\">Self-contained: no script, nothing loaded from anywhere.</p>\n</body></html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, Report r, Meta meta) {
        b.append("<p>").append(r.ended() ? "Final report" : "Live report (the run is not over)");
        if (!blank(meta.id())) {
            b.append(" of session <code>").append(Html.escape(meta.id())).append("</code>");
        }
        b.append(r.targetRps() == null ? ", closed model (users)" : ", open model (a target rate)").append(".</p>\n");
        if (!meta.targets().isEmpty()) {
            b.append("<p>Targets:</p><ul>");
            meta.targets().stream().limit(MAX_TARGETS).forEach(t -> b.append("<li><code>")
                    .append(Html.escape(withoutCredentials(t))).append("</code></li>"));
            if (meta.targets().size() > MAX_TARGETS) {
                b.append("<li class=\"muted\">and ").append(meta.targets().size() - MAX_TARGETS).append(" more</li>");
            }
            b.append("</ul>\n");
        }
    }

    /** A URL's {@code user:password@} is not printed. */
    static String withoutCredentials(String target) {
        return target.replaceAll("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1<redacted>@");
    }

    private static void summary(StringBuilder b, Report r) {
        b.append("<h2>Summary</h2>\n<table class=\"summary\">");
        row(b, "Transactions", count(r.transactions()) + " hits");
        row(b, "Availability", num(r.availability()) + " %");
        row(b, "Elapsed time", num(r.elapsedTime()) + " secs");
        row(b, "Data transferred", num(r.dataTransferred()) + " MB");
        row(b, "Response time", num(r.responseTime()) + " secs");
        row(b, "Transaction rate", num(r.transactionRate()) + " trans/sec");
        row(b, "Throughput", num(r.throughput()) + " MB/sec");
        row(b, "Concurrency", num(r.concurrency()));
        row(b, "Successful transactions", count(r.successfulTransactions()));
        row(b, "Failed transactions", count(r.failedTransactions()));
        row(b, "Longest transaction", num(r.longestTransaction()));
        row(b, "Shortest transaction", num(r.shortestTransaction()));
        row(b, "Target rate", r.targetRps() == null ? "— (closed model)" : num(r.targetRps()) + " req/sec");
        row(b, "Achieved rate", num(r.achievedRps()) + " req/sec");
        row(b, "Requests issued", count(r.totals().issued()));
        row(b, "Dropped (too late)", count(r.totals().dropped()));
        row(b, r.ended() ? "Unfinished" : "In flight", count(r.totals().unfinished()));
        if (r.unreportedMax() > 0) {
            row(b, "Unreported (lost)", count(r.unreported()) + " to " + count(r.unreportedMax()));
        }
        b.append("</table>\n");
        for (Report.Node n : r.laggingNodes()) {
            b.append("<p class=\"fail\">Node ").append(Html.escape(n.id())).append(" itself fell behind (generator lag p99 ")
                    .append(num(n.lagP99Ms())).append(" ms): its latency is partly its own.</p>\n");
        }
    }

    private static void percentiles(StringBuilder b, Report r) {
        b.append("<h2>Latency (ms)</h2>\n<table class=\"percentiles\"><tr><th></th>");
        for (String h : List.of("p50", "p90", "p95", "p99", "p99.9", "max", "mean", "samples")) {
            b.append("<th class=\"n\">").append(h).append("</th>");
        }
        b.append("</tr>");
        latency(b, "corrected", r.corrected());
        latency(b, "service", r.service());
        if (r.generatorLag() != null && r.generatorLag().count() > 0) {
            latency(b, "generator lag", r.generatorLag());
        }
        b.append("</table>\n<p class=\"muted\">Corrected: from the time each request was due (includes waiting for a"
                + " connection); service: from the time it was sent.</p>\n");
    }

    private static void latency(StringBuilder b, String name, Report.Latency l) {
        l = l == null ? Report.Latency.EMPTY : l;
        b.append("<tr><th>").append(name).append("</th>");
        for (double v : new double[]{l.p50(), l.p90(), l.p95(), l.p99(), l.p999(), l.max(), l.mean()}) {
            b.append("<td class=\"n\">").append(l.count() == 0 ? "—" : num(v)).append("</td>");
        }
        b.append("<td class=\"n\">").append(count(l.count())).append("</td></tr>");
    }

    private static void nodes(StringBuilder b, Report r) {
        b.append("<h2>Nodes</h2>\n");
        if (r.nodes().isEmpty()) {
            b.append("<p class=\"muted\">No node reported.</p>\n");
            return;
        }
        b.append("<svg class=\"shares\" viewBox=\"0 0 900 24\" width=\"900\" height=\"24\" role=\"img\" aria-label=\"share of requests by node\">");
        double x = 0;
        for (int i = 0; i < r.nodes().size(); i++) {
            Report.Node n = r.nodes().get(i);
            double w = n.share() * 900;
            if (w > 0) {
                b.append("<rect x=\"").append(f1(x)).append("\" y=\"0\" width=\"").append(f1(w))
                        .append("\" height=\"24\" fill=\"").append(color(i)).append("\"><title>").append(Html.escape(n.id()))
                        .append(": ").append(num(n.share() * 100)).append(" %</title></rect>");
            }
            x += w;
        }
        b.append("</svg>\n<table class=\"nodes\"><tr><th></th><th>node</th><th class=\"n\">requests</th>"
                + "<th class=\"n\">share</th><th class=\"n\">unreported</th><th class=\"n\">lag p99 (ms)</th></tr>");
        for (int i = 0; i < r.nodes().size(); i++) {
            Report.Node n = r.nodes().get(i);
            b.append("<tr><td><i style=\"display:inline-block;width:.9em;height:.9em;background:").append(color(i))
                    .append("\"></i></td><td>").append(Html.escape(n.id())).append("</td><td class=\"n\">")
                    .append(count(n.requests())).append("</td><td class=\"n\">").append(num(n.share() * 100))
                    .append(" %</td><td class=\"n\">").append(n.unreportedMax() == 0 ? "0"
                            : count(n.unreported()) + " to " + count(n.unreportedMax()))
                    .append("</td><td class=\"n\">").append(num(n.lagP99Ms())).append("</td></tr>");
        }
        b.append("</table>\n");
    }

    private static void errors(StringBuilder b, Report r) {
        b.append("<h2>Errors by kind</h2>\n");
        long all = r.errors().values().stream().mapToLong(Long::longValue).sum() + r.neverAnswered();
        if (all == 0) {
            b.append("<p class=\"muted\">No errors.</p>\n");
        }
        b.append("<table class=\"errors\"><tr><th>kind</th><th class=\"n\">requests</th><th class=\"n\">% of issued</th></tr>");
        long issued = r.totals().issued();
        Map<String, Long> rows = new java.util.LinkedHashMap<>(r.errors());
        rows.put("dropped (never sent)", r.totals().dropped());
        if (r.ended()) {
            rows.put("unfinished", r.totals().unfinished());
        }
        rows.forEach((kind, n) -> b.append("<tr><td>").append(Html.escape(kind)).append("</td><td class=\"n\">")
                .append(count(n)).append("</td><td class=\"n\">").append(issued == 0 ? "—" : num(100.0 * n / issued))
                .append("</td></tr>"));
        b.append("</table>\n");
    }

    private static void thresholds(StringBuilder b, Report r) {
        b.append("<h2>Thresholds</h2>\n");
        if (r.thresholds().isEmpty()) {
            b.append("<p class=\"muted\">None set.</p>\n");
            return;
        }
        b.append("<p>").append(r.thresholdsOk() ? "<span class=\"ok\">All passed.</span>"
                : "<span class=\"fail\">At least one failed.</span>").append("</p>\n");
        b.append("<table class=\"thresholds\"><tr><th>threshold</th><th>verdict</th><th class=\"n\">measured</th></tr>");
        for (ThresholdResult t : r.thresholds()) {
            b.append("<tr><td><code>").append(Html.escape(t.expr())).append("</code></td><td class=\"")
                    .append(t.ok() ? "ok\">ok" : "fail\">FAILED").append("</td><td class=\"n\">")
                    .append(Double.isNaN(t.value()) ? "nothing measured" : Html.escape(Threshold.measured(t.expr(), t.value())))
                    .append("</td></tr>");
        }
        b.append("</table>\n");
    }

    private static void warmup(StringBuilder b, Report r) {
        Report.Warmup w = r.warmup();
        if (w == null) {
            return;
        }
        b.append("<h2>Warm-up</h2>\n<p>The first ").append(w.seconds()).append(" s, measured apart from every figure"
                + " above (its seconds are in the charts, shaded).</p><table class=\"warmup\">");
        row(b, "Requests issued", count(w.totals().issued()));
        row(b, "Responses", count(w.totals().responses()));
        row(b, "Achieved rate", num(w.achievedRps()) + " req/sec");
        row(b, "Corrected p50 / p99 / max", w.corrected().count() == 0 ? "—"
                : num(w.corrected().p50()) + " / " + num(w.corrected().p99()) + " / " + num(w.corrected().max()) + " ms");
        b.append("</table>\n");
    }

    private static void events(StringBuilder b, List<ReportEvent> events) {
        b.append("<h2>Events</h2>\n");
        if (events.isEmpty()) {
            b.append("<p class=\"muted\">None recorded.</p>\n");
            return;
        }
        List<ReportEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingLong(ReportEvent::at));
        b.append("<table class=\"events\"><tr><th>time (UTC)</th><th>event</th><th>node</th><th>detail</th></tr>");
        for (ReportEvent e : sorted) {
            b.append("<tr><td>").append(Instant.ofEpochMilli(e.at())).append("</td><td>").append(Html.escape(e.kind()))
                    .append("</td><td>").append(Html.escape(e.node())).append("</td><td>").append(Html.escape(e.detail()))
                    .append("</td></tr>");
        }
        b.append("</table>\n");
    }

    static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append("<tr><th>").append(Html.escape(label)).append("</th><td class=\"n\">").append(Html.escape(value))
                .append("</td></tr>");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%,.2f", v);
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
