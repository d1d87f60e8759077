package org.siegegrid.web.api;

/** GET /metrics: Prometheus text exposition. */
final class MetricsHandler implements ApiHandler {
    private final ApiContext ctx;

    MetricsHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        call.send(200, ApiMetrics.CONTENT_TYPE, ctx.metrics().scrape());
    }
}
