package org.siegegrid.web.api;

/** GET /api/v1/cluster. */
final class ClusterHandler implements ApiHandler {
    private final ApiContext ctx;

    ClusterHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        call.json(200, ClusterView.of(ctx.node().cluster()));
    }
}
