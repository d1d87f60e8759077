package org.siegegrid.web.api;

import org.siegegrid.core.node.SiegeNode;

/** GET /: the admin UI; a placeholder page with the API's links until the UI issue lands. */
final class UiHandler implements ApiHandler {
    private final ApiContext ctx;

    UiHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode n = ctx.nodeOrNull();
        String id = n == null ? "(starting)" : n.nodeId();
        String page = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>SiegeGrid</title>"
                + "<style>body{font-family:sans-serif;margin:2em}</style></head><body>"
                + "<h1>SiegeGrid node " + SessionReportHandler.escape(id) + "</h1>"
                + "<p>The admin UI is not here yet. The REST API is:</p><ul>"
                + link("/api/v1/cluster") + link("/api/v1/nodes") + link("/api/v1/sessions")
                + link("/health") + link("/health/ready") + link("/metrics")
                + "</ul></body></html>\n";
        call.send(200, "text/html; charset=utf-8", page);
    }

    private static String link(String path) {
        return "<li><a href=\"" + path + "\">" + path + "</a></li>";
    }
}
