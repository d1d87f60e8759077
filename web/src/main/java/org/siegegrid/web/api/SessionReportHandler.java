package org.siegegrid.web.api;

import org.siegegrid.core.node.ReportFiles;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.report.SiegeSummary;

/**
 * GET /api/v1/sessions/{id}/report: the final report as JSON; {@code ?format=siege} siege's summary
 * as text; {@code ?format=csv} the per-second series as CSV; {@code ?format=html} a self-contained page
 * ({@link org.siegegrid.core.report.ReportHtml}: inline SVG charts, no script, nothing loaded).
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
            // the page the reports dir holds: the same session and report in, the same bytes out
            call.send(200, "text/html; charset=utf-8", ReportFiles.html(ctx.node().session(id).orElse(null), r,
                    ctx.node().events(id, 0)));
        }
    }
}
