package org.siegegrid.web.api;

import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.report.SiegeSummary;

/**
 * GET /api/v1/sessions/{id}/report: the final report as JSON; {@code ?format=siege} siege's summary
 * as text; {@code ?format=csv} the per-second series as CSV; {@code ?format=html} a self-contained page.
 * 409 while the session has not ended.
 */
final class SessionReportHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionReportHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        String format = call.query("format");
        if (format != null && !java.util.List.of("json", "siege", "csv", "html").contains(format)) {
            throw ApiError.invalid("format", "must be json, siege, csv or html, got '" + format + "'");
        }
        String id = call.path("id");
        Report r = ctx.node().report(id);
        if (format == null || format.equals("json")) {
            call.json(200, ReportJson.toJsonObject(r));
        } else if (format.equals("siege")) {
            call.send(200, "text/plain; charset=utf-8", SiegeSummary.format(r));
        } else if (format.equals("csv")) {
            call.send(200, "text/csv; charset=utf-8", org.siegegrid.core.report.ReportCsv.series(r));
        } else {
            call.send(200, "text/html; charset=utf-8", html(id, r));
        }
    }

    private static String html(String id, Report r) {
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>SiegeGrid report " + escape(id)
                + "</title><style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}</style>"
                + "</head><body><h1>Session " + escape(id) + "</h1><h2>Summary</h2><pre>"
                + escape(SiegeSummary.format(r)) + "</pre><h2>JSON</h2><pre>" + escape(ReportJson.toJson(r))
                + "</pre></body></html>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
